/** PutRecord, PutRecords, GetShardIterator, GetRecords. */
import type { NewKinesisRecord, StreamRecord } from '../../store/kinesis-store.ts';
import type { RequestContext } from '../service.ts';
import {
  ExpiredIteratorException,
  InvalidArgumentException,
  ResourceNotFoundException,
  streamNotFound,
  validationException,
  violation,
} from './errors.ts';
import { resolveStream, type KinesisContext } from './kinesis-context.ts';
import { decodeShardIterator, encodeShardIterator, ITERATOR_LIFETIME_MS } from './shard-iterator.ts';
import { parseSequenceNumber, partitionHashKey, sequenceNumber, shardIndexFor, shardIndexOf } from './shard-math.ts';

const MAX_RECORD_BYTES = 1_048_576;
const MAX_PUT_RECORDS = 500;
const MAX_GET_RECORDS = 10_000;
const ITERATOR_TYPES = ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'];

/** The earliest arrival time still inside the stream's retention period. */
export function retentionStartMs(stream: StreamRecord, nowMs: number): number {
  return nowMs - stream.retentionHours * 3_600_000;
}

interface PreparedRecord extends NewKinesisRecord {
  shardId: string;
}

function prepare(stream: StreamRecord, entry: Record<string, unknown>, member: string, nowMs: number): PreparedRecord {
  const violations: string[] = [];
  const key = entry.PartitionKey;
  if (typeof key !== 'string') violations.push(violation(undefined, `${member}partitionKey`, 'Member must not be null'));
  else if (key.length < 1 || key.length > 256) {
    violations.push(
      violation(
        key,
        `${member}partitionKey`,
        `Member must have length ${key.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 256'}`,
      ),
    );
  }
  if (entry.Data === undefined || entry.Data === null)
    violations.push(violation(undefined, `${member}data`, 'Member must not be null'));
  if (violations.length > 0) throw validationException(violations);
  const data = Buffer.from(String(entry.Data), 'base64');
  if (data.length > MAX_RECORD_BYTES) {
    throw validationException([
      violation('java.nio.HeapByteBuffer', `${member}data`, `Member must have length less than or equal to ${MAX_RECORD_BYTES}`),
    ]);
  }
  let hashKey: bigint;
  if (typeof entry.ExplicitHashKey === 'string') {
    if (!/^\d{1,39}$/.test(entry.ExplicitHashKey) || BigInt(entry.ExplicitHashKey) >= 1n << 128n) {
      throw InvalidArgumentException(
        `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${entry.ExplicitHashKey}`,
      );
    }
    hashKey = BigInt(entry.ExplicitHashKey);
  } else {
    hashKey = partitionHashKey(key as string);
  }
  const shardIndex = shardIndexFor(hashKey, stream.shards);
  return { shardIndex, shardId: stream.shards[shardIndex]!.shardId, partitionKey: key as string, data, arrivalMs: nowMs };
}

