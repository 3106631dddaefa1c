import { describe, expect, it } from 'vitest';
import { decodeShardIterator, encodeShardIterator } from './shard-iterator.ts';

describe('shard iterators', () => {
  it('round-trips and rejects foreign tokens', () => {
    const state = { streamId: 4, shardIndex: 1, afterPosition: 17, createdAtMs: 1_700_000_000_123 };
    expect(decodeShardIterator(encodeShardIterator(state))).toEqual(state);
    expect(decodeShardIterator('garbage')).toBeUndefined();
    expect(decodeShardIterator('AAAAAAAAAAE' + Buffer.from('1:2').toString('base64'))).toBeUndefined();
  });
});
