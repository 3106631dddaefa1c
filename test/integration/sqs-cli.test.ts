/**
 * SQS driven by the real AWS CLIs, as users run them against Onward: the pip CLI v1 (SQS over AWS JSON
 * 1.0) and Debian's CLI v2.9 (SQS over the legacy Query protocol). Every case runs with both, on one
 * server whose manual clock stands in for waiting. Expected values are what AWS answers (its recorded
 * codes, messages and shapes), not whatever Onward happens to answer.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws, type CliFlavour, type CliResult } from '../helpers/aws-cli.ts';
import { TEST_ACCOUNT, TEST_REGION, startTestOnward, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;

beforeAll(async () => {
  onward = await startTestOnward();
});

afterAll(async () => {
  await onward?.stop();
});

/**
 * Tests run concurrently (CLI processes are slow to start; waiting on them one at a time would take
 * minutes), but the manual clock is shared: a test that moves it, or that relies on a visibility or
 * purge window not elapsing, holds this lock for its whole run.
 */
let clockQueue: Promise<unknown> = Promise.resolve();
function holdingClock<T>(body: () => Promise<T>): () => Promise<T> {
  return () => {
    const run = clockQueue.then(body);
    clockQueue = run.catch(() => undefined);
    return run;
  };
}

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('hex');

interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

/** MD5OfMessageAttributes as SQS computes it: names sorted, each length-prefixed, transport byte 1 or 2. */
function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(value.DataType, 'utf8'));
    if (value.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(value.BinaryValue);
    } else {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8'));
    }
  }
  return md5(Buffer.concat(parts));
}

const arnOf = (name: string) => `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${name}`;

it('computes MD5OfMessageAttributes like AWS (recorded vectors)', () => {
  expect(md5OfMessageAttributes({ k: { DataType: 'String', StringValue: 'x' } })).toBe('a45daa70926828a2f0a1db3418e6feb4');
  expect(md5OfMessageAttributes({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } })).toBe(
    '235c5c510d26fb653d073faed50ae77c',
  );
  expect(
    md5OfMessageAttributes({
      attr1: {
        DataType: 'Binary',
        BinaryValue: Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1'),
      },
    }),
  ).toBe('8cbe4db156db8a94db8b801b7addb984');
});

