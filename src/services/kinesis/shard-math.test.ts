import { describe, expect, it } from 'vitest';
import {
  evenHashKeyRanges,
  parseSequenceNumber,
  partitionHashKey,
  sequenceNumber,
  shardId,
  shardIndexFor,
  shardIndexOf,
} from './shard-math.ts';

describe('shard math', () => {
  it('splits the hash key space as AWS does for two shards', () => {
    expect(evenHashKeyRanges(2)).toEqual([
      { startingHashKey: '0', endingHashKey: '170141183460469231731687303715884105727' },
      { startingHashKey: '170141183460469231731687303715884105728', endingHashKey: '340282366920938463463374607431768211455' },
    ]);
    expect(evenHashKeyRanges(1)[0]!.endingHashKey).toBe(((1n << 128n) - 1n).toString());
  });

  it('hashes a partition key with MD5 into its shard', () => {
    // md5("a") = 0cc175b9c0f1b6a831c399e269772661: lower half of the space.
    expect(partitionHashKey('a')).toBe(BigInt('0x0cc175b9c0f1b6a831c399e269772661'));
    const ranges = evenHashKeyRanges(2);
    expect(shardIndexFor(partitionHashKey('a'), ranges)).toBe(0);
    // md5("b") = 92eb5ffee6ae2fec3ad71c777531578f: upper half.
    expect(shardIndexFor(partitionHashKey('b'), ranges)).toBe(1);
  });

  it('names shards and sequence numbers that grow per shard', () => {
    expect(shardId(3)).toBe('shardId-000000000003');
    expect(shardIndexOf('shardId-000000000003')).toBe(3);
    expect(shardIndexOf('nope')).toBeUndefined();
    const a = sequenceNumber(1_700_000_000_000, 2, 9);
    const b = sequenceNumber(1_700_000_000_000, 2, 10);
    expect(a).toHaveLength(56);
    expect(BigInt(b) > BigInt(a)).toBe(true);
    expect(parseSequenceNumber(b)).toEqual({ shardIndex: 2, position: 10 });
    expect(parseSequenceNumber('123')).toBeUndefined();
  });
});
