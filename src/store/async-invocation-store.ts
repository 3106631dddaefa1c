/** The asynchronous-invocation part of the Store port: Lambda's internal queue, no SQL. */

export type AsyncInvocationStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'dropped';

export interface DeliveryReport {
  kind: 'OnSuccess' | 'OnFailure' | 'DeadLetter';
  destination: string;
  delivered: boolean;
  error?: string;
}

export interface AsyncInvocationRecord {
  id: number;
  requestId: string;
  accountId: string;
  region: string;
  functionName: string;
  /** `$LATEST`, a version or an alias: the qualifier used, whose EventInvokeConfig applies. */
  qualifier: string;
  payload: Buffer;
  enqueuedAtMs: number;
  attempts: number;
  throttles: number;
  dueAtMs: number;
  status: AsyncInvocationStatus;
  /** The last attempt's response, for the failure record if no attempt follows. */
  lastResponse: { executedVersion: string; functionError?: string; payload: string } | null;
  /** How it ended and where its record went. */
  outcome: { condition: string; deliveries: DeliveryReport[]; reason?: string } | null;
  finishedAtMs: number | null;
}

export type NewAsyncInvocation = Pick<
  AsyncInvocationRecord,
  'requestId' | 'accountId' | 'region' | 'functionName' | 'qualifier' | 'payload' | 'enqueuedAtMs' | 'dueAtMs'
>;

export interface AsyncInvocationFilter {
  accountId?: string;
  region?: string;
  functionName?: string;
  status?: AsyncInvocationStatus;
  requestId?: string;
  /** Only invocations older than this id (paging, newest first). */
  beforeId?: number;
  limit: number;
}

export interface AsyncInvocationStore {
  enqueue(invocation: NewAsyncInvocation): Promise<AsyncInvocationRecord>;
  /** Marks queued invocations due by `nowMs` as running and returns them, oldest due first. */
  claimDue(nowMs: number, limit: number): Promise<AsyncInvocationRecord[]>;
  /** Invocations a process left running (it died mid-attempt). */
  running(): AsyncInvocationRecord[];
  /** The earliest due time among queued invocations. */
  nextDueAtMs(): number | undefined;
  update(
    id: number,
    change: Partial<
      Pick<AsyncInvocationRecord, 'attempts' | 'throttles' | 'dueAtMs' | 'status' | 'lastResponse' | 'outcome' | 'finishedAtMs'>
    >,
  ): Promise<void>;
  /** Most recent first, optionally of one function. */
  list(filter: AsyncInvocationFilter): AsyncInvocationRecord[];
}
