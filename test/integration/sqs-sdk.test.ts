/** SQS through @aws-sdk/client-sqs (AWS JSON 1.0), as an application uses it. */
import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  SQSServiceException,
  TagQueueCommand,
  UntagQueueCommand,
  AddPermissionCommand,
  RemovePermissionCommand,
  StartMessageMoveTaskCommand,
  ListMessageMoveTasksCommand,
  CancelMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let sqs: SQSClient;

beforeAll(async () => {
  onward = await startTestOnward();
  sqs = new SQSClient({ endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

afterAll(async () => {
  sqs.destroy();
  await onward.stop();
});

async function createQueue(name: string, attributes?: Record<string, string>): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return QueueUrl!;
}

async function rejection(promise: Promise<unknown>): Promise<SQSServiceException & { Code?: string; Type?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as SQSServiceException;
  }
  throw new Error('expected the call to fail');
}

async function attributesOf(url: string, names: string[] = ['All']): Promise<Record<string, string>> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names as never }));
  return Attributes ?? {};
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('queues', () => {
  it('creates a queue on the origin the client used, idempotently, and refuses different attributes', async () => {
    const url = await createQueue('orders', { VisibilityTimeout: '45' });
    expect(url).toBe(`${onward.url}/000000000000/orders`);
    expect(await createQueue('orders', { VisibilityTimeout: '45' })).toBe(url);
    expect(await createQueue('orders')).toBe(url);
    const error = await rejection(createQueue('orders', { VisibilityTimeout: '60' }));
    expect(error.name).toBe('QueueNameExists');
    expect(error.Code).toBe('QueueAlreadyExists');
    expect(error.message).toBe('A queue already exists with the same name and a different value for attribute VisibilityTimeout');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('reports every attribute as a string, with AWS defaults', async () => {
    const url = await createQueue('defaults');
    const attributes = await attributesOf(url);
    expect(Object.keys(attributes).sort()).toEqual(
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
    expect(attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      DelaySeconds: '0',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:defaults',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
      VisibilityTimeout: '30',
    });
    expect(Number(attributes.CreatedTimestamp)).toBe(Math.floor(onward.clock.now() / 1000));
    expect(await attributesOf(url, ['QueueArn', 'VisibilityTimeout'])).toEqual({
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:defaults',
      VisibilityTimeout: '30',
    });
  });

  it('refuses unknown attributes and out-of-range values, changing nothing', async () => {
    const url = await createQueue('strict');
    let error = await rejection(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Foobar: '1' } as never })));
    expect([error.name, error.message]).toEqual(['InvalidAttributeName', 'Unknown Attribute Foobar.']);
    error = await rejection(
      sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '43201' } })),
    );
    expect([error.name, error.message]).toEqual(['InvalidAttributeValue', 'Invalid value for the parameter VisibilityTimeout.']);
    error = await rejection(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Foobar' as never] })));
    expect(error.name).toBe('InvalidAttributeName');
    error = await rejection(createQueue('strict-std', { DeduplicationScope: 'queue' }));
    expect(error.message).toBe('You can specify the DeduplicationScope only when FifoQueue is set to true.');
    error = await rejection(createQueue('strict-std', { FifoQueue: 'false' }));
    expect(error.message).toBe('Unknown Attribute FifoQueue.');
    error = await rejection(createQueue('bad name!'));
    expect(error.Code).toBe('InvalidParameterValue');
    error = await rejection(createQueue('not-fifo.fifo'));
    expect(error.Code).toBe('InvalidParameterValue');
    expect((await attributesOf(url, ['VisibilityTimeout'])).VisibilityTimeout).toBe('30');
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'strict-std' }));
    expect(QueueUrls).toBeUndefined();
  });

  it('lists queues by prefix with paging', async () => {
    for (const n of [1, 2, 3]) await createQueue(`page-${n}`);
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2 }));
    expect(first.QueueUrls).toEqual([`${onward.url}/000000000000/page-1`, `${onward.url}/000000000000/page-2`]);
    expect(first.NextToken).toBeTruthy();
    const second = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2, NextToken: first.NextToken }));
    expect(second.QueueUrls).toEqual([`${onward.url}/000000000000/page-3`]);
    expect(second.NextToken).toBeUndefined();
    const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'nothing-like-this' }));
    expect(none.QueueUrls).toBeUndefined();
  });

  it('answers unknown queues with the query-compatible QueueDoesNotExist', async () => {
    let error = await rejection(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })));
    expect(error.name).toBe('QueueDoesNotExist');
    expect(error.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(error.Type).toBe('Sender');
    expect(error.message).toBe('The specified queue does not exist.');
    error = await rejection(
      sqs.send(new SendMessageCommand({ QueueUrl: `${onward.url}/000000000000/missing`, MessageBody: 'x' })),
    );
    expect(error.name).toBe('QueueDoesNotExist');
  });

  it('deletes, tags and purges', async () => {
    const url = await createQueue('lifecycle');
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { team: 'payments', env: '' } }));
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['env', 'absent'] }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ team: 'payments' });

    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await attributesOf(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages).toBe('0');
    const error = await rejection(sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    expect(error.name).toBe('PurgeQueueInProgress');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe('Only one PurgeQueue operation on lifecycle is allowed every 60 seconds.');
    await onward.advance(60);
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));

    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    expect((await rejection(sqs.send(new GetQueueUrlCommand({ QueueName: 'lifecycle' })))).name).toBe('QueueDoesNotExist');
  });

  it('edits the queue policy with AddPermission and RemovePermission', async () => {
    const url = await createQueue('shared');
    await sqs.send(
      new AddPermissionCommand({ QueueUrl: url, Label: 'p1', AWSAccountIds: ['111111111111'], Actions: ['SendMessage'] }),
    );
    const policy = JSON.parse((await attributesOf(url, ['Policy'])).Policy!);
    expect(policy.Statement).toEqual([
      {
        Sid: 'p1',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'SQS:SendMessage',
        Resource: 'arn:aws:sqs:us-east-1:000000000000:shared',
      },
    ]);
    const duplicate = await rejection(
      sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: 'p1', AWSAccountIds: ['1'], Actions: ['SendMessage'] })),
    );
    expect(duplicate.message).toBe('Value p1 for parameter Label is invalid. Reason: Already exists.');
    await sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'p1' }));
    expect(await attributesOf(url, ['Policy'])).toEqual({});
  });
});

