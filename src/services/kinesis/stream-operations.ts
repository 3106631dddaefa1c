/** CreateStream, DeleteStream, DescribeStream(Summary), ListStreams, ListShards, retention changes. */
import type { ShardRecord, StreamRecord } from '../../store/kinesis-store.ts';
import type { RequestContext } from '../service.ts';
import {
  InvalidArgumentException,
  LimitExceededException,
  ResourceInUseException,
  validationException,
  violation,
} from './errors.ts';
import { resolveStream, STREAM_NAME_PATTERN, streamArn, type KinesisContext } from './kinesis-context.ts';
import { evenHashKeyRanges, sequenceNumber, shardId, shardIndexOf } from './shard-math.ts';

/** An on-demand stream starts with 4 shards. */
export const ON_DEMAND_SHARD_COUNT = 4;
const MAX_SHARD_COUNT = 500;
const DEFAULT_RETENTION_HOURS = 24;
const MAX_RETENTION_HOURS = 8760;

function shardShape(stream: StreamRecord, shard: ShardRecord) {
  return {
    ShardId: shard.shardId,
    HashKeyRange: { StartingHashKey: shard.startingHashKey, EndingHashKey: shard.endingHashKey },
    SequenceNumberRange: { StartingSequenceNumber: shard.startingSequenceNumber },
  };
}

const seconds = (ms: number): number => ms / 1000;

function integerInput(
  input: Record<string, unknown>,
  name: string,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    throw validationException([
      violation(
        raw,
        member,
        raw !== null && Number(raw) < min
          ? `Member must have value greater than or equal to ${min}`
          : `Member must have value less than or equal to ${max}`,
      ),
    ]);
  }
  return raw;
}

