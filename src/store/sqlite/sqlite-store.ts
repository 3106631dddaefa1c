import type { MetaStore, Store } from '../store.ts';
import { SqliteDatabase } from './database.ts';
import { SqliteAsyncInvocationStore } from './sqlite-async-invocation-store.ts';
import { SqliteLambdaStore } from './sqlite-lambda-store.ts';
import { LOGS_MIGRATIONS } from './logs-migration.ts';
import { SqliteLogsStore } from './sqlite-logs-store.ts';
import { SqliteSqsStore } from './sqlite-sqs-store.ts';
import { SqliteSnsStore } from './sqlite-sns-store.ts';
import { SqliteEventSourceMappingStore } from './sqlite-event-source-mapping-store.ts';
import { SqliteKinesisStore } from './sqlite-kinesis-store.ts';
import { SqliteEventsStore } from './sqlite-events-store.ts';
import { SqliteSchedulerStore } from './sqlite-scheduler-store.ts';

export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly location: string;
  readonly meta: MetaStore;
  readonly sqs: SqliteSqsStore;
  readonly lambda: SqliteLambdaStore;
  readonly logs: SqliteLogsStore;
  readonly asyncInvocations: SqliteAsyncInvocationStore;
  readonly sns: SqliteSnsStore;
  readonly eventSourceMappings: SqliteEventSourceMappingStore;
  readonly kinesis: SqliteKinesisStore;
  readonly events: SqliteEventsStore;
  readonly scheduler: SqliteSchedulerStore;
  readonly #database: SqliteDatabase;
  /** Function logs live apart, committed without fsync: an invocation's answer never waits on a log write's disk flush. */
  readonly #logsDatabase: SqliteDatabase;

  constructor(dataDir: string) {
    this.#database = new SqliteDatabase(dataDir);
    this.location = this.#database.file;
    this.sqs = new SqliteSqsStore(this.#database);
    this.lambda = new SqliteLambdaStore(this.#database);
    this.asyncInvocations = new SqliteAsyncInvocationStore(this.#database);
    this.sns = new SqliteSnsStore(this.#database);
    this.eventSourceMappings = new SqliteEventSourceMappingStore(this.#database);
    this.kinesis = new SqliteKinesisStore(this.#database);
    this.events = new SqliteEventsStore(this.#database);
    this.scheduler = new SqliteSchedulerStore(this.#database);
    this.#logsDatabase = new SqliteDatabase(dataDir, {
      fileName: 'logs.sqlite',
      synchronous: 'NORMAL',
      migrations: LOGS_MIGRATIONS,
    });
    this.logs = new SqliteLogsStore(this.#logsDatabase);
    const db = this.#database.db;
    const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    const setMeta = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.meta = {
      get: (key) => getMeta.get(key)?.value,
      set: (key, value) => this.#database.write(() => void setMeta.run(key, value)),
    };
  }

  durable(): Promise<void> {
    return this.#database.durable();
  }

  close(): void {
    this.#logsDatabase.close();
    this.#database.close();
  }
}
