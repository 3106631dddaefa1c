/**
 * Migration 8: the history of every asynchronous invocation (one row per attempt or throttle), when the
 * running attempt started (so one a crash cut short keeps its start), and an index for pruning finished
 * invocations by age.
 */
export const ASYNC_ATTEMPTS_MIGRATION_SQL = `
  CREATE TABLE lambda_async_attempts (
    invocation_id INTEGER NOT NULL REFERENCES lambda_async_invocations (id) ON DELETE CASCADE,
    -- attempts + throttles after this entry: one per entry, in order.
    seq INTEGER NOT NULL,
    -- The function attempt's number; NULL for throttles and system errors, which are not attempts.
    number INTEGER,
    started_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    result TEXT NOT NULL,
    error_type TEXT,
    error_message TEXT,
    executed_version TEXT,
    PRIMARY KEY (invocation_id, seq)
  ) STRICT, WITHOUT ROWID;
  ALTER TABLE lambda_async_invocations ADD COLUMN attempt_started_at_ms INTEGER;
  CREATE INDEX lambda_async_invocations_finished ON lambda_async_invocations (finished_at_ms, id)
    WHERE finished_at_ms IS NOT NULL;
`;
