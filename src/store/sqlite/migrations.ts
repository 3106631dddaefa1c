import { ASYNC_INVOCATIONS_MIGRATION_SQL } from './async-invocations-migration.ts';
import { SNS_MIGRATION_SQL } from './sns-migration.ts';
import { ESM_KINESIS_MIGRATION_SQL } from './esm-kinesis-migration.ts';
import { ASYNC_ATTEMPTS_MIGRATION_SQL } from './async-attempts-migration.ts';
import { EVENTS_MIGRATION_SQL } from './events-migration.ts';
import { ESM_TUMBLING_WINDOW_MIGRATION_SQL } from './esm-tumbling-window-migration.ts';
import { SCHEDULER_MIGRATION_SQL } from './scheduler-migration.ts';
import { ASYNC_QUEUE_INDEX_MIGRATION_SQL } from './async-queue-index-migration.ts';
/** Numbered schema migrations of the SQLite backend; `PRAGMA user_version` records the last one applied. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'meta and sqs',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sqs_queues (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        fifo INTEGER NOT NULL,
        attributes TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        last_modified_at_ms INTEGER NOT NULL,
        last_purged_at_ms INTEGER,
        UNIQUE (account_id, region, name)
      ) STRICT;

      CREATE TABLE sqs_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        queue_id INTEGER NOT NULL,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        message_attributes TEXT,
        system_attributes TEXT,
        md5_of_body TEXT NOT NULL,
        md5_of_message_attributes TEXT,
        md5_of_message_system_attributes TEXT,
        sender_id TEXT NOT NULL,
        sent_at_ms INTEGER NOT NULL,
        visible_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at_ms INTEGER,
        receipt_token TEXT,
        group_id TEXT,
        deduplication_id TEXT,
        dead_letter_source_arn TEXT
      ) STRICT;
      CREATE INDEX sqs_messages_by_visibility ON sqs_messages (queue_id, visible_at_ms, seq);
      CREATE INDEX sqs_messages_by_expiry ON sqs_messages (queue_id, expires_at_ms);
      CREATE INDEX sqs_messages_by_group ON sqs_messages (queue_id, group_id, seq) WHERE group_id IS NOT NULL;

      CREATE TABLE sqs_deduplication (
        queue_id INTEGER NOT NULL,
        deduplication_key TEXT NOT NULL,
        message_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        PRIMARY KEY (queue_id, deduplication_key)
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'sqs message move tasks',
    sql: `
      CREATE TABLE sqs_move_tasks (
        task_id TEXT PRIMARY KEY,
        source_arn TEXT NOT NULL,
        source_queue_id INTEGER NOT NULL,
        destination_arn TEXT,
        max_per_second INTEGER,
        status TEXT NOT NULL,
        moved_count INTEGER NOT NULL,
        to_move_count INTEGER NOT NULL,
        started_at_ms INTEGER NOT NULL,
        failure_reason TEXT
      ) STRICT;
      CREATE INDEX sqs_move_tasks_by_source ON sqs_move_tasks (source_arn, started_at_ms);
    `,
  },
  {
    version: 3,
    name: 'lambda functions, versions and aliases',
    sql: `
      CREATE TABLE lambda_functions (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        reserved_concurrency INTEGER,
        tags TEXT NOT NULL,
        last_version_number INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL,
        UNIQUE (account_id, region, name)
      ) STRICT;

      -- $LATEST is version_number 0; published versions are immutable snapshots numbered from 1.
      CREATE TABLE lambda_versions (
        function_id INTEGER NOT NULL REFERENCES lambda_functions (id) ON DELETE CASCADE,
        version_number INTEGER NOT NULL,
        runtime TEXT NOT NULL,
        handler TEXT,
        role TEXT NOT NULL,
        description TEXT NOT NULL,
        timeout_seconds INTEGER NOT NULL,
        memory_size_mb INTEGER NOT NULL,
        environment TEXT,
        dead_letter_target_arn TEXT,
        code_kind TEXT NOT NULL,
        code_dir TEXT NOT NULL,
        code_sha256 TEXT NOT NULL,
        code_size_bytes INTEGER NOT NULL,
        revision_id TEXT NOT NULL,
        last_modified_ms INTEGER NOT NULL,
        PRIMARY KEY (function_id, version_number)
      ) STRICT;

      CREATE TABLE lambda_aliases (
        function_id INTEGER NOT NULL REFERENCES lambda_functions (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        function_version TEXT NOT NULL,
        description TEXT NOT NULL,
        routing_config TEXT,
        revision_id TEXT NOT NULL,
        PRIMARY KEY (function_id, name)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'lambda event invoke configs',
    sql: `
      -- One row per function qualifier: '$LATEST', a version number or an alias name.
      CREATE TABLE lambda_event_invoke_configs (
        function_id INTEGER NOT NULL REFERENCES lambda_functions (id) ON DELETE CASCADE,
        qualifier TEXT NOT NULL,
        maximum_retry_attempts INTEGER,
        maximum_event_age_seconds INTEGER,
        on_success_destination TEXT,
        on_failure_destination TEXT,
        last_modified_ms INTEGER NOT NULL,
        PRIMARY KEY (function_id, qualifier)
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'lambda asynchronous invocations',
    sql: ASYNC_INVOCATIONS_MIGRATION_SQL,
  },
  {
    version: 6,
    name: 'sns topics, subscriptions, deliveries and outbox',
    sql: SNS_MIGRATION_SQL,
  },
  {
    version: 7,
    name: 'eventbridge buses and rules',
    sql: EVENTS_MIGRATION_SQL,
  },
  {
    version: 8,
    name: 'lambda asynchronous invocation attempts',
    sql: ASYNC_ATTEMPTS_MIGRATION_SQL,
  },
  {
    version: 9,
    name: 'lambda event source mappings and kinesis streams',
    sql: ESM_KINESIS_MIGRATION_SQL,
  },
  {
    version: 10,
    name: 'lambda event source mapping tumbling windows',
    sql: ESM_TUMBLING_WINDOW_MIGRATION_SQL,
  },
  {
    version: 11,
    name: 'eventbridge scheduler groups and schedules',
    sql: SCHEDULER_MIGRATION_SQL,
  },
  {
    version: 12,
    name: 'lambda asynchronous queue indexed per function',
    sql: ASYNC_QUEUE_INDEX_MIGRATION_SQL,
  },
];
