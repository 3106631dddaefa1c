/** Kinesis Data Streams over JSON 1.1 with the real SDK and both CLIs: streams, shards, records, iterators, retention. */
import {
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  type KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { kinesisClient } from './esm-helpers.ts';
import { startTestOnward, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let kinesis: KinesisClient;
const ACCOUNT = '000000000000';

beforeAll(async () => {
  onward = await startTestOnward();
  kinesis = kinesisClient(onward.url);
});

afterAll(async () => {
  kinesis.destroy();
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

const text = (data: Uint8Array | undefined) => Buffer.from(data!).toString('utf8');

describe('streams', () => {
  it('creates provisioned and on-demand streams, describes, lists and deletes them', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'two', ShardCount: 2 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 20 }, { StreamName: 'two' });
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: 'two' }));
    expect(StreamDescription).toMatchObject({
      StreamName: 'two',
      StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/two`,
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      HasMoreShards: false,
      RetentionPeriodHours: 24,
      EncryptionType: 'NONE',
    });
    expect(StreamDescription!.StreamCreationTimestamp).toBeInstanceOf(Date);
    expect(StreamDescription!.Shards!.map((s) => [s.ShardId, s.HashKeyRange])).toEqual([
      ['shardId-000000000000', { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' }],
      [
        'shardId-000000000001',
        { StartingHashKey: '170141183460469231731687303715884105728', EndingHashKey: '340282366920938463463374607431768211455' },
      ],
    ]);
    expect(StreamDescription!.Shards![0]!.SequenceNumberRange!.StartingSequenceNumber).toMatch(/^\d{56}$/);

    await kinesis.send(new CreateStreamCommand({ StreamName: 'auto', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    const summary = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/auto` }),
    );
    expect(summary.StreamDescriptionSummary).toMatchObject({
      OpenShardCount: 4,
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      ConsumerCount: 0,
    });
    const shards = await kinesis.send(new ListShardsCommand({ StreamName: 'auto', MaxResults: 3 }));
    expect(shards.Shards).toHaveLength(3);
    const more = await kinesis.send(new ListShardsCommand({ NextToken: shards.NextToken }));
    expect(more.Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000003']);
    expect(more.NextToken).toBeUndefined();

    const listed = await kinesis.send(new ListStreamsCommand({ Limit: 1 }));
    expect(listed.StreamNames).toEqual(['auto']);
    expect(listed.HasMoreStreams).toBe(true);
    const next = await kinesis.send(new ListStreamsCommand({ NextToken: listed.NextToken }));
    expect(next.StreamNames).toEqual(['two']);
    expect(next.StreamSummaries![0]).toMatchObject({ StreamName: 'two', StreamStatus: 'ACTIVE' });

    expect(await rejection(kinesis.send(new CreateStreamCommand({ StreamName: 'two', ShardCount: 1 })))).toEqual({
      name: 'ResourceInUseException',
      message: `Stream two under account ${ACCOUNT} already exists.`,
      status: 400,
    });
    await kinesis.send(new DeleteStreamCommand({ StreamName: 'auto' }));
    expect(await rejection(kinesis.send(new DescribeStreamCommand({ StreamName: 'auto' })))).toEqual({
      name: 'ResourceNotFoundException',
      message: `Stream auto under account ${ACCOUNT} not found.`,
      status: 400,
    });
  });

  it('changes retention within AWS limits and trims records by the clock', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'ret', ShardCount: 1 }));
    expect(
      await rejection(kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 12 }))),
    ).toMatchObject({
      name: 'InvalidArgumentException',
      message: 'Minimum allowed retention period is 24 hours. Requested retention period (12 hours) is too short.',
    });
    await kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 48 }));
    expect(
      await rejection(kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 30 }))),
    ).toMatchObject({
      name: 'InvalidArgumentException',
    });
    await kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'ret', RetentionPeriodHours: 24 }));
    await kinesis.send(new PutRecordCommand({ StreamName: 'ret', PartitionKey: 'k', Data: Buffer.from('old') }));
    await onward.advance(23 * 3600);
    await kinesis.send(new PutRecordCommand({ StreamName: 'ret', PartitionKey: 'k', Data: Buffer.from('new') }));
    const read = async () => {
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({ StreamName: 'ret', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
      );
      return (await kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records!.map((r) => text(r.Data));
    };
    expect(await read()).toEqual(['old', 'new']);
    await onward.advance(3600 + 1);
    expect(await read()).toEqual(['new']);
  });
});

