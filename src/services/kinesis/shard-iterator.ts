/** Shard iterators: opaque tokens naming a position in a shard, valid for 5 minutes. Pure. */

export const ITERATOR_LIFETIME_MS = 300_000;

export interface ShardIteratorState {
  streamId: number;
  shardIndex: number;
  /** Records with a greater position come next. */
  afterPosition: number;
  createdAtMs: number;
}

const PREFIX = 'AAAAAAAAAAE';

export function encodeShardIterator(state: ShardIteratorState): string {
  const body = `${state.streamId}:${state.shardIndex}:${state.afterPosition}:${state.createdAtMs}`;
  return `${PREFIX}${Buffer.from(body, 'utf8').toString('base64')}`;
}

export function decodeShardIterator(token: string): ShardIteratorState | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const parts = Buffer.from(token.slice(PREFIX.length), 'base64').toString('utf8').split(':');
  if (parts.length !== 4 || !parts.every((p) => /^\d+$/.test(p))) return undefined;
  const [streamId, shardIndex, afterPosition, createdAtMs] = parts.map(Number) as [number, number, number, number];
  return { streamId, shardIndex, afterPosition, createdAtMs };
}
