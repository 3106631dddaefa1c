/**
 * Lambda event source mappings on SQS queues: the mapping API (shapes, states, paging, AWS's validation
 * messages) and the poller (event shape, deletion, failures and redrive, ReportBatchItemFailures,
 * batching window, FIFO groups), on the manual clock.
 */
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  DeleteQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOnward, type TestOnward } from '../helpers/onward.ts';
import { runAws } from '../helpers/aws-cli.ts';
import { ACCOUNT, clients, createQueue, createRecorder, drainRecorded } from './esm-helpers.ts';

let onward: TestOnward;
let lambda: LambdaClient;
let sqs: SQSClient;

beforeAll(async () => {
  onward = await startTestOnward();
  ({ lambda, sqs } = clients(onward));
});

afterAll(async () => {
  lambda.destroy();
  sqs.destroy();
  await onward.stop();
});

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata: { httpStatusCode: number } };
    return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
  }
  throw new Error('expected a rejection');
}

async function counts(url: string) {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  return {
    visible: Number(Attributes!.ApproximateNumberOfMessages),
    inFlight: Number(Attributes!.ApproximateNumberOfMessagesNotVisible),
  };
}

describe('the mapping API', () => {
  it('creates (202, Creating), reads Enabled, disables, lists with paging and filters, deletes', async () => {
    await createRecorder(lambda, sqs, 'api-fn');
    const queue = await createQueue(sqs, 'api-q');
    const other = await createQueue(sqs, 'api-q2');
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: queue.arn, Enabled: false }),
    );
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created).toMatchObject({
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 0,
      EventSourceArn: queue.arn,
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api-fn`,
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      FunctionResponseTypes: [],
      EventSourceMappingArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:${created.UUID}`,
    });
    expect(created.UUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.LastModified).toBeInstanceOf(Date);
    expect(created.StartingPosition).toBeUndefined();
    expect(created.LastProcessingResult).toBeUndefined();

    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(got.State).toBe('Disabled');

    const enabling = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true, BatchSize: 5 }));
    expect(enabling.$metadata.httpStatusCode).toBe(202);
    expect(enabling.State).toBe('Enabling');
    expect(enabling.BatchSize).toBe(5);
    const updating = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 7 }));
    expect(updating.State).toBe('Updating');
    expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe('Enabled');

    const second = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'api-fn', EventSourceArn: other.arn }));
    const all = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'api-fn' }));
    expect(all.EventSourceMappings!.map((m) => m.UUID).sort()).toEqual([created.UUID, second.UUID].sort());
    const bySource = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: other.arn }));
    expect(bySource.EventSourceMappings!.map((m) => m.UUID)).toEqual([second.UUID]);
    const first = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'api-fn', MaxItems: 1 }));
    expect(first.EventSourceMappings).toHaveLength(1);
    expect(first.NextMarker).toBeTruthy();
    const rest = await lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: 'api-fn', MaxItems: 1, Marker: first.NextMarker }),
    );
    expect(rest.EventSourceMappings).toHaveLength(1);
    expect(rest.NextMarker).toBeUndefined();
    expect(rest.EventSourceMappings![0]!.UUID).not.toBe(first.EventSourceMappings![0]!.UUID);

    const deleting = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: second.UUID }));
    expect(deleting.$metadata.httpStatusCode).toBe(202);
    expect(deleting.State).toBe('Deleting');
    expect(await rejection(lambda.send(new GetEventSourceMappingCommand({ UUID: second.UUID })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      status: 404,
    });
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  });

  it('refuses bad input with AWS errors and creates nothing', async () => {
    await createRecorder(lambda, sqs, 'bad-fn');
    const queue = await createQueue(sqs, 'bad-q');
    const fifo = await createQueue(sqs, 'bad-q.fifo', { FifoQueue: 'true' });
    const create = (input: Record<string, unknown>) =>
      rejection(
        lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'bad-fn', EventSourceArn: queue.arn, ...input })),
      );
    expect(await create({ FunctionName: 'nope' })).toEqual({
      name: 'ResourceNotFoundException',
      message: `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope:$LATEST`,
      status: 404,
    });
    expect(await create({ EventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:missing` })).toEqual({
      name: 'InvalidParameterValueException',
      message:
        'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.',
      status: 400,
    });
    expect(await create({ DestinationConfig: { OnSuccess: { Destination: queue.arn } } })).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Unsupported DestinationConfig parameter for given event source mapping type.',
    });
    expect(await create({ DestinationConfig: { OnFailure: { Destination: queue.arn } } })).toMatchObject({
      message: 'Unsupported DestinationConfig parameter for given event source mapping type.',
    });
    expect(await create({ BisectBatchOnFunctionError: true })).toMatchObject({
      message: 'Unsupported BisectBatchOnFunctionError parameter for given event source mapping type.',
    });
    expect(await create({ BatchSize: 11 })).toEqual({
      name: 'InvalidParameterValueException',
      message: 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      status: 400,
    });
    expect(await create({ BatchSize: 0 })).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
      status: 400,
    });
    expect(await create({ ScalingConfig: { MaximumConcurrency: 1 } })).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2",
    });
    expect(await create({ EventSourceArn: fifo.arn, BatchSize: 20, MaximumBatchingWindowInSeconds: 1 })).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Batch size for FIFO queues must be less than or equal to 10',
    });
    expect(
      await create({ EventSourceArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t/stream/2024-01-01T00:00:00.000` }),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('Unsupported event source type'),
    });
    expect((await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'bad-fn' }))).EventSourceMappings).toEqual([]);

    const ok = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'bad-fn', EventSourceArn: queue.arn, Enabled: false }),
    );
    expect(await create({})).toEqual({
      name: 'ResourceConflictException',
      message: `The event source arn (" ${queue.arn} ") and function (" bad-fn ") provided mapping already exists. Please update or delete the existing mapping with UUID ${ok.UUID}`,
      status: 409,
    });
    expect(await rejection(lambda.send(new UpdateEventSourceMappingCommand({ UUID: ok.UUID, BatchSize: 100 })))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    });
    expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: ok.UUID }))).BatchSize).toBe(10);
  });

  it('is driven by both AWS CLIs', async () => {
    await createRecorder(lambda, sqs, 'cli-fn');
    const queue = await createQueue(sqs, 'cli-q');
    const created = await runAws('pip', onward.url, [
      'lambda',
      'create-event-source-mapping',
      '--function-name',
      'cli-fn',
      '--event-source-arn',
      queue.arn,
      '--batch-size',
      '5',
      '--no-enabled',
    ]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.json).toMatchObject({ State: 'Creating', BatchSize: 5 });
    const listed = await runAws('debian', onward.url, ['lambda', 'list-event-source-mappings', '--function-name', 'cli-fn']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.json.EventSourceMappings).toHaveLength(1);
    expect(listed.json.EventSourceMappings[0]).toMatchObject({ UUID: created.json.UUID, State: 'Disabled' });
    const deleted = await runAws('debian', onward.url, ['lambda', 'delete-event-source-mapping', '--uuid', created.json.UUID]);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(deleted.json.State).toBe('Deleting');
    const missing = await runAws('pip', onward.url, ['lambda', 'get-event-source-mapping', '--uuid', created.json.UUID]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
  }, 120_000);
});

