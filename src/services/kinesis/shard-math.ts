/**
 * Where a record goes and what it is called: partition key -> MD5 -> 128-bit hash key -> the shard whose
 * hash key range holds it; sequence numbers as 56-digit decimals that grow per shard. Pure.
 */
import { createHash } from 'node:crypto';

const HASH_SPACE = 1n << 128n;
const POSITION_DIGITS = 39;

export interface HashKeyRange {
  startingHashKey: string;
  endingHashKey: string;
}

/** `count` shards splitting the 128-bit hash key space evenly, as CreateStream does. */
export function evenHashKeyRanges(count: number): HashKeyRange[] {
  const ranges: HashKeyRange[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = (HASH_SPACE * BigInt(i)) / BigInt(count);
    const end = (HASH_SPACE * BigInt(i + 1)) / BigInt(count) - 1n;
    ranges.push({ startingHashKey: start.toString(), endingHashKey: end.toString() });
  }
  return ranges;
}

/** The hash key of a partition key: its UTF-8 MD5 read as an unsigned big-endian 128-bit integer. */
export function partitionHashKey(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

/** Index of the range holding `hashKey`. */
export function shardIndexFor(hashKey: bigint, ranges: readonly HashKeyRange[]): number {
  const index = ranges.findIndex((r) => hashKey >= BigInt(r.startingHashKey) && hashKey <= BigInt(r.endingHashKey));
  return index < 0 ? ranges.length - 1 : index;
}

export function shardId(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

export function shardIndexOf(id: string): number | undefined {
  const match = /^shardId-(\d{1,12})$/.exec(id) ?? /^(\d{1,12})$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

/** `4` + stream creation second (11 digits) + shard (5) + position in the shard (39): 56 digits, growing per shard. */
export function sequenceNumber(streamCreatedAtMs: number, shardIndex: number, position: number): string {
  const seconds = String(Math.floor(streamCreatedAtMs / 1000) % 1e11).padStart(11, '0');
  return `4${seconds}${String(shardIndex).padStart(5, '0')}${String(position).padStart(POSITION_DIGITS, '0')}`;
}

/** The shard and position a sequence number of this stream names, or undefined when it is not one of ours. */
export function parseSequenceNumber(value: string): { shardIndex: number; position: number } | undefined {
  if (!/^\d{56}$/.test(value)) return undefined;
  return { shardIndex: Number(value.slice(12, 17)), position: Number(value.slice(17)) };
}
