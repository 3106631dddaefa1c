/** The CloudWatch Logs part of the Store port: log groups, streams and events, no SQL. */

export interface LogGroupKey {
  accountId: string;
  region: string;
  name: string;
}

export interface LogGroupRecord extends LogGroupKey {
  id: number;
  createdAtMs: number;
  storedBytes: number;
}

export interface LogStreamRecord {
  id: number;
  groupId: number;
  name: string;
  createdAtMs: number;
  firstEventAtMs: number | null;
  lastEventAtMs: number | null;
  lastIngestionAtMs: number | null;
  storedBytes: number;
}

export interface StoredLogEvent {
  /** Position of the event in the store: increasing with ingestion. */
  id: number;
  logStreamName: string;
  timestampMs: number;
  ingestionTimeMs: number;
  message: string;
}

export interface NewLogEvent {
  timestampMs: number;
  message: string;
}

export interface LogEventCursor {
  timestampMs: number;
  id: number;
}

export interface LogEventQuery {
  groupId: number;
  /** Only these streams (empty or undefined: all streams of the group). */
  streamIds?: readonly number[];
  startTimeMs?: number;
  endTimeMs?: number;
  /** Events after this one in (timestamp, id) order (forward paging). */
  after?: LogEventCursor;
  /** Events before this one in (timestamp, id) order (backward paging). */
  before?: LogEventCursor;
  limit: number;
  /** Newest first instead of oldest first. */
  newestFirst?: boolean;
}

export interface LogsStore {
  createLogGroup(group: Omit<LogGroupRecord, 'id' | 'storedBytes'>): Promise<LogGroupRecord>;
  getLogGroup(key: LogGroupKey): LogGroupRecord | undefined;
  listLogGroups(accountId: string, region: string, prefix: string): LogGroupRecord[];
  deleteLogGroup(id: number): Promise<void>;
  createLogStream(groupId: number, name: string, createdAtMs: number): Promise<LogStreamRecord>;
  getLogStream(groupId: number, name: string): LogStreamRecord | undefined;
  listLogStreams(groupId: number, prefix: string): LogStreamRecord[];
  /** Appends events to a stream, creating the group and stream when missing. */
  appendLogEvents(key: LogGroupKey, streamName: string, events: readonly NewLogEvent[], ingestionTimeMs: number): Promise<void>;
  /** Events ordered by (timestamp, position), oldest first unless asked otherwise. */
  queryLogEvents(query: LogEventQuery): StoredLogEvent[];
}