describe('messages', () => {
  it('sends and receives with exact MD5s, attributes and system attributes', async () => {
    const url = await createQueue('mail');
    const body = 'Grüße, "quotes" <tags> & a\r\nnew line 🚀';
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        MessageAttributes: {
          Author: { DataType: 'String', StringValue: 'John Grisham' },
          Title: { DataType: 'String', StringValue: 'The Whistler' },
          WeeksOn: { DataType: 'Number', StringValue: '6' },
          Blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
        },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe(md5(body));
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.SequenceNumber).toBeUndefined();

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    expect(Messages).toHaveLength(1);
    const message = Messages![0]!;
    expect(message.MessageId).toBe(sent.MessageId);
    expect(message.Body).toBe(body);
    expect(message.MD5OfBody).toBe(md5(body));
    expect(message.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(message.MessageAttributes!.WeeksOn).toEqual({ DataType: 'Number', StringValue: '6' });
    expect([...message.MessageAttributes!.Blob!.BinaryValue!]).toEqual([0, 1, 2, 255]);
    expect(message.Attributes).toEqual({
      SenderId: 'test',
      SentTimestamp: String(onward.clock.now()),
      ApproximateReceiveCount: '1',
      ApproximateFirstReceiveTimestamp: String(onward.clock.now()),
    });
  });

  it('matches the AWS-recorded MD5 of message attributes', async () => {
    const url = await createQueue('md5');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'message',
        MessageAttributes: {
          Author: { DataType: 'String', StringValue: 'John Grisham' },
          Title: { DataType: 'String', StringValue: 'The Whistler' },
          WeeksOn: { DataType: 'Number', StringValue: '6' },
        },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe('78e731027d8fd50ed642340b7c9a63b3');
    expect(sent.MD5OfMessageAttributes).toBe('d25a6aea97eb8f585bfa92d314504a92');
  });

  it('filters message attributes by name and prefix', async () => {
    const url = await createQueue('filters');
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageAttributes: {
          'Help.Me': { DataType: 'String', StringValue: 'a' },
          Hello: { DataType: 'String', StringValue: 'b' },
          General: { DataType: 'String', StringValue: 'c' },
        },
      }),
    );
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['Hel.*'], VisibilityTimeout: 0 }),
    );
    expect(Object.keys(Messages![0]!.MessageAttributes!).sort()).toEqual(['Hello', 'Help.Me']);
    const none = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['Foo'] }));
    expect(none.Messages![0]!.MessageAttributes).toBeUndefined();
    expect(none.Messages![0]!.MD5OfMessageAttributes).toBeUndefined();
  });

  it('hides received messages until their visibility timeout passes on the clock', async () => {
    const url = await createQueue('visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'v' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 30 }));
    expect(first.Messages).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    expect(await attributesOf(url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    await onward.advance(29);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await onward.advance(1);
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    expect(again.Messages![0]!.Attributes).toEqual({ ApproximateReceiveCount: '2' });
    expect(again.Messages![0]!.ReceiptHandle).not.toBe(first.Messages![0]!.ReceiptHandle);

    // The old handle still deletes on a standard queue (AWS-recorded).
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle }));
    expect((await attributesOf(url, ['ApproximateNumberOfMessagesNotVisible'])).ApproximateNumberOfMessagesNotVisible).toBe('0');
  });

  it('changes visibility, and refuses handles of deleted messages', async () => {
    const url = await createQueue('change-visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'c' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    const handle = Messages![0]!.ReceiptHandle!;
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }));
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(again.Messages).toHaveLength(1);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again.Messages![0]!.ReceiptHandle }));
    const error = await rejection(
      sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 10 })),
    );
    expect(error.Code).toBe('InvalidParameterValue');
    expect(error.message).toBe(
      `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    );
    const invalid = await rejection(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })));
    expect([invalid.name, invalid.message]).toEqual([
      'ReceiptHandleIsInvalid',
      'The input receipt handle "garbage" is not a valid receipt handle.',
    ]);
  });

  it('delays messages by queue default and per message, on the clock', async () => {
    const url = await createQueue('delays', { DelaySeconds: '10' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue-delay' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'own-delay', DelaySeconds: 120 }));
    expect((await attributesOf(url, ['ApproximateNumberOfMessagesDelayed'])).ApproximateNumberOfMessagesDelayed).toBe('2');
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await onward.advance(10);
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    expect(first.Messages!.map((m) => m.Body)).toEqual(['queue-delay']);
    await onward.advance(110);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(second.Messages!.map((m) => m.Body)).toEqual(['own-delay']);
  });

  it('long-polls: returns as soon as a message arrives, and when the clock makes one visible', async () => {
    const url = await createQueue('long-poll');
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, VisibilityTimeout: 900 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'arrived' }));
    expect((await waiting).Messages![0]!.Body).toBe('arrived');

    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 300 }));
    const delayed = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, VisibilityTimeout: 600 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await onward.advance(300);
    expect((await delayed).Messages![0]!.Body).toBe('later');
  });

  it('ends an empty long poll after its real wait even though the manual clock is frozen', async () => {
    const url = await createQueue('empty-poll');
    const startedMs = Date.now();
    const result = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(result.Messages).toBeUndefined();
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(950);
  });

  it('validates receive parameters with the AWS messages', async () => {
    const url = await createQueue('receive-params');
    let error = await rejection(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })));
    expect(error.message).toBe(
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    );
    error = await rejection(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })));
    expect(error.message).toBe('Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.');
    // Query-compatible: the SDK names the error after the legacy code it reads from x-amzn-query-error.
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.Code).toBe('InvalidParameterValue');
  });

  it('refuses oversize and malformed messages, storing nothing', async () => {
    const url = await createQueue('limits', { MaximumMessageSize: '1024' });
    let error = await rejection(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1025) })));
    expect(error.message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024) }));
    error = await rejection(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0000 char' })));
    expect(error.name).toBe('InvalidMessageContents');
    error = await rejection(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })));
    expect([error.Code, error.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageBody.']);
    error = await rejection(
      sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'x',
          MessageAttributes: { ErrorDetails: { DataType: 'String', StringValue: '' } },
        }),
      ),
    );
    expect(error.message).toBe("Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.");
    expect((await attributesOf(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages).toBe('1');
  });
});

describe('batches', () => {
  it('sends a batch with per-entry failures and MD5s', async () => {
    const url = await createQueue('batch', { MaximumMessageSize: '1024' });
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok-1', MessageBody: 'one' },
          { Id: 'too_big', MessageBody: 'y'.repeat(1025) },
          { Id: 'ok-2', MessageBody: 'two', MessageAttributes: { Foo: { DataType: 'String', StringValue: 'Bar' } } },
        ],
      }),
    );
    expect(result.Successful!.map((s) => [s.Id, s.MD5OfMessageBody, s.MD5OfMessageAttributes])).toEqual([
      ['ok-1', md5('one'), undefined],
      ['ok-2', md5('two'), 'ae7155c6026991b6d54b11589678bf9c'],
    ]);
    expect(result.Failed).toEqual([
      {
        Id: 'too_big',
        SenderFault: true,
        Code: 'InvalidParameterValue',
        Message: 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.',
      },
    ]);
  });

  it('enforces the batch rules: count, ids, distinct ids, total size', async () => {
    const url = await createQueue('batch-rules');
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Id: `m${i}`, MessageBody: 'b' }));
    let error = await rejection(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(20) })));
    expect([error.name, error.message]).toEqual([
      'TooManyEntriesInBatchRequest',
      'Maximum number of entries per request are 10. You have sent 20.',
    ]);
    error = await rejection(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })));
    expect([error.name, error.message]).toEqual([
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    ]);
    error = await rejection(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'message:1', MessageBody: 'b' }] })),
    );
    expect(error.name).toBe('InvalidBatchEntryId');
    error = await rejection(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: 'b' },
            { Id: 'a', MessageBody: 'c' },
          ],
        }),
      ),
    );
    expect([error.name, error.message]).toEqual(['BatchEntryIdsNotDistinct', 'Id a repeated.']);
    error = await rejection(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: 'x'.repeat(524_288) },
            { Id: 'b', MessageBody: 'x'.repeat(524_289) },
          ],
        }),
      ),
    );
    expect(error.message).toBe('Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.');
    expect((await attributesOf(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages).toBe('0');
  });

  it('deletes and changes visibility in batches, reporting bad handles per entry', async () => {
    const url = await createQueue('batch-handles');
    await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: [1, 2, 3].map((i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }),
    );
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(3);
    const visibility = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', ReceiptHandle: Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'b', ReceiptHandle: 'dummy', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(visibility.Successful).toEqual([{ Id: 'a' }]);
    expect(visibility.Failed).toEqual([
      { Id: 'b', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "dummy" is not valid.' },
    ]);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'x', ReceiptHandle: Messages![1]!.ReceiptHandle },
          { Id: 'y', ReceiptHandle: Messages![2]!.ReceiptHandle },
        ],
      }),
    );
    expect(deleted).toMatchObject({ Successful: [{ Id: 'x' }, { Id: 'y' }] });
    expect(deleted.Failed).toBeUndefined();
    expect(await attributesOf(url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])).toEqual({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });
});

describe('dead-letter queues', () => {
  it('moves a message received maxReceiveCount times, keeping its id and counting on', async () => {
    const dlqUrl = await createQueue('orders-dlq');
    const dlqArn = (await attributesOf(dlqUrl, ['QueueArn'])).QueueArn!;
    const url = await createQueue('orders-with-dlq', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '2' }),
    });
    expect(JSON.parse((await attributesOf(url, ['RedrivePolicy'])).RedrivePolicy!)).toEqual({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: 2,
    });
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 30 }));
      expect(Messages![0]!.MessageId).toBe(MessageId);
      await onward.advance(30);
    }
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ['All'] }));
    expect(Messages![0]!.MessageId).toBe(MessageId);
    expect(Messages![0]!.Body).toBe('poison');
    expect(Messages![0]!.Attributes).toMatchObject({
      ApproximateReceiveCount: '3',
      DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders-with-dlq',
    });
    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
    expect(sources.queueUrls).toEqual([url]);
  });

  it('validates redrive policies with the AWS messages', async () => {
    const policy = (value: object | string) => ({ RedrivePolicy: typeof value === 'string' ? value : JSON.stringify(value) });
    let error = await rejection(createQueue('redrive-bad', policy('nope')));
    expect(error.message).toBe('Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.');
    error = await rejection(
      createQueue(
        'redrive-bad',
        policy({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:absent', maxReceiveCount: 1 }),
      ),
    );
    expect(error.message).toMatch(/Reason: Dead letter target does not exist\.$/);
    error = await rejection(
      createQueue(
        'redrive-bad',
        policy({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:absent', maxReceiveCount: 0 }),
      ),
    );
    expect(error.message).toMatch(
      /Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive\.$/,
    );
    const fifoDlq = await createQueue('redrive-dlq.fifo', { FifoQueue: 'true' });
    const fifoArn = (await attributesOf(fifoDlq, ['QueueArn'])).QueueArn!;
    error = await rejection(createQueue('redrive-bad', policy({ deadLetterTargetArn: fifoArn, maxReceiveCount: 1 })));
    expect(error.message).toMatch(/Reason: Dead-letter queue must be same type of queue as the source\.\.$/);
  });
});

describe('FIFO queues', () => {
  it('orders by group, locks a group while in flight, deduplicates for 5 minutes', async () => {
    const url = await createQueue('jobs.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const send = (body: string, group: string) =>
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group }));
    const a1 = await send('a1', 'A');
    await send('b1', 'B');
    await send('a2', 'A');
    expect(a1.SequenceNumber).toMatch(/^\d{20}$/);
    const duplicate = await send('a1', 'A');
    expect(duplicate.MessageId).toBe(a1.MessageId);

    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2 }));
    expect(first.Messages!.map((m) => m.Body)).toEqual(['a1', 'a2']);
    const second = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    expect(second.Messages!.map((m) => m.Body)).toEqual(['b1']);
    expect(second.Messages![0]!.Attributes).toMatchObject({
      MessageGroupId: 'B',
      SequenceNumber: expect.stringMatching(/^\d{20}$/),
    });
    // Group A stays locked while its messages are in flight.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();

    await onward.advance(301);
    const again = await send('a1', 'A');
    expect(again.MessageId).not.toBe(a1.MessageId);
  });

  it('requires a group id and a deduplication id, and refuses per-message delays', async () => {
    const url = await createQueue('strict.fifo', { FifoQueue: 'true' });
    let error = await rejection(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' })),
    );
    expect([error.Code, error.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageGroupId.']);
    error = await rejection(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })));
    expect(error.message).toBe(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
    error = await rejection(
      sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'x',
          MessageGroupId: 'g',
          MessageDeduplicationId: 'd',
          DelaySeconds: 2,
        }),
      ),
    );
    expect(error.message).toBe(
      'Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
    );
    error = await rejection(
      sqs.send(
        new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'e', MessageBody: 'x', MessageDeduplicationId: 'd' }] }),
      ),
    );
    expect([error.Code, error.message]).toEqual([
      'InvalidParameterValue',
      'The request must contain the parameter MessageGroupId.',
    ]);
  });

  it('refuses a stale FIFO receipt handle after the visibility timeout', async () => {
    const url = await createQueue('handles.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'h', MessageGroupId: 'g' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 5 }));
    await onward.advance(6);
    const handle = Messages![0]!.ReceiptHandle!;
    const error = await rejection(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle })));
    expect(error.message).toBe(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`);
  });
});

