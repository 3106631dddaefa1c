import type Database from 'better-sqlite3';
import type {
  LogEventQuery,
  LogGroupKey,
  LogGroupRecord,
  LogsStore,
  LogStreamRecord,
  NewLogEvent,
  StoredLogEvent,
} from '../logs-store.ts';
import type { SqliteDatabase } from './database.ts';

interface GroupRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  created_at_ms: number;
  stored_bytes: number;
}

interface StreamRow {
  id: number;
  group_id: number;
  name: string;
  created_at_ms: number;
  first_event_at_ms: number | null;
  last_event_at_ms: number | null;
  last_ingestion_at_ms: number | null;
  stored_bytes: number;
}

interface EventRow {
  id: number;
  stream_name: string;
  timestamp_ms: number;
  ingestion_time_ms: number;
  message: string;
}

const toGroup = (row: GroupRow): LogGroupRecord => ({
  id: row.id,
  accountId: row.account_id,
  region: row.region,
  name: row.name,
  createdAtMs: row.created_at_ms,
  storedBytes: row.stored_bytes,
});

const toStream = (row: StreamRow): LogStreamRecord => ({
  id: row.id,
  groupId: row.group_id,
  name: row.name,
  createdAtMs: row.created_at_ms,
  firstEventAtMs: row.first_event_at_ms,
  lastEventAtMs: row.last_event_at_ms,
  lastIngestionAtMs: row.last_ingestion_at_ms,
  storedBytes: row.stored_bytes,
});

/** More streams than one Onward writes to between restarts; past it, the cache starts over. */
const MAX_CACHED_STREAMS = 10_000;

export class SqliteLogsStore implements LogsStore {
  readonly #database: SqliteDatabase;
  readonly #db: Database.Database;
  readonly #statements;
  /**
   * Group and stream ids of the streams function output goes to, by group key and stream name: every
   * turn of output appends to them, and their rows only go with their group (deleteLogGroup empties this).
   */
  readonly #streamIds = new Map<string, { groupId: number; streamId: number }>();

  constructor(database: SqliteDatabase) {
    this.#database = database;
    // A turn whose commit failed is undone: the ids it created are gone.
    database.onRollback(() => this.#streamIds.clear());
    const db = database.db;
    this.#db = db;
    this.#statements = {
      insertGroup: db.prepare('INSERT INTO logs_groups (account_id, region, name, created_at_ms) VALUES (?, ?, ?, ?)'),
      groupByKey: db.prepare<[string, string, string], GroupRow>(
        'SELECT * FROM logs_groups WHERE account_id = ? AND region = ? AND name = ?',
      ),
      groupsByPrefix: db.prepare<{ account_id: string; region: string; prefix: string }, GroupRow>(
        `SELECT * FROM logs_groups WHERE account_id = @account_id AND region = @region
           AND substr(name, 1, length(@prefix)) = @prefix ORDER BY name`,
      ),
      deleteEvents: db.prepare('DELETE FROM logs_events WHERE stream_id IN (SELECT id FROM logs_streams WHERE group_id = ?)'),
      deleteStreams: db.prepare('DELETE FROM logs_streams WHERE group_id = ?'),
      deleteGroup: db.prepare('DELETE FROM logs_groups WHERE id = ?'),
      insertStream: db.prepare('INSERT INTO logs_streams (group_id, name, created_at_ms) VALUES (?, ?, ?)'),
      streamByName: db.prepare<[number, string], StreamRow>('SELECT * FROM logs_streams WHERE group_id = ? AND name = ?'),
      streamsByPrefix: db.prepare<{ group_id: number; prefix: string }, StreamRow>(
        `SELECT * FROM logs_streams WHERE group_id = @group_id AND substr(name, 1, length(@prefix)) = @prefix ORDER BY name`,
      ),
      insertEvent: db.prepare(
        'INSERT INTO logs_events (stream_id, timestamp_ms, ingestion_time_ms, message) VALUES (?, ?, ?, ?)',
      ),
      touchStream: db.prepare(
        `UPDATE logs_streams SET first_event_at_ms = min(coalesce(first_event_at_ms, @first), @first),
           last_event_at_ms = max(coalesce(last_event_at_ms, @last), @last), last_ingestion_at_ms = @ingestion,
           stored_bytes = stored_bytes + @bytes WHERE id = @id`,
      ),
      touchGroup: db.prepare('UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?'),
    };
  }

