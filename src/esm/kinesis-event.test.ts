import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  kinesisEventRecord,
  kinesisFilterView,
  lanesByPartitionKey,
  streamFailureRecord,
} from './kinesis-event.ts';

const record = { sequenceNumber: '4001', partitionKey: 'k', data: Buffer.from('{"n":1}'), arrivalMs: 1_545_084_650_987 };
const context = {
  shardId: 'shardId-000000000000',
  streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
  region: 'us-east-1',
  invokeIdentityArn: 'arn:aws:iam::000000000000:role/r',
};

describe('kinesis event', () => {
  it('renders the record with its key order and seconds timestamp', () => {
    const rendered = kinesisEventRecord(record, context);
    expect(rendered).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'k',
        sequenceNumber: '4001',
        data: Buffer.from('{"n":1}').toString('base64'),
        approximateArrivalTimestamp: 1545084650.987,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: 'shardId-000000000000:4001',
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/r',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
    });
    expect(kinesisFilterView(rendered)).toMatchObject({ partitionKey: 'k', data: { n: 1 } });
  });

  it('renders the failure record in AWS key order, without responseContext for RecordAgeExceeded', () => {
    const base = {
      requestId: 'r',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
      approximateInvokeCount: 2,
      timestampMs: 0,
      shardId: 'shardId-000000000001',
      streamArn: context.streamArn,
      records: [record, { ...record, sequenceNumber: '4002', arrivalMs: record.arrivalMs + 1 }],
    };
    const exhausted = streamFailureRecord({
      ...base,
      condition: 'RetryAttemptsExhausted',
      response: { executedVersion: '$LATEST', functionError: 'Unhandled' },
    });
    expect(Object.keys(exhausted)).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo']);
    expect(exhausted.KinesisBatchInfo).toEqual({
      shardId: 'shardId-000000000001',
      startSequenceNumber: '4001',
      endSequenceNumber: '4002',
      approximateArrivalOfFirstRecord: '2018-12-17T22:10:50.987Z',
      approximateArrivalOfLastRecord: '2018-12-17T22:10:50.988Z',
      batchSize: 2,
      streamArn: context.streamArn,
    });
    const aged = streamFailureRecord({ ...base, condition: 'RecordAgeExceeded' });
    expect(Object.keys(aged)).toEqual(['requestContext', 'version', 'timestamp', 'KinesisBatchInfo']);
  });

  it('keeps each partition key in one lane, in order', () => {
    const records = ['a', 'b', 'a', 'c', 'b', 'a'].map((partitionKey, i) => ({ partitionKey, i }));
    const lanes = lanesByPartitionKey(records, 3);
    for (const lane of lanes) {
      const keys = new Set(lane.map((r) => r.partitionKey));
      for (const key of keys) {
        const order = lane.filter((r) => r.partitionKey === key).map((r) => r.i);
        expect(order).toEqual([...order].sort((x, y) => x - y));
      }
    }
    expect(lanes.flat()).toHaveLength(6);
    expect(lanesByPartitionKey(records, 1)).toEqual([records]);
  });

  it('decides bisect, retry or discard', () => {
    const base = {
      size: 4,
      bisect: true,
      retriesUsed: 0,
      maximumRetryAttempts: 1,
      oldestAgeSeconds: 5,
      maximumRecordAgeInSeconds: -1,
    };
    expect(afterFailure(base)).toEqual({ kind: 'bisect', halves: [2, 2] });
    expect(afterFailure({ ...base, size: 3 })).toEqual({ kind: 'bisect', halves: [2, 1] });
    expect(afterFailure({ ...base, size: 1 })).toEqual({ kind: 'retry' });
    expect(afterFailure({ ...base, size: 1, retriesUsed: 1 })).toEqual({ kind: 'discard', condition: 'RetryAttemptsExhausted' });
    expect(afterFailure({ ...base, size: 1, retriesUsed: 99, maximumRetryAttempts: -1 })).toEqual({ kind: 'retry' });
    expect(afterFailure({ ...base, maximumRecordAgeInSeconds: 60, oldestAgeSeconds: 61 })).toEqual({
      kind: 'discard',
      condition: 'RecordAgeExceeded',
    });
  });
});
