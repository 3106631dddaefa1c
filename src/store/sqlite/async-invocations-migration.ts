/** Migration 5: Lambda's internal queue of asynchronous invocations. */
export const ASYNC_INVOCATIONS_MIGRATION_SQL = `
  CREATE TABLE lambda_async_invocations (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    function_name TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    payload BLOB NOT NULL,
    enqueued_at_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    throttles INTEGER NOT NULL,
    due_at_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    last_response TEXT,
    outcome TEXT,
    finished_at_ms INTEGER
  ) STRICT;
  CREATE INDEX lambda_async_invocations_due ON lambda_async_invocations (status, due_at_ms, id);
  CREATE INDEX lambda_async_invocations_by_function ON lambda_async_invocations (account_id, region, function_name, id);
`;
