import { describe, expect, it } from 'vitest';
import type { QueuedFunction } from '../store/async-invocation-store.ts';
import { dueInOrder, nextWakeAtMs } from './claim-order.ts';

const fn = (functionName: string, nextDueAtMs: number): QueuedFunction => ({
  accountId: '000000000000',
  region: 'us-east-1',
  functionName,
  nextDueAtMs,
});
const queued = [fn('busy', 10), fn('later', 500), fn('quick', 20), fn('waiting', 30)];
const roomBut = (full: string) => (f: QueuedFunction) => (f.functionName === full ? 0 : 8);

describe('claim order', () => {
  it('passes over a full function and takes the others oldest first, due ones only', () => {
    expect(dueInOrder(queued, 100, roomBut('busy')).map((f) => f.functionName)).toEqual(['quick', 'waiting']);
    expect(dueInOrder(queued, 100, () => 1).map((f) => f.functionName)).toEqual(['busy', 'quick', 'waiting']);
  });

  it('wakes for the earliest due function with a free slot, not for a full one', () => {
    expect(nextWakeAtMs(queued, roomBut('busy'))).toBe(20);
    expect(nextWakeAtMs([fn('busy', 10)], roomBut('busy'))).toBeUndefined();
    expect(nextWakeAtMs([], () => 8)).toBeUndefined();
  });
});
