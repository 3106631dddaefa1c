/** The asynchronous-invocation part of the Store port: Lambda's internal queue, no SQL. */

export type AsyncInvocationStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'dropped';

export interface DeliveryReport {
  kind: 'OnSuccess' | 'OnFailure' | 'DeadLetter';
  destination: string;
  delivered: boolean;
  error?: string;
  /** When it was handed to the target (clock ms). */
  at?: number;
}

/** How one try of an invocation ended: throttles and system errors do not count as attempts. */
export type AttemptResult = 'success' | 'functionError' | 'timeout' | 'throttled' | 'systemError';

/** One entry of an invocation's history: a function attempt, a throttle or a system error. */
export interface AttemptRecord {
  /** The function attempt's number (1-based); null for throttles and system errors. */
  number: number | null;
  /** Clock times. */
  startedAtMs: number;
  finishedAtMs: number;
  /** Real time the attempt took (the clock may stand still or run faster). */
  durationMs: number;
  result: AttemptResult;
  /** From the function's error payload (`errorType`, `errorMessage`), or the system error. */
  errorType?: string;
  errorMessage?: string;
  executedVersion?: string;
}

/** Which finished invocations are kept; queued and running ones are never pruned. */
export interface RetentionRule {
  /** Finished before this clock time: pruned. */
  finishedBeforeMs: number;
  /** Beyond this many most recently finished: pruned. */
  keepNewest: number;
}

export interface QueueDepth {
  accountId: string;
  region: string;
  functionName: string;
  /** Events queued or running. */
  depth: number;
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
  /** When the attempt in progress (status running) started, clock ms. */
  attemptStartedAtMs: number | null;
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

/** Whose queue an invocation is in: concurrency is the function's, whatever qualifier was invoked. */
export interface AsyncFunctionKey {
  accountId: string;
  region: string;
  functionName: string;
}

export interface QueuedFunction extends AsyncFunctionKey {
  nextDueAtMs: number;
}

export interface AsyncInvocationStore {
  enqueue(invocation: NewAsyncInvocation): Promise<AsyncInvocationRecord>;
  /**
   * Marks queued invocations of `fn` due by `nowMs` as running and returns them at once, oldest due
   * first; the write commits with the turn (`committed`). Attempts need not wait for it: a claim lost in
   * a crash only means the attempt runs again uncounted.
   */
  claimDue(
    fn: AsyncFunctionKey,
    nowMs: number,
    limit: number,
  ): { invocations: AsyncInvocationRecord[]; committed: Promise<void> };
  /** Every function with queued invocations, and when its earliest one is due. */
  queuedFunctions(): QueuedFunction[];
  /** Invocations a process left running (it died mid-attempt). */
  running(): AsyncInvocationRecord[];
  /** `entry`, when given, is appended to the history in the same write (it is entry number `seq`). */
  update(
    id: number,
    change: Partial<
      Pick<AsyncInvocationRecord, 'attempts' | 'throttles' | 'dueAtMs' | 'status' | 'lastResponse' | 'outcome' | 'finishedAtMs'>
    >,
    entry?: { seq: number; attempt: AttemptRecord },
  ): Promise<void>;
  /** Most recent first, optionally of one function. */
  list(filter: AsyncInvocationFilter): AsyncInvocationRecord[];
  /** The history of each invocation, oldest entry first. */
  attemptsOf(ids: readonly number[]): Map<number, AttemptRecord[]>;
  /** How many invocations are finished (succeeded, failed, dropped). */
  countFinished(): number;
  /** Deletes the finished invocations the rule lets go (with their history); resolves with how many. */
  prune(rule: RetentionRule): Promise<number>;
  /** Events not finished yet, per function. */
  queueDepths(): QueueDepth[];
}