  createLogGroup(group: Omit<LogGroupRecord, 'id' | 'storedBytes'>): Promise<LogGroupRecord> {
    return this.#database.write(() => {
      const info = this.#statements.insertGroup.run(group.accountId, group.region, group.name, group.createdAtMs);
      return { ...group, id: Number(info.lastInsertRowid), storedBytes: 0 };
    });
  }

  getLogGroup(key: LogGroupKey): LogGroupRecord | undefined {
    const row = this.#statements.groupByKey.get(key.accountId, key.region, key.name);
    return row && toGroup(row);
  }

  listLogGroups(accountId: string, region: string, prefix: string): LogGroupRecord[] {
    return this.#statements.groupsByPrefix.all({ account_id: accountId, region, prefix }).map(toGroup);
  }

  deleteLogGroup(id: number): Promise<void> {
    this.#streamIds.clear();
    return this.#database.write(() => {
      this.#statements.deleteEvents.run(id);
      this.#statements.deleteStreams.run(id);
      this.#statements.deleteGroup.run(id);
    });
  }

  createLogStream(groupId: number, name: string, createdAtMs: number): Promise<LogStreamRecord> {
    return this.#database.write(() => {
      const info = this.#statements.insertStream.run(groupId, name, createdAtMs);
      return toStream({
        id: Number(info.lastInsertRowid),
        group_id: groupId,
        name,
        created_at_ms: createdAtMs,
        first_event_at_ms: null,
        last_event_at_ms: null,
        last_ingestion_at_ms: null,
        stored_bytes: 0,
      });
    });
  }

  getLogStream(groupId: number, name: string): LogStreamRecord | undefined {
    const row = this.#statements.streamByName.get(groupId, name);
    return row && toStream(row);
  }

  listLogStreams(groupId: number, prefix: string): LogStreamRecord[] {
    return this.#statements.streamsByPrefix.all({ group_id: groupId, prefix }).map(toStream);
  }

  appendLogEvents(key: LogGroupKey, streamName: string, events: readonly NewLogEvent[], ingestionTimeMs: number): Promise<void> {
    return this.#database.write(() => {
      if (events.length === 0) return;
      const { groupId, streamId } = this.#streamOf(key, streamName, ingestionTimeMs);
      let bytes = 0;
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      for (const event of events) {
        this.#statements.insertEvent.run(streamId, event.timestampMs, ingestionTimeMs, event.message);
        bytes += Buffer.byteLength(event.message, 'utf8');
        first = Math.min(first, event.timestampMs);
        last = Math.max(last, event.timestampMs);
      }
      this.#statements.touchStream.run({ id: streamId, first, last, ingestion: ingestionTimeMs, bytes });
      this.#statements.touchGroup.run(bytes, groupId);
    });
  }

  /** The ids of a group's stream, both created when missing (called inside a write). */
  #streamOf(key: LogGroupKey, streamName: string, createdAtMs: number): { groupId: number; streamId: number } {
    const cacheKey = `${key.accountId}\0${key.region}\0${key.name}\0${streamName}`;
    const cached = this.#streamIds.get(cacheKey);
    if (cached) return cached;
    let group = this.#statements.groupByKey.get(key.accountId, key.region, key.name);
    if (!group) {
      const info = this.#statements.insertGroup.run(key.accountId, key.region, key.name, createdAtMs);
      group = { id: Number(info.lastInsertRowid) } as GroupRow;
    }
    let stream = this.#statements.streamByName.get(group.id, streamName);
    if (!stream) {
      const info = this.#statements.insertStream.run(group.id, streamName, createdAtMs);
      stream = { id: Number(info.lastInsertRowid) } as StreamRow;
    }
    if (this.#streamIds.size >= MAX_CACHED_STREAMS) this.#streamIds.clear();
    const ids = { groupId: group.id, streamId: stream.id };
    this.#streamIds.set(cacheKey, ids);
    return ids;
  }

  queryLogEvents(query: LogEventQuery): StoredLogEvent[] {
    // Built per query: the optional filters make the statement vary; queries are rare next to writes.
    const conditions = ['s.group_id = @group_id'];
    const params: Record<string, number> = { group_id: query.groupId, limit: query.limit };
    if (query.streamIds && query.streamIds.length > 0) {
      conditions.push(`e.stream_id IN (${query.streamIds.map((id) => Number(id)).join(', ')})`);
    }
    if (query.startTimeMs !== undefined) {
      conditions.push('e.timestamp_ms >= @start');
      params.start = query.startTimeMs;
    }
    if (query.endTimeMs !== undefined) {
      conditions.push('e.timestamp_ms <= @end');
      params.end = query.endTimeMs;
    }
    if (query.after) {
      conditions.push('(e.timestamp_ms > @after_ts OR (e.timestamp_ms = @after_ts AND e.id > @after_id))');
      params.after_ts = query.after.timestampMs;
      params.after_id = query.after.id;
    }
    if (query.before) {
      conditions.push('(e.timestamp_ms < @before_ts OR (e.timestamp_ms = @before_ts AND e.id < @before_id))');
      params.before_ts = query.before.timestampMs;
      params.before_id = query.before.id;
    }
    const order = query.newestFirst ? 'DESC' : 'ASC';
    const rows = this.#db
      .prepare<Record<string, number>, EventRow>(
        `SELECT e.id, s.name AS stream_name, e.timestamp_ms, e.ingestion_time_ms, e.message
         FROM logs_events e JOIN logs_streams s ON s.id = e.stream_id
         WHERE ${conditions.join(' AND ')}
         ORDER BY e.timestamp_ms ${order}, e.id ${order} LIMIT @limit`,
      )
      .all(params);
    return rows.map((row) => ({
      id: row.id,
      logStreamName: row.stream_name,
      timestampMs: row.timestamp_ms,
      ingestionTimeMs: row.ingestion_time_ms,
      message: row.message,
    }));
  }
}
