import type { EventSourceMappingRecord, EventSourceMappingStore } from '../event-source-mapping-store.ts';
import type { SqliteDatabase } from './database.ts';

interface Row {
  uuid: string;
  account_id: string;
  region: string;
  function_arn: string;
  event_source_arn: string;
  kind: EventSourceMappingRecord['kind'];
  enabled: number;
  state: EventSourceMappingRecord['state'];
  state_transition_reason: string;
  last_modified_ms: number;
  last_processing_result: string;
  settings: string;
}

function toRecord(row: Row): EventSourceMappingRecord {
  return {
    uuid: row.uuid,
    accountId: row.account_id,
    region: row.region,
    functionArn: row.function_arn,
    eventSourceArn: row.event_source_arn,
    kind: row.kind,
    enabled: row.enabled === 1,
    state: row.state,
    stateTransitionReason: row.state_transition_reason,
    lastModifiedMs: row.last_modified_ms,
    lastProcessingResult: row.last_processing_result,
    settings: JSON.parse(row.settings),
  };
}

export class SqliteEventSourceMappingStore implements EventSourceMappingStore {
  readonly #database: SqliteDatabase;
  readonly #statements;

  constructor(database: SqliteDatabase) {
    this.#database = database;
    const db = database.db;
    this.#statements = {
      all: db.prepare<[], Row>('SELECT * FROM lambda_event_source_mappings ORDER BY seq'),
      get: db.prepare<[string], Row>('SELECT * FROM lambda_event_source_mappings WHERE uuid = ?'),
      put: db.prepare(
        `INSERT INTO lambda_event_source_mappings (uuid, seq, account_id, region, function_arn, event_source_arn, kind, enabled,
           state, state_transition_reason, last_modified_ms, last_processing_result, settings)
         VALUES (@uuid, (SELECT COALESCE(MAX(seq), 0) + 1 FROM lambda_event_source_mappings), @accountId, @region, @functionArn,
           @eventSourceArn, @kind, @enabled, @state, @stateTransitionReason, @lastModifiedMs, @lastProcessingResult, @settings)
         ON CONFLICT (uuid) DO UPDATE SET function_arn = excluded.function_arn, enabled = excluded.enabled, state = excluded.state,
           state_transition_reason = excluded.state_transition_reason, last_modified_ms = excluded.last_modified_ms,
           last_processing_result = excluded.last_processing_result, settings = excluded.settings`,
      ),
      delete: db.prepare('DELETE FROM lambda_event_source_mappings WHERE uuid = ?'),
      getCheckpoint: db.prepare<[string, string], { sequence_number: string }>(
        'SELECT sequence_number FROM lambda_esm_checkpoints WHERE uuid = ? AND shard_id = ?',
      ),
      setCheckpoint: db.prepare(
        `INSERT INTO lambda_esm_checkpoints (uuid, shard_id, sequence_number) VALUES (?, ?, ?)
         ON CONFLICT (uuid, shard_id) DO UPDATE SET sequence_number = excluded.sequence_number`,
      ),
      setCheckpointAndWindow: db.prepare(
        `INSERT INTO lambda_esm_checkpoints (uuid, shard_id, sequence_number, tumbling_window) VALUES (?, ?, ?, ?)
         ON CONFLICT (uuid, shard_id) DO UPDATE SET sequence_number = excluded.sequence_number,
           tumbling_window = excluded.tumbling_window`,
      ),
      getWindow: db.prepare<[string, string], { tumbling_window: string | null }>(
        'SELECT tumbling_window FROM lambda_esm_checkpoints WHERE uuid = ? AND shard_id = ?',
      ),
      setResult: db.prepare('UPDATE lambda_event_source_mappings SET last_processing_result = ? WHERE uuid = ?'),
    };
  }

  listAll(): EventSourceMappingRecord[] {
    return this.#statements.all.all().map(toRecord);
  }

  get(uuid: string): EventSourceMappingRecord | undefined {
    const row = this.#statements.get.get(uuid);
    return row ? toRecord(row) : undefined;
  }

  put(mapping: EventSourceMappingRecord): Promise<void> {
    return this.#database.write(() => {
      this.#statements.put.run({
        uuid: mapping.uuid,
        accountId: mapping.accountId,
        region: mapping.region,
        functionArn: mapping.functionArn,
        eventSourceArn: mapping.eventSourceArn,
        kind: mapping.kind,
        enabled: mapping.enabled ? 1 : 0,
        state: mapping.state,
        stateTransitionReason: mapping.stateTransitionReason,
        lastModifiedMs: mapping.lastModifiedMs,
        lastProcessingResult: mapping.lastProcessingResult,
        settings: JSON.stringify(mapping.settings),
      });
    });
  }

  delete(uuid: string): Promise<void> {
    return this.#database.write(() => void this.#statements.delete.run(uuid));
  }

  getCheckpoint(uuid: string, shardId: string): string | undefined {
    return this.#statements.getCheckpoint.get(uuid, shardId)?.sequence_number;
  }

  setCheckpoint(uuid: string, shardId: string, sequenceNumber: string, tumblingWindow?: string | null): Promise<void> {
    return this.#database.write(() => {
      if (tumblingWindow === undefined) this.#statements.setCheckpoint.run(uuid, shardId, sequenceNumber);
      else this.#statements.setCheckpointAndWindow.run(uuid, shardId, sequenceNumber, tumblingWindow);
    });
  }

  getTumblingWindow(uuid: string, shardId: string): string | undefined {
    return this.#statements.getWindow.get(uuid, shardId)?.tumbling_window ?? undefined;
  }

  setLastProcessingResult(uuid: string, result: string): Promise<void> {
    return this.#database.write(() => void this.#statements.setResult.run(result, uuid));
  }
}
