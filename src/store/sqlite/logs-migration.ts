import type { Migration } from './migrations.ts';

/** The logs database (logs.sqlite) has its own numbered migrations. */
export const LOGS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'cloudwatch logs groups, streams and events',
    sql: `
  CREATE TABLE logs_groups (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    stored_bytes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, region, name)
  ) STRICT;
  CREATE TABLE logs_streams (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    first_event_at_ms INTEGER,
    last_event_at_ms INTEGER,
    last_ingestion_at_ms INTEGER,
    stored_bytes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
  ) STRICT;
  CREATE TABLE logs_events (
    id INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    ingestion_time_ms INTEGER NOT NULL,
    message TEXT NOT NULL
  ) STRICT;
  CREATE INDEX logs_events_by_stream_time ON logs_events (stream_id, timestamp_ms, id);
`,
  },
];