describe('records', () => {
  it('routes by partition key hash, numbers records per shard, and reads them back with every iterator type', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'rec', ShardCount: 2 }));
    // md5("a") is in the lower half of the hash key space, md5("b") in the upper half.
    const a1 = await kinesis.send(new PutRecordCommand({ StreamName: 'rec', PartitionKey: 'a', Data: Buffer.from('a1') }));
    const b1 = await kinesis.send(new PutRecordCommand({ StreamName: 'rec', PartitionKey: 'b', Data: Buffer.from('b1') }));
    expect(a1.ShardId).toBe('shardId-000000000000');
    expect(b1.ShardId).toBe('shardId-000000000001');
    expect(a1.EncryptionType).toBe('NONE');
    const batch = await kinesis.send(
      new PutRecordsCommand({
        StreamName: 'rec',
        Records: [
          { PartitionKey: 'a', Data: Buffer.from('a2') },
          { PartitionKey: 'a', Data: Buffer.from('a3') },
          { PartitionKey: 'x', ExplicitHashKey: '340282366920938463463374607431768211455', Data: Buffer.from('b2') },
        ],
      }),
    );
    expect(batch.FailedRecordCount).toBe(0);
    expect(batch.Records!.map((r) => r.ShardId)).toEqual([
      'shardId-000000000000',
      'shardId-000000000000',
      'shardId-000000000001',
    ]);
    const [a2, a3] = batch.Records!;
    expect(BigInt(a2!.SequenceNumber!) > BigInt(a1.SequenceNumber!)).toBe(true);
    expect(BigInt(a3!.SequenceNumber!) > BigInt(a2!.SequenceNumber!)).toBe(true);

    const iterator = async (type: string, extra: Record<string, unknown> = {}) =>
      (
        await kinesis.send(
          new GetShardIteratorCommand({
            StreamName: 'rec',
            ShardId: 'shardId-000000000000',
            ShardIteratorType: type as 'LATEST',
            ...extra,
          }),
        )
      ).ShardIterator!;
    const trim = await kinesis.send(new GetRecordsCommand({ ShardIterator: await iterator('TRIM_HORIZON'), Limit: 2 }));
    expect(trim.Records!.map((r) => text(r.Data))).toEqual(['a1', 'a2']);
    expect(trim.Records![0]).toMatchObject({ SequenceNumber: a1.SequenceNumber, PartitionKey: 'a' });
    expect(trim.Records![0]!.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(trim.MillisBehindLatest).toBeGreaterThanOrEqual(0);
    const rest = await kinesis.send(new GetRecordsCommand({ ShardIterator: trim.NextShardIterator }));
    expect(rest.Records!.map((r) => text(r.Data))).toEqual(['a3']);
    expect(rest.MillisBehindLatest).toBe(0);

    const at = await kinesis.send(
      new GetRecordsCommand({
        ShardIterator: await iterator('AT_SEQUENCE_NUMBER', { StartingSequenceNumber: a2!.SequenceNumber }),
      }),
    );
    expect(at.Records!.map((r) => text(r.Data))).toEqual(['a2', 'a3']);
    const after = await kinesis.send(
      new GetRecordsCommand({
        ShardIterator: await iterator('AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: a2!.SequenceNumber }),
      }),
    );
    expect(after.Records!.map((r) => text(r.Data))).toEqual(['a3']);
    const latest = await iterator('LATEST');
    expect((await kinesis.send(new GetRecordsCommand({ ShardIterator: latest }))).Records).toEqual([]);
    await kinesis.send(new PutRecordCommand({ StreamName: 'rec', PartitionKey: 'a', Data: Buffer.from('a4') }));
    expect((await kinesis.send(new GetRecordsCommand({ ShardIterator: latest }))).Records!.map((r) => text(r.Data))).toEqual([
      'a4',
    ]);

    await onward.advance(10);
    await kinesis.send(new PutRecordCommand({ StreamName: 'rec', PartitionKey: 'a', Data: Buffer.from('a5') }));
    const stamped = await kinesis.send(
      new GetRecordsCommand({
        ShardIterator: await iterator('AT_TIMESTAMP', { Timestamp: new Date(onward.clock.now() - 1000) }),
      }),
    );
    expect(stamped.Records!.map((r) => text(r.Data))).toEqual(['a5']);

    const old = await iterator('TRIM_HORIZON');
    await onward.advance(301);
    expect(await rejection(kinesis.send(new GetRecordsCommand({ ShardIterator: old })))).toMatchObject({
      name: 'ExpiredIteratorException',
      status: 400,
    });
  });

  it('answers bad input with Kinesis errors', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'bad', ShardCount: 1 }));
    expect(
      await rejection(kinesis.send(new PutRecordCommand({ StreamName: 'nope', PartitionKey: 'k', Data: Buffer.from('x') }))),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: `Stream nope under account ${ACCOUNT} not found.`,
      status: 400,
    });
    expect(
      await rejection(
        kinesis.send(
          new GetShardIteratorCommand({ StreamName: 'bad', ShardId: 'shardId-000000000009', ShardIteratorType: 'LATEST' }),
        ),
      ),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: `Shard shardId-000000000009 in stream bad under account ${ACCOUNT} does not exist`,
      status: 400,
    });
    expect(await rejection(kinesis.send(new GetRecordsCommand({ ShardIterator: 'garbage' })))).toMatchObject({
      name: 'InvalidArgumentException',
    });
    expect(
      await rejection(kinesis.send(new PutRecordCommand({ StreamName: 'bad', PartitionKey: '', Data: Buffer.from('x') }))),
    ).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('is driven by both AWS CLIs', async () => {
    for (const flavour of ['pip', 'debian'] as const) {
      const name = `cli-${flavour}`;
      const created = await runAws(flavour, onward.url, [
        'kinesis',
        'create-stream',
        '--stream-name',
        name,
        '--shard-count',
        '1',
      ]);
      expect(created.status, created.stderr).toBe(0);
      const put = await runAws(flavour, onward.url, [
        'kinesis',
        'put-record',
        '--stream-name',
        name,
        '--partition-key',
        'k',
        '--data',
        // CLI v1 sends the text and encodes it; CLI v2 takes blobs as base64.
        flavour === 'pip' ? 'hello' : Buffer.from('hello').toString('base64'),
      ]);
      expect(put.status, put.stderr).toBe(0);
      expect(put.json.ShardId).toBe('shardId-000000000000');
      const iterator = await runAws(flavour, onward.url, [
        'kinesis',
        'get-shard-iterator',
        '--stream-name',
        name,
        '--shard-id',
        'shardId-000000000000',
        '--shard-iterator-type',
        'TRIM_HORIZON',
      ]);
      const records = await runAws(flavour, onward.url, [
        'kinesis',
        'get-records',
        '--shard-iterator',
        iterator.json.ShardIterator,
      ]);
      expect(records.status, records.stderr).toBe(0);
      expect(Buffer.from(records.json.Records[0].Data, 'base64').toString()).toBe('hello');
      const described = await runAws(flavour, onward.url, ['kinesis', 'describe-stream-summary', '--stream-name', name]);
      expect(described.json.StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
    }
  }, 120_000);
});
