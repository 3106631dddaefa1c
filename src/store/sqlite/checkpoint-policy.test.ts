import { describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY_COMMITS, CHECKPOINT_EVERY_MS, checkpointDue, WAL_LIMIT_BYTES } from './checkpoint-policy.ts';

const small = () => 4096;
const huge = () => WAL_LIMIT_BYTES + 1;

describe('checkpoint policy', () => {
  it('asks the worker after enough commits, or at the first commit of a quiet second', () => {
    expect(checkpointDue({ commitsSince: CHECKPOINT_EVERY_COMMITS - 1, lastAtMs: 0, running: false }, 10, small)).toBeUndefined();
    expect(checkpointDue({ commitsSince: CHECKPOINT_EVERY_COMMITS, lastAtMs: 0, running: false }, 10, small)).toBe('worker');
    expect(checkpointDue({ commitsSince: 1, lastAtMs: 0, running: false }, CHECKPOINT_EVERY_MS, small)).toBe('worker');
  });

  it('waits for a running checkpoint, unless the WAL has outgrown the worker', () => {
    const behind = { commitsSince: CHECKPOINT_EVERY_COMMITS * 3, lastAtMs: 0, running: true };
    expect(checkpointDue(behind, 10, small)).toBeUndefined();
    expect(checkpointDue(behind, 10, huge)).toBe('inline');
  });

  it('does not even look at the WAL size between checkpoints', () => {
    const walBytes = () => {
      throw new Error('not asked');
    };
    expect(checkpointDue({ commitsSince: 1, lastAtMs: 0, running: true }, 10, walBytes)).toBeUndefined();
  });
});
