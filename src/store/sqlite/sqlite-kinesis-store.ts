import type { KinesisStore, NewKinesisRecord, StoredKinesisRecord, StreamKey, StreamRecord } from '../kinesis-store.ts';
import type { SqliteDatabase } from './database.ts';

interface StreamRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  arn: string;
  mode: StreamRecord['mode'];
  retention_hours: number;
  created_at_ms: number;
  shards: string;
}

interface RecordRow {
  shard_index: number;
  position: number;
  partition_key: string;
  data: Buffer;
  arrival_ms: number;
}

function toStream(row: StreamRow): StreamRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    arn: row.arn,
    mode: row.mode,
    retentionHours: row.retention_hours,
    createdAtMs: row.created_at_ms,
    shards: JSON.parse(row.shards),
  };
}

function toRecord(row: RecordRow): StoredKinesisRecord {
  return {
    shardIndex: row.shard_index,
    position: row.position,
    partitionKey: row.partition_key,
    data: row.data,
    arrivalMs: row.arrival_ms,
  };
}

export class SqliteKinesisStore implements KinesisStore {
  readonly #database: SqliteDatabase;
  readonly #statements;

  constructor(database: SqliteDatabase) {
    this.#database = database;
    const db = database.db;
    this.#statements = {
      insertStream: db.prepare(
        `INSERT INTO kinesis_streams (account_id, region, name, arn, mode, retention_hours, created_at_ms, shards)
         VALUES (@accountId, @region, @name, @arn, @mode, @retentionHours, @createdAtMs, @shards)
         ON CONFLICT (account_id, region, name) DO NOTHING`,
      ),
      insertPosition: db.prepare('INSERT INTO kinesis_shard_positions (stream_id, shard_index, last_position) VALUES (?, ?, 0)'),
      getStream: db.prepare<[string, string, string], StreamRow>(
        'SELECT * FROM kinesis_streams WHERE account_id = ? AND region = ? AND name = ?',
      ),
      getStreamById: db.prepare<[number], StreamRow>('SELECT * FROM kinesis_streams WHERE id = ?'),
      listStreams: db.prepare<[string, string], StreamRow>(
        'SELECT * FROM kinesis_streams WHERE account_id = ? AND region = ? ORDER BY name',
      ),
      deleteStream: db.prepare('DELETE FROM kinesis_streams WHERE id = ?'),
      setRetention: db.prepare('UPDATE kinesis_streams SET retention_hours = ? WHERE id = ?'),
      nextPosition: db.prepare<[number, number], { last_position: number }>(
        `UPDATE kinesis_shard_positions SET last_position = last_position + 1 WHERE stream_id = ? AND shard_index = ?
         RETURNING last_position`,
      ),
      lastPosition: db.prepare<[number, number], { last_position: number }>(
        'SELECT last_position FROM kinesis_shard_positions WHERE stream_id = ? AND shard_index = ?',
      ),
      insertRecord: db.prepare(
        `INSERT INTO kinesis_records (stream_id, shard_index, position, partition_key, data, arrival_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      readRecords: db.prepare<[number, number, number, number, number], RecordRow>(
        `SELECT shard_index, position, partition_key, data, arrival_ms FROM kinesis_records
         WHERE stream_id = ? AND shard_index = ? AND position > ? AND arrival_ms >= ? ORDER BY position LIMIT ?`,
      ),
      positionAt: db.prepare<[number, number, number], { position: number }>(
        `SELECT position FROM kinesis_records WHERE stream_id = ? AND shard_index = ? AND arrival_ms >= ?
         ORDER BY position LIMIT 1`,
      ),
      trim: db.prepare('DELETE FROM kinesis_records WHERE stream_id = ? AND arrival_ms < ?'),
    };
  }

  createStream(stream: Omit<StreamRecord, 'id'>): Promise<StreamRecord | undefined> {
    return this.#database.write(() => {
      const result = this.#statements.insertStream.run({ ...stream, shards: JSON.stringify(stream.shards) });
      if (result.changes === 0) return undefined;
      const id = Number(result.lastInsertRowid);
      for (const shard of stream.shards) this.#statements.insertPosition.run(id, shard.index);
      return { ...stream, id };
    });
  }

  getStream(key: StreamKey): StreamRecord | undefined {
    const row = this.#statements.getStream.get(key.accountId, key.region, key.name);
    return row ? toStream(row) : undefined;
  }

  getStreamById(id: number): StreamRecord | undefined {
    const row = this.#statements.getStreamById.get(id);
    return row ? toStream(row) : undefined;
  }

  listStreams(accountId: string, region: string): StreamRecord[] {
    return this.#statements.listStreams.all(accountId, region).map(toStream);
  }

  deleteStream(id: number): Promise<void> {
    return this.#database.write(() => void this.#statements.deleteStream.run(id));
  }

  setRetention(id: number, retentionHours: number): Promise<void> {
    return this.#database.write(() => void this.#statements.setRetention.run(retentionHours, id));
  }

  appendRecords(streamId: number, records: NewKinesisRecord[]): Promise<number[]> {
    return this.#database.write(() =>
      records.map((record) => {
        const position = this.#statements.nextPosition.get(streamId, record.shardIndex)!.last_position;
        this.#statements.insertRecord.run(
          streamId,
          record.shardIndex,
          position,
          record.partitionKey,
          record.data,
          record.arrivalMs,
        );
        return position;
      }),
    );
  }

  readRecords(
    streamId: number,
    shardIndex: number,
    afterPosition: number,
    notBeforeMs: number,
    limit: number,
  ): StoredKinesisRecord[] {
    return this.#statements.readRecords.all(streamId, shardIndex, afterPosition, notBeforeMs, limit).map(toRecord);
  }

  lastPosition(streamId: number, shardIndex: number): number {
    return this.#statements.lastPosition.get(streamId, shardIndex)?.last_position ?? 0;
  }

  positionBefore(streamId: number, shardIndex: number, atMs: number): number {
    const row = this.#statements.positionAt.get(streamId, shardIndex, atMs);
    return row ? row.position - 1 : this.lastPosition(streamId, shardIndex);
  }

  trim(streamId: number, beforeMs: number): Promise<void> {
    return this.#database.write(() => void this.#statements.trim.run(streamId, beforeMs));
  }
}