describe('message move tasks', () => {
  async function deadLettered(prefix: string, count: number): Promise<{ url: string; dlqArn: string }> {
    const dlqUrl = await createQueue(`${prefix}-dlq`);
    const dlqArn = (await attributesOf(dlqUrl, ['QueueArn'])).QueueArn!;
    const url = await createQueue(prefix, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    for (let i = 0; i < count; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    // The second receive moves them all to the dead-letter queue.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages).toBeUndefined();
    return { url, dlqArn };
  }

  async function tasks(sourceArn: string) {
    return (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }))).Results ?? [];
  }

  it('redrives dead-lettered messages back to their source queue', async () => {
    const { url, dlqArn } = await deadLettered('redrive', 3);
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    expect(TaskHandle).toBeTruthy();
    const [task] = await tasks(dlqArn);
    expect(task).toEqual({
      Status: 'COMPLETED',
      SourceArn: dlqArn,
      ApproximateNumberOfMessagesMoved: 3,
      ApproximateNumberOfMessagesToMove: 3,
      StartedTimestamp: onward.clock.now(),
    });
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    expect(Messages!.map((m) => m.Body).sort()).toEqual(['m0', 'm1', 'm2']);
    expect(Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('1');
  });

  it('moves at most MaxNumberOfMessagesPerSecond per second of the clock, and can be cancelled', async () => {
    const { dlqArn } = await deadLettered('throttled', 4);
    const otherUrl = await createQueue('throttled-target');
    const otherArn = (await attributesOf(otherUrl, ['QueueArn'])).QueueArn!;
    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: otherArn, MaxNumberOfMessagesPerSecond: 1 }),
    );
    const running = await rejection(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn })));
    expect(running.message).toBe(
      'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
    );
    expect((await tasks(dlqArn))[0]).toMatchObject({
      Status: 'RUNNING',
      TaskHandle,
      ApproximateNumberOfMessagesMoved: 1,
      MaxNumberOfMessagesPerSecond: 1,
    });
    await onward.advance(1);
    expect((await tasks(dlqArn))[0]!.ApproximateNumberOfMessagesMoved).toBe(2);
    const cancelled = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBe(2);
    await onward.advance(5);
    expect((await tasks(dlqArn))[0]).toMatchObject({ Status: 'CANCELLED', ApproximateNumberOfMessagesMoved: 2 });
    expect((await attributesOf(otherUrl, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages).toBe('2');
  });

  it('refuses what AWS refuses', async () => {
    const plain = await createQueue('not-a-dlq');
    const plainArn = (await attributesOf(plain, ['QueueArn'])).QueueArn!;
    let error = await rejection(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: plainArn })));
    expect([error.Code, error.message]).toEqual([
      'InvalidParameterValue',
      'Source queue must be configured as a Dead Letter Queue.',
    ]);
    error = await rejection(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: 'arn:aws:sqs:us-east-1:000000000000:nope' })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
    expect(error.message).toBe("The resource that you specified for the SourceArn parameter doesn't exist.");
    error = await rejection(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: 'foobared' })));
    expect(error.message).toBe('Value for parameter TaskHandle is invalid.');
  });
});