export function recordOperations(context: KinesisContext) {
  const { store, clock } = context;

  async function append(stream: StreamRecord, records: PreparedRecord[]) {
    // Retention is enforced at read time; old rows go with the next write.
    void store.trim(stream.id, retentionStartMs(stream, clock.now()));
    const appended = store.appendRecords(stream.id, records);
    context.notifyRecords(stream.id);
    const positions = await appended;
    return records.map((r, i) => ({
      SequenceNumber: sequenceNumber(stream.createdAtMs, r.shardIndex, positions[i]!),
      ShardId: r.shardId,
    }));
  }

  async function PutRecord(input: Record<string, unknown>, request: RequestContext) {
    const stream = resolveStream(context, input, request);
    const [result] = await append(stream, [prepare(stream, input, '', clock.now())]);
    return { ShardId: result!.ShardId, SequenceNumber: result!.SequenceNumber, EncryptionType: 'NONE' };
  }

  async function PutRecords(input: Record<string, unknown>, request: RequestContext) {
    const entries = input.Records;
    if (!Array.isArray(entries)) throw validationException([violation(undefined, 'records', 'Member must not be null')]);
    if (entries.length < 1 || entries.length > MAX_PUT_RECORDS) {
      throw validationException([
        violation(
          `[${entries.length} records]`,
          'records',
          `Member must have length ${entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PUT_RECORDS}`}`,
        ),
      ]);
    }
    const stream = resolveStream(context, input, request);
    const nowMs = clock.now();
    const prepared = entries.map((entry, i) =>
      prepare(stream, entry as Record<string, unknown>, `records.${i + 1}.member.`, nowMs),
    );
    const results = await append(stream, prepared);
    return { FailedRecordCount: 0, Records: results, EncryptionType: 'NONE' };
  }

  function GetShardIterator(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const type = input.ShardIteratorType;
    if (typeof input.ShardId !== 'string') violations.push(violation(undefined, 'shardId', 'Member must not be null'));
    if (typeof type !== 'string') violations.push(violation(undefined, 'shardIteratorType', 'Member must not be null'));
    else if (!ITERATOR_TYPES.includes(type)) {
      violations.push(violation(type, 'shardIteratorType', `Member must satisfy enum value set: [${ITERATOR_TYPES.join(', ')}]`));
    }
    if (violations.length > 0) throw validationException(violations);
    const stream = resolveStream(context, input, request);
    const shardIdText = input.ShardId as string;
    const shardIndex = shardIndexOf(shardIdText);
    const shard = shardIndex === undefined ? undefined : stream.shards[shardIndex];
    if (!shard) {
      throw ResourceNotFoundException(
        `Shard ${shardIdText} in stream ${stream.name} under account ${stream.accountId} does not exist`,
      );
    }
    const nowMs = clock.now();
    let afterPosition: number;
    switch (type) {
      case 'TRIM_HORIZON':
        afterPosition = 0;
        break;
      case 'LATEST':
        afterPosition = store.lastPosition(stream.id, shard.index);
        break;
      case 'AT_TIMESTAMP': {
        const timestamp = input.Timestamp;
        if (typeof timestamp !== 'number') {
          throw InvalidArgumentException(
            'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
          );
        }
        afterPosition = store.positionBefore(stream.id, shard.index, Math.round(timestamp * 1000));
        break;
      }
      default: {
        const raw = input.StartingSequenceNumber;
        if (typeof raw !== 'string') {
          throw InvalidArgumentException(
            `Must specify startingSequenceNumber parameter for iterator of type ${String(type)}. Current request has no starting sequence number parameter.`,
          );
        }
        const parsed = parseSequenceNumber(raw);
        if (
          !parsed ||
          parsed.shardIndex !== shard.index ||
          raw.slice(1, 12) !== sequenceNumber(stream.createdAtMs, 0, 0).slice(1, 12)
        ) {
          throw InvalidArgumentException(
            `Invalid StartingSequenceNumber. It encodes ${shardIdText}, while it was used in a call to a shard with ${shardIdText}`,
          );
        }
        afterPosition = type === 'AT_SEQUENCE_NUMBER' ? parsed.position - 1 : parsed.position;
      }
    }
    return {
      ShardIterator: encodeShardIterator({
        streamId: stream.id,
        shardIndex: shard.index,
        afterPosition: Math.max(0, afterPosition),
        createdAtMs: nowMs,
      }),
    };
  }

  function GetRecords(input: Record<string, unknown>, request: RequestContext) {
    const token = input.ShardIterator;
    if (typeof token !== 'string') throw validationException([violation(undefined, 'shardIterator', 'Member must not be null')]);
    const limitRaw = input.Limit;
    if (
      limitRaw !== undefined &&
      limitRaw !== null &&
      (typeof limitRaw !== 'number' || limitRaw < 1 || limitRaw > MAX_GET_RECORDS)
    ) {
      throw validationException([
        violation(
          limitRaw,
          'limit',
          Number(limitRaw) < 1
            ? 'Member must have value greater than or equal to 1'
            : `Member must have value less than or equal to ${MAX_GET_RECORDS}`,
        ),
      ]);
    }
    const state = decodeShardIterator(token);
    if (!state) throw InvalidArgumentException('Invalid ShardIterator.');
    const nowMs = clock.now();
    if (nowMs - state.createdAtMs > ITERATOR_LIFETIME_MS) {
      throw ExpiredIteratorException(
        `Iterator expired. The iterator was created at time ${new Date(state.createdAtMs).toUTCString()} while right now it is ${new Date(nowMs).toUTCString()} which is further in the future than the tolerated delay of ${ITERATOR_LIFETIME_MS} milliseconds.`,
      );
    }
    const stream = store.getStreamById(state.streamId);
    if (!stream || stream.accountId !== request.accountId) throw streamNotFound(String(state.streamId), request.accountId);
    const limit = typeof limitRaw === 'number' ? limitRaw : MAX_GET_RECORDS;
    const records = store.readRecords(stream.id, state.shardIndex, state.afterPosition, retentionStartMs(stream, nowMs), limit);
    const last = records[records.length - 1];
    const lastPosition = store.lastPosition(stream.id, state.shardIndex);
    const nextAfter = last ? last.position : state.afterPosition;
    return {
      Records: records.map((r) => ({
        SequenceNumber: sequenceNumber(stream.createdAtMs, r.shardIndex, r.position),
        ApproximateArrivalTimestamp: r.arrivalMs / 1000,
        Data: r.data.toString('base64'),
        PartitionKey: r.partitionKey,
      })),
      NextShardIterator: encodeShardIterator({ ...state, afterPosition: nextAfter, createdAtMs: nowMs }),
      MillisBehindLatest: last && last.position < lastPosition ? Math.max(0, nowMs - last.arrivalMs) : 0,
    };
  }

  return { PutRecord, PutRecords, GetShardIterator, GetRecords };
}
