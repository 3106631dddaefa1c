/**
 * Lambda event source mappings on Kinesis streams: the mapping shape and validation, the Kinesis event,
 * shard order, bisection of a poison record, retries, record age, ReportBatchItemFailures checkpointing,
 * and the stream failure record on an SQS on-failure destination, on the manual clock.
 */
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateStreamCommand, PutRecordCommand, PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { startTestOnward, type TestOnward } from '../helpers/onward.ts';
import {
  ACCOUNT,
  clients,
  createQueue,
  createRecorder,
  drainRecorded,
  kinesisClient,
  ROLE,
  type RecordedEvent,
} from './esm-helpers.ts';

let onward: TestOnward;
let lambda: LambdaClient;
let sqs: SQSClient;
let kinesis: KinesisClient;
let sns: SNSClient;

beforeAll(async () => {
  onward = await startTestOnward();
  ({ lambda, sqs } = clients(onward));
  kinesis = kinesisClient(onward.url);
  sns = new SNSClient(clients(onward).config);
});

afterAll(async () => {
  lambda.destroy();
  sqs.destroy();
  kinesis.destroy();
  sns.destroy();
  await onward.stop();
});

const streamArn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;

async function stream(name: string, shards = 1) {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return streamArn(name);
}

async function put(name: string, payloads: string[], key = 'k') {
  const { Records } = await kinesis.send(
    new PutRecordsCommand({ StreamName: name, Records: payloads.map((p) => ({ PartitionKey: key, Data: Buffer.from(p) })) }),
  );
  return Records!.map((r) => r.SequenceNumber!);
}

const payloads = (e: RecordedEvent) => e.event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));

async function failureRecords(url: string) {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
  return (Messages ?? []).map((m) => JSON.parse(m.Body!));
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string };
    return { name: e.name, message: e.message };
  }
  throw new Error('expected a rejection');
}

