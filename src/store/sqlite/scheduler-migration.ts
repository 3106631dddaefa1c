/**
 * EventBridge Scheduler: schedule groups, schedules (the target and fire state live on the schedule row) and
 * executions waiting for a retry.
 */
export const SCHEDULER_MIGRATION_SQL = `
  CREATE TABLE scheduler_groups (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_modified_at_ms INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, name)
  ) STRICT;

  CREATE TABLE scheduler_schedules (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    group_name TEXT NOT NULL,
    name TEXT NOT NULL,
    schedule_expression TEXT NOT NULL,
    timezone TEXT,
    state TEXT NOT NULL,
    description TEXT,
    start_ms INTEGER,
    end_ms INTEGER,
    flexible_time_window TEXT NOT NULL,
    action_after_completion TEXT NOT NULL,
    kms_key_arn TEXT,
    target TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_modified_at_ms INTEGER NOT NULL,
    next_fire_at_ms INTEGER,
    last_fire_at_ms INTEGER,
    PRIMARY KEY (account_id, region, group_name, name)
  ) STRICT;
  CREATE INDEX scheduler_schedules_armed ON scheduler_schedules (next_fire_at_ms) WHERE next_fire_at_ms IS NOT NULL;

  CREATE TABLE scheduler_executions (
    execution_id TEXT PRIMARY KEY,
    schedule_arn TEXT NOT NULL,
    target TEXT NOT NULL,
    scheduled_time_ms INTEGER NOT NULL,
    first_try_ms INTEGER NOT NULL,
    attempt_number INTEGER NOT NULL,
    due_at_ms INTEGER NOT NULL
  ) STRICT;
`;
