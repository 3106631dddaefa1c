/** When a WAL database is checkpointed, and where (pure; see wal-checkpointer.ts). */

export interface CheckpointProgress {
  /** Commits since the last checkpoint was asked for. */
  commitsSince: number;
  lastAtMs: number;
  /** The worker is still on the last one. */
  running: boolean;
}

/** SQLite's own threshold is 1,000 WAL pages, which the async engine's commits reach in about 50. */
export const CHECKPOINT_EVERY_COMMITS = 32;
/** A database written slowly is checkpointed too, at its first commit this long after the last request. */
export const CHECKPOINT_EVERY_MS = 1000;
/**
 * A writer that never pauses keeps adding frames while the worker copies, so the WAL is never all
 * copied at once and cannot restart; past this size the writer checkpoints itself, between two
 * transactions, and the WAL restarts at its next one.
 */
export const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

/** After a commit: ask the worker, checkpoint on the writer's connection, or nothing yet. */
export function checkpointDue(
  progress: CheckpointProgress,
  nowMs: number,
  walBytes: () => number,
): 'worker' | 'inline' | undefined {
  const wanted = progress.commitsSince >= CHECKPOINT_EVERY_COMMITS || nowMs - progress.lastAtMs >= CHECKPOINT_EVERY_MS;
  if (!wanted) return undefined;
  if (!progress.running) return 'worker';
  return walBytes() > WAL_LIMIT_BYTES ? 'inline' : undefined;
}