describe('the SQS poller', () => {
  it('invokes with the exact SQS event and deletes the batch on success', async () => {
    const record = await createRecorder(lambda, sqs, 'ok-fn');
    const queue = await createQueue(sqs, 'ok-q');
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'ok-fn', EventSourceArn: queue.arn }));
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: 'hello',
        MessageAttributes: {
          Author: { DataType: 'String', StringValue: 'J' },
          Bin: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]) },
        },
      }),
    );
    await onward.advance(0);
    const recorded = await drainRecorded(sqs, record);
    expect(recorded).toHaveLength(1);
    const [r] = recorded[0]!.event.Records;
    expect(Object.keys(r!)).toEqual([
      'messageId',
      'receiptHandle',
      'body',
      'attributes',
      'messageAttributes',
      'md5OfMessageAttributes',
      'md5OfBody',
      'eventSource',
      'eventSourceARN',
      'awsRegion',
    ]);
    expect(r).toMatchObject({
      messageId: sent.MessageId,
      body: 'hello',
      messageAttributes: {
        Author: { stringValue: 'J', stringListValues: [], binaryListValues: [], dataType: 'String' },
        Bin: {
          binaryValue: Buffer.from([1, 2]).toString('base64'),
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Binary',
        },
      },
      md5OfMessageAttributes: sent.MD5OfMessageAttributes,
      md5OfBody: sent.MD5OfMessageBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
    });
    expect(Object.keys(r!.attributes).sort()).toEqual([
      'ApproximateFirstReceiveTimestamp',
      'ApproximateReceiveCount',
      'SenderId',
      'SentTimestamp',
    ]);
    expect(r!.attributes.ApproximateReceiveCount).toBe('1');
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });

    // Ten messages in one batch (BatchSize 10), nothing left behind.
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `m${i}` })),
      }),
    );
    await onward.advance(0);
    const batches = await drainRecorded(sqs, record);
    expect(batches.flatMap((b) => b.event.Records.map((x) => x.body)).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${i}`).sort(),
    );
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('leaves failed batches for the visibility timeout and redrives them at maxReceiveCount', async () => {
    const record = await createRecorder(lambda, sqs, 'fail-fn');
    const dlq = await createQueue(sqs, 'fail-dlq');
    const queue = await createQueue(sqs, 'fail-q', {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'fail-fn', EventSourceArn: queue.arn }));
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'please fail' }));
    await onward.advance(0);
    expect(await drainRecorded(sqs, record)).toHaveLength(1);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 1 });
    await onward.advance(29);
    expect(await drainRecorded(sqs, record)).toHaveLength(0);
    await onward.advance(1);
    const second = await drainRecorded(sqs, record);
    expect(second).toHaveLength(1);
    expect(second[0]!.event.Records[0]!.attributes.ApproximateReceiveCount).toBe('2');
    await onward.advance(30);
    expect(await drainRecorded(sqs, record)).toHaveLength(0);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, AttributeNames: ['All'] }));
    expect(Messages).toHaveLength(1);
    expect(Messages![0]!.MessageId).toBe(sent.MessageId);
    expect(Messages![0]!.Attributes!.DeadLetterQueueSourceArn).toBe(queue.arn);
  });

  it('deletes only what a ReportBatchItemFailures answer does not list', async () => {
    const record = await createRecorder(lambda, sqs, 'report-fn', { REPORT_MODE: 'report' });
    const queue = await createQueue(sqs, 'report-q', { VisibilityTimeout: '10' });
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'report-fn',
        EventSourceArn: queue.arn,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [
          { Id: 'a', MessageBody: 'good 1' },
          { Id: 'b', MessageBody: 'bad 2' },
          { Id: 'c', MessageBody: 'good 3' },
        ],
      }),
    );
    await onward.advance(0);
    expect((await drainRecorded(sqs, record)).flatMap((e) => e.event.Records)).toHaveLength(3);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 1 });
    await onward.advance(10);
    const retried = (await drainRecorded(sqs, record)).flatMap((e) => e.event.Records.map((r) => r.body));
    expect(retried).toEqual(['bad 2']);
  });

  for (const mode of ['empty-id', 'null-id', 'unknown-id', 'wrong-key']) {
    it(`fails the whole batch on a malformed report (${mode})`, async () => {
      const name = `malformed-${mode}`;
      const record = await createRecorder(lambda, sqs, name, { REPORT_MODE: mode });
      const queue = await createQueue(sqs, `${name}-q`, { VisibilityTimeout: '10' });
      await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: name,
          EventSourceArn: queue.arn,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        }),
      );
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: [
            { Id: 'a', MessageBody: 'good 1' },
            { Id: 'b', MessageBody: 'bad 2' },
          ],
        }),
      );
      await onward.advance(0);
      expect((await drainRecorded(sqs, record)).flatMap((e) => e.event.Records)).toHaveLength(2);
      expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 2 });
    });
  }

  it('treats an empty report as success', async () => {
    const record = await createRecorder(lambda, sqs, 'empty-report-fn', { REPORT_MODE: 'report' });
    const queue = await createQueue(sqs, 'empty-report-q');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'empty-report-fn',
        EventSourceArn: queue.arn,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'good' }));
    await onward.advance(0);
    expect(await drainRecorded(sqs, record)).toHaveLength(1);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('gathers up to BatchSize for MaximumBatchingWindowInSeconds of clock time', async () => {
    const record = await createRecorder(lambda, sqs, 'window-fn');
    const queue = await createQueue(sqs, 'window-q');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'window-fn',
        EventSourceArn: queue.arn,
        BatchSize: 25,
        MaximumBatchingWindowInSeconds: 5,
        ScalingConfig: { MaximumConcurrency: 2 },
      }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [0, 1, 2].map((i) => ({ Id: String(i), MessageBody: `w${i}` })),
      }),
    );
    await onward.advance(0);
    expect(await drainRecorded(sqs, record)).toHaveLength(0);
    await onward.advance(5);
    const recorded = await drainRecorded(sqs, record);
    expect(recorded.flatMap((e) => e.event.Records.map((r) => r.body)).sort()).toEqual(['w0', 'w1', 'w2']);
    expect(recorded).toHaveLength(1);
  });

  it('processes a FIFO group in order, never two batches of one group at once', async () => {
    const record = await createRecorder(lambda, sqs, 'fifo-fn');
    const queue = await createQueue(sqs, 'fifo-q.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'fifo-fn',
        EventSourceArn: queue.arn,
        BatchSize: 2,
        ScalingConfig: { MaximumConcurrency: 5 },
      }),
    );
    for (let i = 0; i < 6; i += 1) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: `g-${i} slow`, MessageGroupId: 'g' }));
    }
    await onward.advance(0);
    const recorded = await drainRecorded(sqs, record);
    expect(recorded.flatMap((e) => e.event.Records.map((r) => r.body))).toEqual(
      Array.from({ length: 6 }, (_, i) => `g-${i} slow`),
    );
    for (let i = 1; i < recorded.length; i += 1) expect(recorded[i]!.startedAt).toBeGreaterThanOrEqual(recorded[i - 1]!.endedAt);
    expect(recorded[0]!.event.Records[0]!.attributes).toMatchObject({ MessageGroupId: 'g' });
    expect(recorded[0]!.event.Records[0]!.attributes.SequenceNumber).toMatch(/^\d+$/);
  });

  it('invokes only with records a filter matches and deletes the rest', async () => {
    const record = await createRecorder(lambda, sqs, 'filter-fn');
    const queue = await createQueue(sqs, 'filter-q');
    expect(
      await rejection(
        lambda.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'filter-fn',
            EventSourceArn: queue.arn,
            FilterCriteria: { Filters: [{ Pattern: '{"body": 1' }] },
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidParameterValueException', message: 'Invalid filter pattern definition.', status: 400 });
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'filter-fn',
        EventSourceArn: queue.arn,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { kind: ['keep'] } }) }] },
      }),
    );
    expect(created.FilterCriteria).toEqual({ Filters: [{ Pattern: '{"body":{"kind":["keep"]}}' }] });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [
          { Id: 'a', MessageBody: '{"kind":"keep","n":1}' },
          { Id: 'b', MessageBody: '{"kind":"drop","n":2}' },
          { Id: 'c', MessageBody: 'plain text' },
        ],
      }),
    );
    await onward.advance(0);
    expect((await drainRecorded(sqs, record)).flatMap((e) => e.event.Records.map((r) => r.body))).toEqual([
      '{"kind":"keep","n":1}',
    ]);
    expect(await counts(queue.url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('keeps a mapping whose queue was deleted idle, and reads a queue of that name again', async () => {
    const record = await createRecorder(lambda, sqs, 'gone-fn');
    const queue = await createQueue(sqs, 'gone-q');
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'gone-fn', EventSourceArn: queue.arn }));
    await onward.advance(0);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url }));
    await onward.advance(1);
    await createQueue(sqs, 'gone-q');
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'back' }));
    await onward.advance(0);
    expect((await drainRecorded(sqs, record)).flatMap((e) => e.event.Records.map((r) => r.body))).toEqual(['back']);
  });

  it('stops polling when disabled', async () => {
    const record = await createRecorder(lambda, sqs, 'off-fn');
    const queue = await createQueue(sqs, 'off-q');
    const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'off-fn', EventSourceArn: queue.arn }));
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'x' }));
    await onward.advance(0);
    expect(await drainRecorded(sqs, record)).toHaveLength(0);
    expect(await counts(queue.url)).toEqual({ visible: 1, inFlight: 0 });
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: true }));
    await onward.advance(0);
    expect(await drainRecorded(sqs, record)).toHaveLength(1);
  });
});