// Both CLIs at once, every test concurrently; time spent waiting for the clock lock counts towards the timeout.
describe.concurrent.each(['pip', 'debian'] as const)('SQS with the %s AWS CLI', { timeout: 120_000 }, (flavour: CliFlavour) => {
  /** Exit status of the CLI for an error returned by the service: v1 exits 255, v2 exits 254. */
  const serviceErrorStatus = flavour === 'pip' ? 255 : 254;
  const nonExistentQueueMessage =
    flavour === 'pip' ? 'The specified queue does not exist.' : 'The specified queue does not exist for this wsdl version.';

  const aws = (...args: string[]): Promise<CliResult> => runAws(flavour, onward.url, ['sqs', ...args]);

  /** Runs a command that must succeed and returns its parsed output ({} when the CLI prints nothing). */
  async function ok(...args: string[]): Promise<any> {
    const result = await aws(...args);
    if (result.status !== 0) {
      throw new Error(`aws sqs ${args.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
    }
    return result.json ?? {};
  }

  /** The error line the CLI prints, e.g. `An error occurred (Code) when calling the Op operation: Message`. */
  function expectAwsError(result: CliResult, operation: string, code: string, message: string): void {
    const line = result.stderr.trim();
    const match =
      /^An error occurred \((.+?)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: ([\s\S]*)$/.exec(line);
    expect(match, `unexpected stderr (status ${result.status}): ${result.stderr}${result.stdout}`).not.toBeNull();
    expect({ status: result.status, code: match![1], operation: match![2], message: match![3] }).toEqual({
      status: serviceErrorStatus,
      code,
      operation,
      message,
    });
    expect(result.stdout).toBe('');
  }

  const urlOf = (name: string) => `${onward.url}/${TEST_ACCOUNT}/${name}`;
  const q = (suffix: string) => `${flavour}-${suffix}`;

  async function createQueue(name: string, ...extra: string[]): Promise<string> {
    const out = await ok('create-queue', '--queue-name', name, ...extra);
    expect(out).toEqual({ QueueUrl: urlOf(name) });
    return out.QueueUrl as string;
  }

  it('creates, re-creates idempotently, reads and sets attributes, and deletes a queue', async () => {
    const name = q('crud');
    const dlqName = q('crud-dlq');
    const [url, dlqUrl] = await Promise.all([
      createQueue(name, '--attributes', 'DelaySeconds=5,VisibilityTimeout=40', '--tags', 'env=test,team=onward'),
      createQueue(dlqName),
    ]);

    const [same, differing, found, attributes, defaults] = await Promise.all([
      ok('create-queue', '--queue-name', name, '--attributes', 'DelaySeconds=5,VisibilityTimeout=40'),
      aws('create-queue', '--queue-name', name, '--attributes', 'DelaySeconds=6'),
      ok('get-queue-url', '--queue-name', name),
      ok('get-queue-attributes', '--queue-url', url, '--attribute-names', 'All'),
      ok('get-queue-attributes', '--queue-url', dlqUrl, '--attribute-names', 'All'),
    ]);
    expect(same).toEqual({ QueueUrl: url });
    expectAwsError(
      differing,
      'CreateQueue',
      'QueueAlreadyExists',
      'A queue already exists with the same name and a different value for attribute DelaySeconds',
    );
    expect(found).toEqual({ QueueUrl: url });
    expect(attributes.Attributes).toMatchObject({ DelaySeconds: '5', VisibilityTimeout: '40', QueueArn: arnOf(name) });

    // A queue created without attributes: exactly AWS's twelve, all strings.
    expect(Object.keys(defaults.Attributes).sort()).toEqual(
      [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesDelayed',
        'ApproximateNumberOfMessagesNotVisible',
        'CreatedTimestamp',
        'DelaySeconds',
        'LastModifiedTimestamp',
        'MaximumMessageSize',
        'MessageRetentionPeriod',
        'QueueArn',
        'ReceiveMessageWaitTimeSeconds',
        'SqsManagedSseEnabled',
        'VisibilityTimeout',
      ].sort(),
    );
    expect(defaults.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      DelaySeconds: '0',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      QueueArn: arnOf(dlqName),
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
      VisibilityTimeout: '30',
    });
    expect(defaults.Attributes.CreatedTimestamp).toMatch(/^\d{10}$/); // epoch seconds
    expect(defaults.Attributes.LastModifiedTimestamp).toBe(defaults.Attributes.CreatedTimestamp);

    const redrivePolicy = JSON.stringify({ deadLetterTargetArn: arnOf(dlqName), maxReceiveCount: 3 });
    const attributesToSet = JSON.stringify({ VisibilityTimeout: '45', RedrivePolicy: redrivePolicy });
    expect(await ok('set-queue-attributes', '--queue-url', url, '--attributes', attributesToSet)).toEqual({});

    const [after, sameValue, oldValue] = await Promise.all([
      ok('get-queue-attributes', '--queue-url', url, '--attribute-names', 'VisibilityTimeout', 'RedrivePolicy', 'QueueArn'),
      // Re-creating compares against the current values (AWS-recorded).
      ok('create-queue', '--queue-name', name, '--attributes', 'VisibilityTimeout=45'),
      aws('create-queue', '--queue-name', name, '--attributes', 'VisibilityTimeout=40'),
    ]);
    expect(Object.keys(after.Attributes).sort()).toEqual(['QueueArn', 'RedrivePolicy', 'VisibilityTimeout']);
    expect(after.Attributes.VisibilityTimeout).toBe('45');
    expect(after.Attributes.QueueArn).toBe(arnOf(name));
    expect(JSON.parse(after.Attributes.RedrivePolicy)).toEqual({ deadLetterTargetArn: arnOf(dlqName), maxReceiveCount: 3 });
    expect(sameValue).toEqual({ QueueUrl: url });
    expectAwsError(
      oldValue,
      'CreateQueue',
      'QueueAlreadyExists',
      'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    );

    expect(await ok('delete-queue', '--queue-url', url)).toEqual({});
    expectAwsError(
      await aws('get-queue-attributes', '--queue-url', url, '--attribute-names', 'All'),
      'GetQueueAttributes',
      'AWS.SimpleQueueService.NonExistentQueue',
      nonExistentQueueMessage,
    );
  });

  it('lists queues by prefix and pages through them', async () => {
    const prefix = q('list-');
    const names = ['a', 'b', 'c'].map((s) => `${prefix}${s}`);
    await Promise.all(names.map((n) => createQueue(n)));
    const urls = names.map(urlOf);

    // pip: the service's own paging (--no-paginate, --max-results, --next-token); Debian: the CLI's
    // (--page-size, --max-items, --starting-token). Both CLIs accept both; one each keeps the run short.
    const firstPage = flavour === 'pip' ? ['--no-paginate', '--max-results', '2'] : ['--page-size', '2', '--max-items', '2'];
    const [all, none, first] = await Promise.all([
      ok('list-queues', '--queue-name-prefix', prefix),
      ok('list-queues', '--queue-name-prefix', q('no-such-prefix-')),
      ok('list-queues', '--queue-name-prefix', prefix, ...firstPage),
    ]);
    expect([...(all.QueueUrls ?? [])].sort()).toEqual(urls);
    expect(all.NextToken).toBeUndefined();
    expect(none).toEqual({});
    expect(first).toEqual({ QueueUrls: [expect.any(String), expect.any(String)], NextToken: expect.any(String) });

    const nextPage = flavour === 'pip' ? ['--next-token', first.NextToken] : ['--starting-token', first.NextToken];
    const second = await ok('list-queues', '--queue-name-prefix', prefix, ...firstPage, ...nextPage);
    expect(second).toEqual({ QueueUrls: [expect.any(String)] });
    expect([...first.QueueUrls, ...second.QueueUrls].sort()).toEqual(urls);
  });

  it('sends with message attributes and receives body, MD5s, attributes and special characters exactly', async () => {
    const url = await createQueue(q('send'));
    const body = `He said "hi" & <b>bye</b> 'quoted' ]]> \r carriage\r\nCRLF \t tab ünïcødé ☃ 😀 &amp; end`;
    const attributes = {
      Str: { DataType: 'String', StringValue: 'välue <&> "q"' },
      Num: { DataType: 'Number', StringValue: '-12.5' },
      Custom: { DataType: 'String.custom', StringValue: 'c' },
      Bin: { DataType: 'Binary', BinaryValue: 'AQID/w==' },
    };
    const sent = await ok(
      'send-message',
      '--queue-url',
      url,
      '--message-body',
      body,
      '--delay-seconds',
      '0',
      '--message-attributes',
      JSON.stringify(attributes),
    );

    // CLI v1 sends the text of a blob as its bytes; CLI v2 decodes base64 (cli_binary_format base64).
    const binaryBytes = flavour === 'pip' ? Buffer.from('AQID/w==', 'utf8') : Buffer.from([1, 2, 3, 255]);
    const expectedAttributeMd5 = md5OfMessageAttributes({
      Str: attributes.Str,
      Num: attributes.Num,
      Custom: attributes.Custom,
      Bin: { DataType: 'Binary', BinaryValue: binaryBytes },
    });
    expect(sent).toEqual({
      MD5OfMessageBody: md5(Buffer.from(body, 'utf8')),
      MD5OfMessageAttributes: expectedAttributeMd5,
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const received = await ok(
      'receive-message',
      '--queue-url',
      url,
      '--attribute-names',
      'All',
      '--message-attribute-names',
      'All',
    );
    expect(received.Messages).toHaveLength(1);
    const message = received.Messages[0];
    expect(message.MessageId).toBe(sent.MessageId);
    expect(message.Body).toBe(body);
    expect(message.MD5OfBody).toBe(md5(Buffer.from(body, 'utf8')));
    expect(message.MD5OfMessageAttributes).toBe(expectedAttributeMd5);
    expect(message.MessageAttributes).toEqual({
      Str: { DataType: 'String', StringValue: 'välue <&> "q"' },
      Num: { DataType: 'Number', StringValue: '-12.5' },
      Custom: { DataType: 'String.custom', StringValue: 'c' },
      // Both CLIs print blobs base64-encoded.
      Bin: { DataType: 'Binary', BinaryValue: binaryBytes.toString('base64') },
    });
    expect(Object.keys(message.Attributes).sort()).toEqual(
      ['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SenderId', 'SentTimestamp'].sort(),
    );
    expect(message.Attributes.ApproximateReceiveCount).toBe('1');
    expect(message.Attributes.SentTimestamp).toMatch(/^\d{13}$/);
    expect(message.Attributes.ApproximateFirstReceiveTimestamp).toMatch(/^\d{13}$/);
    expect(Number(message.Attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(
      Number(message.Attributes.SentTimestamp),
    );
    expect(typeof message.ReceiptHandle).toBe('string');

    expect(await ok('delete-message', '--queue-url', url, '--receipt-handle', message.ReceiptHandle)).toEqual({});
    await onward.advance(31); // past the visibility timeout: a deleted message must not come back
    const [again, counts] = await Promise.all([
      ok('receive-message', '--queue-url', url),
      ok(
        'get-queue-attributes',
        '--queue-url',
        url,
        '--attribute-names',
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ),
    ]);
    expect(again).toEqual({});
    expect(counts).toEqual({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } });
  });

  it(
    'runs send/delete/change-visibility batches, reporting a bad entry in Failed',
    holdingClock(async () => {
      // A 1024-byte limit makes one entry too big while the batch as a whole stays valid (AWS-recorded).
      const url = await createQueue(q('batch'), '--attributes', 'MaximumMessageSize=1024');
      const entries = [
        { Id: 'one', MessageBody: 'first' },
        { Id: 'too-big', MessageBody: 'x'.repeat(1025) },
        { Id: 'two', MessageBody: 'second', MessageAttributes: { k: { DataType: 'String', StringValue: 'x' } } },
      ];
      const sent = await ok('send-message-batch', '--queue-url', url, '--entries', JSON.stringify(entries));
      expect(sent.Successful).toEqual([
        { Id: 'one', MessageId: expect.any(String), MD5OfMessageBody: md5('first') },
        {
          Id: 'two',
          MessageId: expect.any(String),
          MD5OfMessageBody: md5('second'),
          MD5OfMessageAttributes: 'a45daa70926828a2f0a1db3418e6feb4',
        },
      ]);
      expect(sent.Failed).toEqual([
        {
          Id: 'too-big',
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message: 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.',
        },
      ]);

      const received = await ok(
        'receive-message',
        '--queue-url',
        url,
        '--max-number-of-messages',
        '10',
        '--visibility-timeout',
        '60',
      );
      expect(received.Messages.map((m: any) => m.Body).sort()).toEqual(['first', 'second']);
      const handleOf = (body: string) => received.Messages.find((m: any) => m.Body === body).ReceiptHandle as string;

      const changeEntries = [
        { Id: 'first', ReceiptHandle: handleOf('first'), VisibilityTimeout: 0 },
        { Id: 'bogus', ReceiptHandle: 'not-a-handle', VisibilityTimeout: 0 },
      ];
      const [changed, changedSingle] = await Promise.all([
        ok('change-message-visibility-batch', '--queue-url', url, '--entries', JSON.stringify(changeEntries)),
        ok(
          'change-message-visibility',
          '--queue-url',
          url,
          '--receipt-handle',
          handleOf('second'),
          '--visibility-timeout',
          '120',
        ),
      ]);
      expect(changed.Successful).toEqual([{ Id: 'first' }]);
      expect(changed.Failed).toEqual([
        {
          Id: 'bogus',
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'The input receipt handle "not-a-handle" is not valid.',
        },
      ]);
      expect(changedSingle).toEqual({});

      // "first" is visible again at once; "second" stays in flight for 120 seconds.
      const again = await ok(
        'receive-message',
        '--queue-url',
        url,
        '--max-number-of-messages',
        '10',
        '--visibility-timeout',
        '100',
        '--attribute-names',
        'ApproximateReceiveCount',
      );
      expect(again.Messages.map((m: any) => [m.Body, m.Attributes.ApproximateReceiveCount])).toEqual([['first', '2']]);

      const deleteEntries = [
        { Id: 'a', ReceiptHandle: again.Messages[0].ReceiptHandle },
        { Id: 'b', ReceiptHandle: handleOf('second') },
        { Id: 'c', ReceiptHandle: 'garbage' },
      ];
      const deleted = await ok('delete-message-batch', '--queue-url', url, '--entries', JSON.stringify(deleteEntries));
      expect(deleted.Successful).toEqual([{ Id: 'a' }, { Id: 'b' }]);
      expect(deleted.Failed).toEqual([
        {
          Id: 'c',
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'The input receipt handle "garbage" is not valid.',
        },
      ]);
      const counts = await ok(
        'get-queue-attributes',
        '--queue-url',
        url,
        '--attribute-names',
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      );
      expect(counts).toEqual({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } });
    }),
  );

  it(
    'hides a received message for its visibility timeout and a delayed message for its delay (manual clock)',
    holdingClock(async () => {
      const url = await createQueue(q('visibility'));
      const [now, later] = await Promise.all([
        ok('send-message', '--queue-url', url, '--message-body', 'now'),
        ok('send-message', '--queue-url', url, '--message-body', 'later', '--delay-seconds', '60'),
      ]);
      const receive = (...extra: string[]) =>
        ok('receive-message', '--queue-url', url, '--max-number-of-messages', '10', '--attribute-names', 'All', ...extra);
      const summary = (out: any) =>
        (out.Messages ?? []).map((m: any) => [m.MessageId, m.Body, m.Attributes.ApproximateReceiveCount]);

      const first = await receive('--visibility-timeout', '30');
      expect(summary(first)).toEqual([[now.MessageId, 'now', '1']]);

      const [nothing, counts] = await Promise.all([
        receive(),
        ok('get-queue-attributes', '--queue-url', url, '--attribute-names', 'All'),
      ]);
      expect(nothing).toEqual({});
      expect(counts.Attributes).toMatchObject({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '1',
        ApproximateNumberOfMessagesDelayed: '1',
      });

      await onward.advance(31);
      const second = await receive('--visibility-timeout', '30');
      expect(summary(second)).toEqual([[now.MessageId, 'now', '2']]);
      expect(second.Messages[0].ReceiptHandle).not.toBe(first.Messages[0].ReceiptHandle);

      await onward.advance(29); // 60 s after the send: the delayed message is due; "now" is in flight until 61 s
      expect(summary(await receive())).toEqual([[later.MessageId, 'later', '1']]);
    }),
  );

  it(
    'purges a queue and refuses a second purge within 60 seconds',
    holdingClock(async () => {
      const name = q('purge');
      const url = await createQueue(name);
      await Promise.all([
        ok('send-message', '--queue-url', url, '--message-body', 'one'),
        ok('send-message', '--queue-url', url, '--message-body', 'two', '--delay-seconds', '10'),
      ]);
      expect(await ok('purge-queue', '--queue-url', url)).toEqual({});
      expectAwsError(
        await aws('purge-queue', '--queue-url', url),
        'PurgeQueue',
        'AWS.SimpleQueueService.PurgeQueueInProgress',
        `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
      );
      await onward.advance(10);
      // Both the visible and the delayed message are gone.
      expect(await ok('receive-message', '--queue-url', url, '--max-number-of-messages', '10')).toEqual({});
    }),
  );

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const dlqName = q('redrive-dlq');
    const sourceName = q('redrive-src');
    const dlqUrl = await createQueue(dlqName);
    const redrivePolicy = JSON.stringify({ deadLetterTargetArn: arnOf(dlqName), maxReceiveCount: 1 });
    const sourceUrl = await createQueue(sourceName, '--attributes', JSON.stringify({ RedrivePolicy: redrivePolicy }));

    const attributes = JSON.stringify({ reason: { DataType: 'String', StringValue: 'testing' } });
    const sent = await ok(
      'send-message',
      '--queue-url',
      sourceUrl,
      '--message-body',
      'doomed',
      '--message-attributes',
      attributes,
    );
    const first = await ok('receive-message', '--queue-url', sourceUrl, '--visibility-timeout', '0', '--attribute-names', 'All');
    expect(first.Messages.map((m: any) => [m.MessageId, m.Attributes.ApproximateReceiveCount])).toEqual([[sent.MessageId, '1']]);

    // The next receive moves the message instead of returning it.
    expect(await ok('receive-message', '--queue-url', sourceUrl, '--max-number-of-messages', '10')).toEqual({});

    const [dead, sources] = await Promise.all([
      ok('receive-message', '--queue-url', dlqUrl, '--attribute-names', 'All', '--message-attribute-names', 'All'),
      ok('list-dead-letter-source-queues', '--queue-url', dlqUrl),
    ]);
    expect(dead.Messages).toHaveLength(1);
    const message = dead.Messages[0];
    expect(message.MessageId).toBe(sent.MessageId);
    expect(message.Body).toBe('doomed');
    expect(message.MessageAttributes).toEqual({ reason: { DataType: 'String', StringValue: 'testing' } });
    expect(message.Attributes.ApproximateReceiveCount).toBe('2');
    expect(message.Attributes.DeadLetterQueueSourceArn).toBe(arnOf(sourceName));
    expect(sources).toEqual({ queueUrls: [sourceUrl] });
  });

  it(
    'deduplicates FIFO messages by content, numbers them, and requires a message group',
    holdingClock(async () => {
      const name = q('dedup.fifo');
      const url = await createQueue(name, '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true');

      const first = await ok('send-message', '--queue-url', url, '--message-body', 'hello', '--message-group-id', 'g1');
      expect(first).toEqual({
        MD5OfMessageBody: md5('hello'),
        MessageId: expect.any(String),
        SequenceNumber: expect.stringMatching(/^\d+$/),
      });

      const [duplicate, other, noGroup, recreate, attributes] = await Promise.all([
        ok('send-message', '--queue-url', url, '--message-body', 'hello', '--message-group-id', 'g1'),
        ok('send-message', '--queue-url', url, '--message-body', 'world', '--message-group-id', 'g1'),
        aws('send-message', '--queue-url', url, '--message-body', 'no group'),
        aws('create-queue', '--queue-name', name, '--attributes', 'FifoQueue=true,ContentBasedDeduplication=false'),
        ok('get-queue-attributes', '--queue-url', url, '--attribute-names', 'All'),
      ]);
      expect(duplicate).toEqual(first);
      expect(other.MessageId).not.toBe(first.MessageId);
      expect(BigInt(other.SequenceNumber)).toBeGreaterThan(BigInt(first.SequenceNumber));
      expectAwsError(noGroup, 'SendMessage', 'MissingParameter', 'The request must contain the parameter MessageGroupId.');
      expectAwsError(
        recreate,
        'CreateQueue',
        'QueueAlreadyExists',
        'A queue already exists with the same name and a different value for attribute ContentBasedDeduplication',
      );
      expect(Object.keys(attributes.Attributes)).toHaveLength(16);
      expect(attributes.Attributes).toMatchObject({
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
        DeduplicationScope: 'queue',
        FifoThroughputLimit: 'perQueue',
        QueueArn: arnOf(name),
      });

      const received = await ok(
        'receive-message',
        '--queue-url',
        url,
        '--max-number-of-messages',
        '10',
        '--attribute-names',
        'All',
      );
      expect(
        received.Messages.map((m: any) => [m.Body, m.MessageId, m.Attributes.SequenceNumber, m.Attributes.MessageGroupId]),
      ).toEqual([
        ['hello', first.MessageId, first.SequenceNumber, 'g1'],
        ['world', other.MessageId, other.SequenceNumber, 'g1'],
      ]);
    }),
  );

  it('reports AWS errors: unknown queue, unknown attribute, bad MaxNumberOfMessages, oversize message', async () => {
    const url = await createQueue(q('errors'));
    const tooBig = path.join(onward.dataDir, `${flavour}-too-big.txt`);
    const largest = path.join(onward.dataDir, `${flavour}-largest.txt`);
    fs.writeFileSync(tooBig, 'a'.repeat(1_048_577));
    fs.writeFileSync(largest, 'b'.repeat(1_048_576));

    const [unknownQueue, badAttribute, fifoOnStandard, tooMany, oversize, maxSize] = await Promise.all([
      aws('get-queue-url', '--queue-name', q('does-not-exist')),
      aws('get-queue-attributes', '--queue-url', url, '--attribute-names', 'Foobar'),
      aws('create-queue', '--queue-name', q('errors-fifo-false'), '--attributes', 'FifoQueue=false'),
      aws('receive-message', '--queue-url', url, '--max-number-of-messages', '11'),
      aws('send-message', '--queue-url', url, '--message-body', `file://${tooBig}`),
      aws('send-message', '--queue-url', url, '--message-body', `file://${largest}`),
    ]);
    expectAwsError(unknownQueue, 'GetQueueUrl', 'AWS.SimpleQueueService.NonExistentQueue', nonExistentQueueMessage);
    expectAwsError(badAttribute, 'GetQueueAttributes', 'InvalidAttributeName', 'Unknown Attribute Foobar.');
    expectAwsError(fifoOnStandard, 'CreateQueue', 'InvalidAttributeName', 'Unknown Attribute FifoQueue.');
    expectAwsError(
      tooMany,
      'ReceiveMessage',
      'InvalidParameterValue',
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    );
    expectAwsError(
      oversize,
      'SendMessage',
      'InvalidParameterValue',
      'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
    );
    // A body of exactly the maximum size is accepted.
    expect({ status: maxSize.status, stderr: maxSize.stderr, md5: maxSize.json?.MD5OfMessageBody }).toEqual({
      status: 0,
      stderr: '',
      md5: md5('b'.repeat(1_048_576)),
    });
  });

  it('tags and untags a queue', async () => {
    const url = await createQueue(q('tags'), '--tags', 'keep=1,drop=2');
    expect(await ok('tag-queue', '--queue-url', url, '--tags', 'MyTag=upper,mytag=lower,keep=changed,empty=')).toEqual({});
    expect(await ok('list-queue-tags', '--queue-url', url)).toEqual({
      Tags: { keep: 'changed', drop: '2', MyTag: 'upper', mytag: 'lower', empty: '' },
    });
    // Keys that were never set are ignored.
    expect(await ok('untag-queue', '--queue-url', url, '--tag-keys', 'drop', 'MyTag', 'never-set')).toEqual({});
    expect(await ok('list-queue-tags', '--queue-url', url)).toEqual({ Tags: { keep: 'changed', mytag: 'lower', empty: '' } });
  });
});