describe('Kinesis mappings', () => {
  it('answers with the stream mapping shape and refuses what Lambda refuses', async () => {
    await createRecorder(lambda, sqs, 'k-api');
    const arn = await stream('k-api');
    expect(
      await rejection(lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'k-api', EventSourceArn: arn }))),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(
      await rejection(
        lambda.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'k-api',
            EventSourceArn: streamArn('missing'),
            StartingPosition: 'LATEST',
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidParameterValueException', message: `Stream not found: ${streamArn('missing')}` });
    expect(
      await rejection(
        lambda.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'k-api',
            EventSourceArn: arn,
            StartingPosition: 'LATEST',
            DestinationConfig: { OnSuccess: { Destination: `arn:aws:sqs:us-east-1:${ACCOUNT}:x` } },
          }),
        ),
      ),
    ).toEqual({
      name: 'InvalidParameterValueException',
      message: 'Unsupported DestinationConfig parameter for given event source mapping type.',
    });
    expect(
      await rejection(
        lambda.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'k-api',
            EventSourceArn: arn,
            StartingPosition: 'LATEST',
            ParallelizationFactor: 11,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ValidationException' });
    expect(
      await rejection(
        lambda.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'k-api',
            EventSourceArn: arn,
            StartingPosition: 'LATEST',
            MaximumRecordAgeInSeconds: 30,
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterValueException' });

    const created = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-api',
        EventSourceArn: arn,
        StartingPosition: 'LATEST',
        Enabled: false,
      }),
    );
    expect(created).toMatchObject({
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
      EventSourceArn: arn,
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:k-api`,
      LastProcessingResult: 'No records processed',
      State: 'Creating',
      StateTransitionReason: 'User action',
      DestinationConfig: { OnFailure: {} },
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: -1,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [],
    });
    const cli = await runAws('pip', onward.url, ['lambda', 'get-event-source-mapping', '--uuid', created.UUID!]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.json).toMatchObject({ State: 'Disabled', StartingPosition: 'LATEST' });
  });

  it('delivers the Kinesis event in shard order', async () => {
    const record = await createRecorder(lambda, sqs, 'k-ok');
    const arn = await stream('k-ok');
    await put('k-ok', ['before']);
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-ok',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 2,
      }),
    );
    const sequence = await put('k-ok', ['{"n":1}', '{"n":2}', '{"n":3}']);
    await onward.advance(0);
    const recorded = await drainRecorded(sqs, record);
    expect(recorded.flatMap(payloads)).toEqual(['before', '{"n":1}', '{"n":2}', '{"n":3}']);
    expect(recorded.every((e) => e.event.Records.length <= 2)).toBe(true);
    const second = recorded.flatMap((e) => e.event.Records)[1]!;
    expect(second).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'k',
        sequenceNumber: sequence[0],
        data: Buffer.from('{"n":1}').toString('base64'),
        approximateArrivalTimestamp: expect.any(Number),
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequence[0]}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: ROLE,
      awsRegion: 'us-east-1',
      eventSourceARN: arn,
    });
    expect(Math.abs(second.kinesis.approximateArrivalTimestamp - onward.clock.now() / 1000)).toBeLessThan(5);
  });

  it('starts at LATEST without the records already there', async () => {
    const record = await createRecorder(lambda, sqs, 'k-latest');
    const arn = await stream('k-latest');
    await put('k-latest', ['old']);
    await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'k-latest', EventSourceArn: arn, StartingPosition: 'LATEST' }),
    );
    await onward.advance(0);
    await put('k-latest', ['new']);
    await onward.advance(0);
    expect((await drainRecorded(sqs, record)).flatMap(payloads)).toEqual(['new']);
  });

  it('bisects around a poison record: only it reaches the failure destination, every good record is processed', async () => {
    const record = await createRecorder(lambda, sqs, 'k-poison');
    const arn = await stream('k-poison');
    const destination = await createQueue(sqs, 'k-poison-failures');
    const mapping = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-poison',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 8,
        MaximumBatchingWindowInSeconds: 1,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: destination.arn } },
      }),
    );
    const sequence = await put('k-poison', ['g0', 'g1', 'g2', 'g3', 'g4 fail', 'g5', 'g6', 'g7']);
    await onward.advance(1);
    const recorded = await drainRecorded(sqs, record);
    const succeeded = recorded.filter((e) => !payloads(e).some((p) => p.includes('fail'))).flatMap(payloads);
    expect(succeeded.sort()).toEqual(['g0', 'g1', 'g2', 'g3', 'g5', 'g6', 'g7']);
    const failures = await failureRecords(destination.url);
    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(Object.keys(failure)).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo']);
    expect(failure.requestContext).toMatchObject({
      functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:k-poison`,
      condition: 'RetryAttemptsExhausted',
    });
    expect(failure.requestContext.approximateInvokeCount).toBeGreaterThanOrEqual(1);
    expect(failure.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(failure.version).toBe('1.0');
    expect(failure.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(failure.KinesisBatchInfo).toEqual({
      shardId: 'shardId-000000000000',
      startSequenceNumber: sequence[4],
      endSequenceNumber: sequence[4],
      approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
      approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
      batchSize: 1,
      streamArn: arn,
    });
    // The shard goes on after the discarded record.
    await put('k-poison', ['after']);
    await onward.advance(1);
    expect((await drainRecorded(sqs, record)).flatMap(payloads)).toEqual(['after']);
    expect(mapping.UUID).toBeTruthy();
  });

  it('retries a failing batch on the clock until MaximumRetryAttempts, blocking the shard meanwhile', async () => {
    const record = await createRecorder(lambda, sqs, 'k-retry');
    const arn = await stream('k-retry');
    const destination = await createQueue(sqs, 'k-retry-failures');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-retry',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: destination.arn } },
      }),
    );
    await put('k-retry', ['x fail']);
    await onward.advance(0);
    await put('k-retry', ['next']);
    await onward.advance(0);
    expect((await drainRecorded(sqs, record)).flatMap(payloads)).toEqual(['x fail']);
    await onward.advance(60);
    expect((await drainRecorded(sqs, record)).flatMap(payloads)).toEqual(['x fail', 'x fail', 'next']);
    const [failure] = await failureRecords(destination.url);
    expect(failure.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 });
  });

  it('publishes the failure record to an SNS on-failure destination', async () => {
    await createRecorder(lambda, sqs, 'k-sns');
    const arn = await stream('k-sns');
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'k-sns-failures' }));
    const subscriber = await createQueue(sqs, 'k-sns-subscriber');
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: subscriber.arn }));
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-sns',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: TopicArn } },
      }),
    );
    const sequence = await put('k-sns', ['y fail']);
    await onward.advance(0);
    const [envelope] = await failureRecords(subscriber.url);
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn });
    const failure = JSON.parse(envelope.Message);
    expect(failure.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 });
    expect(failure.KinesisBatchInfo).toMatchObject({ startSequenceNumber: sequence[0], batchSize: 1, streamArn: arn });
  });

  it('discards a record that ages out with RecordAgeExceeded and no responseContext', async () => {
    const record = await createRecorder(lambda, sqs, 'k-age');
    const arn = await stream('k-age');
    const destination = await createQueue(sqs, 'k-age-failures');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-age',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: destination.arn } },
      }),
    );
    await put('k-age', ['old fail']);
    await onward.advance(0);
    await onward.advance(120);
    const invocations = (await drainRecorded(sqs, record)).length;
    expect(invocations).toBeGreaterThan(1);
    const failures = await failureRecords(destination.url);
    expect(failures).toHaveLength(1);
    expect(Object.keys(failures[0])).toEqual(['requestContext', 'version', 'timestamp', 'KinesisBatchInfo']);
    expect(failures[0].requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: invocations });
    await onward.advance(120);
    expect(await drainRecorded(sqs, record)).toHaveLength(0);
  });

  it('checkpoints before the lowest reported failure and retries from there', async () => {
    const record = await createRecorder(lambda, sqs, 'k-report', { REPORT_MODE: 'report' });
    const arn = await stream('k-report');
    const destination = await createQueue(sqs, 'k-report-failures');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-report',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 1,
        MaximumBatchingWindowInSeconds: 1,
        DestinationConfig: { OnFailure: { Destination: destination.arn } },
      }),
    );
    const sequence = await put('k-report', ['g1', 'bad2', 'g3']);
    await onward.advance(1);
    await onward.advance(5);
    const recorded = await drainRecorded(sqs, record);
    expect(recorded.map(payloads)).toEqual([
      ['g1', 'bad2', 'g3'],
      ['bad2', 'g3'],
    ]);
    const [failure] = await failureRecords(destination.url);
    expect(failure.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: sequence[1],
      endSequenceNumber: sequence[2],
      batchSize: 2,
    });
    expect(failure.responseContext.functionError).toBeNull();
  });

  it('fails the whole batch on a malformed report', async () => {
    const record = await createRecorder(lambda, sqs, 'k-malformed', { REPORT_MODE: 'wrong-key' });
    const arn = await stream('k-malformed');
    const destination = await createQueue(sqs, 'k-malformed-failures');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-malformed',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 0,
        MaximumBatchingWindowInSeconds: 1,
        DestinationConfig: { OnFailure: { Destination: destination.arn } },
      }),
    );
    await put('k-malformed', ['g1', 'bad2']);
    await onward.advance(1);
    expect((await drainRecorded(sqs, record)).map(payloads)).toEqual([['g1', 'bad2']]);
    const [failure] = await failureRecords(destination.url);
    expect(failure.KinesisBatchInfo.batchSize).toBe(2);
  });

  it('skips records a filter does not match', async () => {
    const record = await createRecorder(lambda, sqs, 'k-filter');
    const arn = await stream('k-filter');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-filter',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ data: { kind: ['keep'] } }) }] },
      }),
    );
    await put('k-filter', ['{"kind":"drop"}', '{"kind":"keep"}', 'not json']);
    await onward.advance(0);
    expect((await drainRecorded(sqs, record)).flatMap(payloads)).toEqual(['{"kind":"keep"}']);
  });

  it('keeps order per partition key with a ParallelizationFactor', async () => {
    const record = await createRecorder(lambda, sqs, 'k-parallel');
    const arn = await stream('k-parallel');
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'k-parallel',
        EventSourceArn: arn,
        StartingPosition: 'TRIM_HORIZON',
        ParallelizationFactor: 3,
        BatchSize: 2,
        MaximumBatchingWindowInSeconds: 1,
      }),
    );
    for (const key of ['a', 'b', 'c', 'd']) {
      await kinesis.send(new PutRecordCommand({ StreamName: 'k-parallel', PartitionKey: key, Data: Buffer.from(`${key}1`) }));
    }
    for (const key of ['a', 'b', 'c', 'd']) {
      await kinesis.send(new PutRecordCommand({ StreamName: 'k-parallel', PartitionKey: key, Data: Buffer.from(`${key}2`) }));
    }
    await onward.advance(1);
    const seen = (await drainRecorded(sqs, record)).flatMap(payloads);
    expect([...seen].sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2']);
    for (const key of ['a', 'b', 'c', 'd']) expect(seen.indexOf(`${key}1`)).toBeLessThan(seen.indexOf(`${key}2`));
  });
});