export function streamOperations(context: KinesisContext) {
  const { store, clock } = context;

  async function CreateStream(input: Record<string, unknown>, request: RequestContext) {
    const name = input.StreamName;
    if (typeof name !== 'string') throw validationException([violation(undefined, 'streamName', 'Member must not be null')]);
    if (!STREAM_NAME_PATTERN.test(name)) {
      throw validationException([
        violation(name, 'streamName', 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+'),
      ]);
    }
    const requestedMode = (input.StreamModeDetails as { StreamMode?: unknown } | undefined)?.StreamMode;
    if (requestedMode !== undefined && requestedMode !== 'PROVISIONED' && requestedMode !== 'ON_DEMAND') {
      throw validationException([
        violation(requestedMode, 'streamModeDetails.streamMode', 'Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]'),
      ]);
    }
    const shardCount = integerInput(input, 'ShardCount', 'shardCount', 1, 100_000);
    const mode = requestedMode ?? (shardCount === undefined ? 'ON_DEMAND' : 'PROVISIONED');
    if (mode === 'PROVISIONED' && shardCount === undefined) {
      throw InvalidArgumentException('ShardCount is required for PROVISIONED stream mode.');
    }
    if (mode === 'ON_DEMAND' && shardCount !== undefined) {
      throw InvalidArgumentException('ShardCount must not be specified for ON_DEMAND stream mode.');
    }
    const count = shardCount ?? ON_DEMAND_SHARD_COUNT;
    if (count > MAX_SHARD_COUNT) {
      throw LimitExceededException(
        `This request would exceed the shard limit for the account ${request.accountId} in ${request.region}. Current shard count for the account: 0. Limit: ${MAX_SHARD_COUNT}. Number of additional shards that would have resulted from this request: ${count}. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`,
      );
    }
    const createdAtMs = clock.now();
    const shards: ShardRecord[] = evenHashKeyRanges(count).map((range, index) => ({
      index,
      shardId: shardId(index),
      ...range,
      startingSequenceNumber: sequenceNumber(createdAtMs, index, 0),
    }));
    const created = await store.createStream({
      accountId: request.accountId,
      region: request.region,
      name,
      arn: streamArn(request.region, request.accountId, name),
      mode,
      retentionHours: DEFAULT_RETENTION_HOURS,
      createdAtMs,
      shards,
    });
    if (!created) throw ResourceInUseException(`Stream ${name} under account ${request.accountId} already exists.`);
    return {};
  }

  async function DeleteStream(input: Record<string, unknown>, request: RequestContext) {
    const stream = resolveStream(context, input, request);
    await store.deleteStream(stream.id);
    return {};
  }

  function summary(stream: StreamRecord) {
    return {
      StreamName: stream.name,
      StreamARN: stream.arn,
      // Streams are usable at once (see docs/services.md): CREATING is never observed.
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: stream.mode },
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: seconds(stream.createdAtMs),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
    };
  }

  function DescribeStream(input: Record<string, unknown>, request: RequestContext) {
    const stream = resolveStream(context, input, request);
    const limit = integerInput(input, 'Limit', 'limit', 1, 10_000) ?? 100;
    const after = typeof input.ExclusiveStartShardId === 'string' ? (shardIndexOf(input.ExclusiveStartShardId) ?? -1) : -1;
    const rest = stream.shards.filter((s) => s.index > after);
    const {
      StreamName,
      StreamARN,
      StreamStatus,
      StreamModeDetails,
      RetentionPeriodHours,
      StreamCreationTimestamp,
      EnhancedMonitoring,
      EncryptionType,
    } = summary(stream);
    return {
      StreamDescription: {
        StreamName,
        StreamARN,
        StreamStatus,
        StreamModeDetails,
        Shards: rest.slice(0, limit).map((s) => shardShape(stream, s)),
        HasMoreShards: rest.length > limit,
        RetentionPeriodHours,
        StreamCreationTimestamp,
        EnhancedMonitoring,
        EncryptionType,
      },
    };
  }

  function DescribeStreamSummary(input: Record<string, unknown>, request: RequestContext) {
    const stream = resolveStream(context, input, request);
    return { StreamDescriptionSummary: { ...summary(stream), OpenShardCount: stream.shards.length, ConsumerCount: 0 } };
  }

  function ListStreams(input: Record<string, unknown>, request: RequestContext) {
    const limit = integerInput(input, 'Limit', 'limit', 1, 10_000) ?? 100;
    const token = typeof input.NextToken === 'string' ? input.NextToken : undefined;
    let after = typeof input.ExclusiveStartStreamName === 'string' ? input.ExclusiveStartStreamName : undefined;
    if (token !== undefined) {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      if (!decoded.startsWith('streams:')) throw InvalidArgumentException(`Invalid NextToken: ${token}`);
      after = decoded.slice('streams:'.length);
    }
    const streams = store.listStreams(request.accountId, request.region).filter((s) => after === undefined || s.name > after);
    const page = streams.slice(0, limit);
    const more = streams.length > limit;
    return {
      StreamNames: page.map((s) => s.name),
      HasMoreStreams: more,
      ...(more ? { NextToken: Buffer.from(`streams:${page[page.length - 1]!.name}`, 'utf8').toString('base64url') } : {}),
      StreamSummaries: page.map((s) => ({
        StreamName: s.name,
        StreamARN: s.arn,
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: s.mode },
        StreamCreationTimestamp: seconds(s.createdAtMs),
      })),
    };
  }

  function ListShards(input: Record<string, unknown>, request: RequestContext) {
    const limit = integerInput(input, 'MaxResults', 'maxResults', 1, 10_000) ?? 1000;
    const token = typeof input.NextToken === 'string' ? input.NextToken : undefined;
    let streamInput = input;
    let after = typeof input.ExclusiveStartShardId === 'string' ? (shardIndexOf(input.ExclusiveStartShardId) ?? -1) : -1;
    if (token !== undefined) {
      if (input.StreamName !== undefined || input.StreamARN !== undefined) {
        throw InvalidArgumentException('NextToken and StreamName cannot be provided together.');
      }
      const [streamName, shard] = Buffer.from(token, 'base64url').toString('utf8').split('\n');
      if (streamName === undefined || shard === undefined) throw InvalidArgumentException(`Invalid ShardIterator.`);
      streamInput = { StreamARN: streamName };
      after = Number(shard);
    }
    const stream = resolveStream(context, streamInput, request);
    const rest = stream.shards.filter((s) => s.index > after);
    const page = rest.slice(0, limit);
    const more = rest.length > limit;
    return {
      Shards: page.map((s) => shardShape(stream, s)),
      ...(more ? { NextToken: Buffer.from(`${stream.arn}\n${page[page.length - 1]!.index}`, 'utf8').toString('base64url') } : {}),
    };
  }

  function retentionChange(direction: 'increase' | 'decrease') {
    return async (input: Record<string, unknown>, request: RequestContext) => {
      const stream = resolveStream(context, input, request);
      const raw = input.RetentionPeriodHours;
      if (raw === undefined || raw === null) {
        throw validationException([violation(undefined, 'retentionPeriodHours', 'Member must not be null')]);
      }
      const hours = Number(raw);
      if (!Number.isInteger(hours)) throw InvalidArgumentException(`Invalid retention period: ${String(raw)}`);
      if (hours < DEFAULT_RETENTION_HOURS) {
        throw InvalidArgumentException(
          `Minimum allowed retention period is ${DEFAULT_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too short.`,
        );
      }
      if (hours > MAX_RETENTION_HOURS) {
        throw InvalidArgumentException(
          `Maximum allowed retention period is ${MAX_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too long.`,
        );
      }
      if (direction === 'increase' && hours < stream.retentionHours) {
        throw InvalidArgumentException(
          `Requested retention period (${hours} hours) for stream ${stream.name} can not be shorter than existing retention period (${stream.retentionHours} hours). Use DecreaseRetentionPeriod API.`,
        );
      }
      if (direction === 'decrease' && hours > stream.retentionHours) {
        throw InvalidArgumentException(
          `Requested retention period (${hours} hours) for stream ${stream.name} can not be longer than existing retention period (${stream.retentionHours} hours). Use IncreaseRetentionPeriod API.`,
        );
      }
      await store.setRetention(stream.id, hours);
      return {};
    };
  }

  return {
    CreateStream,
    DeleteStream,
    DescribeStream,
    DescribeStreamSummary,
    ListStreams,
    ListShards,
    IncreaseStreamRetentionPeriod: retentionChange('increase'),
    DecreaseStreamRetentionPeriod: retentionChange('decrease'),
  };
}
