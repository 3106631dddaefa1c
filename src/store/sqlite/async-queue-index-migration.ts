/**
 * Migration 12: the async queue indexed per function (status, function, due time), replacing the one
 * global due-order index. Each function's queue is claimed on its own, so one whose attempts are all
 * busy (a slow handler, a large backlog) never stands in front of another's due events; the functions
 * with queued events are listed by skipping through this index, one lookup each.
 */
export const ASYNC_QUEUE_INDEX_MIGRATION_SQL = `
  DROP INDEX lambda_async_invocations_due;
  CREATE INDEX lambda_async_invocations_queue
    ON lambda_async_invocations (status, account_id, region, function_name, due_at_ms, id);
`;
