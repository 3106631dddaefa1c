/**
 * The Store port: what Onward persists, as semantic operations. Backends (SQLite now, PostgreSQL next)
 * implement it; nothing outside src/store/ sees SQL.
 */
import type { LambdaStore } from './lambda-store.ts';
import type { AsyncInvocationStore } from './async-invocation-store.ts';
import type { LogsStore } from './logs-store.ts';
import type { SqsStore } from './sqs-store.ts';
import type { SnsStore } from './sns-store.ts';
import type { EventSourceMappingStore } from './event-source-mapping-store.ts';
import type { KinesisStore } from './kinesis-store.ts';
import type { EventsStore } from './events-store.ts';
import type { SchedulerStore } from './scheduler-store.ts';

export interface MetaStore {
  get(key: string): string | undefined;
  set(key: string, value: string): Promise<void>;
}

export interface Store {
  readonly backend: 'sqlite';
  /** Where the data lives, for health output (a file path for SQLite). */
  readonly location: string;
  readonly meta: MetaStore;
  readonly sqs: SqsStore;
  readonly lambda: LambdaStore;
  readonly logs: LogsStore;
  readonly asyncInvocations: AsyncInvocationStore;
  readonly sns: SnsStore;
  readonly eventSourceMappings: EventSourceMappingStore;
  readonly kinesis: KinesisStore;
  readonly events: EventsStore;
  readonly scheduler: SchedulerStore;
  /** Resolves once every write made so far is committed. */
  durable(): Promise<void>;
  close(): void;
}

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
