/** Migration 9: Lambda event source mappings with their stream checkpoints, and Kinesis Data Streams. */
export const ESM_KINESIS_MIGRATION_SQL = `
  CREATE TABLE lambda_event_source_mappings (
    uuid TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    function_arn TEXT NOT NULL,
    event_source_arn TEXT NOT NULL,
    kind TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    state TEXT NOT NULL,
    state_transition_reason TEXT NOT NULL,
    last_modified_ms INTEGER NOT NULL,
    last_processing_result TEXT NOT NULL,
    settings TEXT NOT NULL
  ) STRICT;

  CREATE TABLE lambda_esm_checkpoints (
    uuid TEXT NOT NULL REFERENCES lambda_event_source_mappings (uuid) ON DELETE CASCADE,
    shard_id TEXT NOT NULL,
    sequence_number TEXT NOT NULL,
    PRIMARY KEY (uuid, shard_id)
  ) STRICT;

  CREATE TABLE kinesis_streams (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL,
    mode TEXT NOT NULL,
    retention_hours INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    shards TEXT NOT NULL,
    UNIQUE (account_id, region, name)
  ) STRICT;

  -- The last position handed out per shard: trimming records never lets a sequence number be reused.
  CREATE TABLE kinesis_shard_positions (
    stream_id INTEGER NOT NULL REFERENCES kinesis_streams (id) ON DELETE CASCADE,
    shard_index INTEGER NOT NULL,
    last_position INTEGER NOT NULL,
    PRIMARY KEY (stream_id, shard_index)
  ) STRICT;

  CREATE TABLE kinesis_records (
    stream_id INTEGER NOT NULL REFERENCES kinesis_streams (id) ON DELETE CASCADE,
    shard_index INTEGER NOT NULL,
    position INTEGER NOT NULL,
    partition_key TEXT NOT NULL,
    data BLOB NOT NULL,
    arrival_ms INTEGER NOT NULL,
    PRIMARY KEY (stream_id, shard_index, position)
  ) STRICT;
  CREATE INDEX kinesis_records_by_arrival ON kinesis_records (stream_id, arrival_ms);
`;
