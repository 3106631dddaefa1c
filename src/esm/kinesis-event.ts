/** The Kinesis records Lambda sends, the stream failure record, and how a batch is split. Pure. */

export interface StreamRecordView {
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
  arrivalMs: number;
}

export interface KinesisEventContext {
  shardId: string;
  streamArn: string;
  region: string;
  /** The function's execution role. */
  invokeIdentityArn: string;
}

export function kinesisEventRecord(record: StreamRecordView, context: KinesisEventContext): Record<string, unknown> {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: record.data.toString('base64'),
      approximateArrivalTimestamp: record.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${context.shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: context.invokeIdentityArn,
    awsRegion: context.region,
    eventSourceARN: context.streamArn,
  };
}

/**
 * What an event filter sees of a Kinesis record: the `kinesis` fields (partitionKey, sequenceNumber, ...)
 * with `data` decoded when it is JSON, as Lambda filters it (`{"data": {...}}`, `{"partitionKey": [...]}`).
 */
export function kinesisFilterView(record: Record<string, unknown>): Record<string, unknown> {
  const kinesis = record.kinesis as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(kinesis.data as string, 'base64').toString('utf8'));
    if (parsed !== null && typeof parsed === 'object') return { ...kinesis, data: parsed };
  } catch {
    // Not JSON: filters see the base64 string.
  }
  return kinesis;
}

export type StreamFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface StreamFailure {
  requestId: string;
  /** Unqualified function ARN. */
  functionArn: string;
  condition: StreamFailureCondition;
  approximateInvokeCount: number;
  /** Absent for RecordAgeExceeded (no invocation answered). */
  response?: { executedVersion: string; functionError: string | null };
  timestampMs: number;
  shardId: string;
  streamArn: string;
  records: readonly StreamRecordView[];
}

/** The failure record sent to an on-failure destination, in AWS's key order. */
export function streamFailureRecord(failure: StreamFailure): Record<string, unknown> {
  const first = failure.records[0]!;
  const last = failure.records[failure.records.length - 1]!;
  return {
    requestContext: {
      requestId: failure.requestId,
      functionArn: failure.functionArn,
      condition: failure.condition,
      approximateInvokeCount: failure.approximateInvokeCount,
    },
    ...(failure.response
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: failure.response.executedVersion,
            functionError: failure.response.functionError,
          },
        }
      : {}),
    version: '1.0',
    timestamp: new Date(failure.timestampMs).toISOString(),
    KinesisBatchInfo: {
      shardId: failure.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: new Date(first.arrivalMs).toISOString(),
      approximateArrivalOfLastRecord: new Date(last.arrivalMs).toISOString(),
      batchSize: failure.records.length,
      streamArn: failure.streamArn,
    },
  };
}

/** ParallelizationFactor: records of one partition key always land in the same lane, in order. */
export function lanesByPartitionKey<T extends { partitionKey: string }>(records: readonly T[], factor: number): T[][] {
  const lanes: T[][] = Array.from({ length: factor }, () => []);
  for (const record of records) {
    let hash = 0;
    for (const char of record.partitionKey) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    lanes[hash % factor]!.push(record);
  }
  return lanes.filter((lane) => lane.length > 0);
}

/** A batch that failed: what to try next. Bisecting does not use up retries; a plain retry does. */
export type FailedBatchStep =
  { kind: 'bisect'; halves: [number, number] } | { kind: 'retry' } | { kind: 'discard'; condition: StreamFailureCondition };

export function afterFailure(options: {
  size: number;
  bisect: boolean;
  retriesUsed: number;
  maximumRetryAttempts: number;
  /** Age of the oldest record in seconds, against MaximumRecordAgeInSeconds (-1: none). */
  oldestAgeSeconds: number;
  maximumRecordAgeInSeconds: number;
}): FailedBatchStep {
  if (options.maximumRecordAgeInSeconds !== -1 && options.oldestAgeSeconds > options.maximumRecordAgeInSeconds) {
    return { kind: 'discard', condition: 'RecordAgeExceeded' };
  }
  if (options.bisect && options.size > 1) {
    const first = Math.ceil(options.size / 2);
    return { kind: 'bisect', halves: [first, options.size - first] };
  }
  if (options.maximumRetryAttempts !== -1 && options.retriesUsed >= options.maximumRetryAttempts) {
    return { kind: 'discard', condition: 'RetryAttemptsExhausted' };
  }
  return { kind: 'retry' };
}
