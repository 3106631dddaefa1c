/**
 * Lambda's internal queue for asynchronous invocations: events are committed before the 202, attempts
 * run on the FunctionRunner, and the pure retry policy decides what follows; retries wait on the clock.
 * The outcome (success or failure record to a destination, DLQ message) is written in the same store
 * transaction as the invocation's final state, so a delivery to an internal target happens exactly once.
 */
import type { Clock } from '../clock/clock.ts';
import type { FunctionInstanceSpec, FunctionRunner, InvokeResult } from '../runner/function-runner.ts';
import type {
  AsyncFunctionKey,
  AsyncInvocationRecord,
  AsyncInvocationStore,
  AttemptRecord,
  DeliveryReport,
  NewAsyncInvocation,
} from '../store/async-invocation-store.ts';
import { pruneDue, ranAttempt, uncountedTry } from './attempt-history.ts';
import type { ConcurrencyTracker } from './concurrency-tracker.ts';
import type { InvocationEvent, InvocationEvents } from './invocation-events.ts';
import {
  deadLetterMessage,
  invocationRecord,
  invocationRecordJson,
  type LastResponse,
  type RecordCondition,
} from './invocation-record.ts';
import { decide, type AttemptOutcome, type Decision } from './retry-policy.ts';
import { dueInOrder, nextWakeAtMs } from './claim-order.ts';

/** What an attempt needs, resolved when it runs: the configuration current at that moment applies. */
export interface AsyncAttemptTarget {
  spec: FunctionInstanceSpec;
  /** Unqualified. */
  functionArn: string;
  /** Qualified with the qualifier used (`:$LATEST` when none), as the record's functionArn. */
  recordFunctionArn: string;
  invokedArn: string;
  resolvedVersion: string;
  reservedConcurrency: number | undefined;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  onSuccess?: string;
  onFailure?: string;
  deadLetterTarget?: string;
}

/** The invocation record as fields (for an EventBridge detail) and as the bytes AWS sends (payloads spliced in as written). */
export interface DestinationRecord {
  value: Record<string, unknown>;
  json: string;
}

export type DeadLetter = ReturnType<typeof deadLetterMessage>;

export interface AsyncEngineDependencies {
  store: AsyncInvocationStore;
  clock: Clock;
  runner: FunctionRunner;
  concurrency: ConcurrencyTracker;
  /** Undefined when the function (or qualifier) no longer exists. */
  resolve(invocation: AsyncInvocationRecord): AsyncAttemptTarget | undefined;
  /** Must issue its store writes synchronously (before its first await), to share the outcome's transaction. */
  deliver(destinationArn: string, record: DestinationRecord, invocation: AsyncInvocationRecord): Promise<void>;
  deliverDeadLetter(targetArn: string, message: DeadLetter, invocation: AsyncInvocationRecord): Promise<void>;
  log(line: string): void;
  /** Where every change is announced (live stream, metrics). */
  events?: InvocationEvents;
  /** How long, and how many, finished invocations are kept; the queue itself is never pruned. */
  retention?: HistoryRetention;
}

export interface HistoryRetention {
  maxAgeMs: number;
  keepNewest: number;
}

/** Pruning by age also runs on this clock period, so an idle Onward lets old history go too. */
const PRUNE_PERIOD_MS = 10 * 60_000;

/**
 * Attempts run at once for one function (each is still bound by its reserved concurrency). Measured on
 * 2 cores: 32 gave 32 function processes and accepted at a third of the rate of 8, for the same
 * end-to-end throughput.
 */
const PARALLEL_ATTEMPTS_PER_FUNCTION = 8;
/**
 * Attempts run at once across functions: each function's queue is claimed on its own, so one whose
 * attempts are all busy (a slow handler, a hung one waiting out its timeout) never holds back another's.
 */
const PARALLEL_ATTEMPTS = 32;

const functionKey = (fn: AsyncFunctionKey): string => `${fn.accountId}\0${fn.region}\0${fn.functionName}`;

export class AsyncEngine {
  readonly #deps: AsyncEngineDependencies;
  readonly #inFlight = new Set<Promise<void>>();
  /** Attempts holding a slot, per function (functionKey). */
  readonly #runningByFunction = new Map<string, number>();
  readonly #settling = new Set<Promise<void>>();
  #timer: { atMs: number; cancel(): void } | undefined;
  #draining: Promise<void> | undefined;
  #drainAgain = false;
  /** The drain of this turn, once one is asked for. */
  #kicked: Promise<void> | undefined;
  #stopped = false;
  #pruneTimer: { cancel(): void } | undefined;
  /** Finished invocations in the store, kept up to date in memory so pruning needs no count query. */
  #finishedCount = 0;

  constructor(deps: AsyncEngineDependencies) {
    this.#deps = deps;
  }

  /** Commits the event (the write is issued before the first await); the first attempt starts right away. */
  async accept(invocation: NewAsyncInvocation): Promise<AsyncInvocationRecord> {
    const record = await this.#deps.store.enqueue(invocation);
    this.#kick();
    this.#emit(record, 'accepted', record.enqueuedAtMs);
    return record;
  }

  #emit(invocation: AsyncInvocationRecord, type: InvocationEvent['type'], atMs: number, details: Partial<InvocationEvent> = {}) {
    this.#deps.events?.emit({
      type,
      requestId: invocation.requestId,
      accountId: invocation.accountId,
      region: invocation.region,
      functionName: invocation.functionName,
      qualifier: invocation.qualifier || '$LATEST',
      atMs,
      ...details,
    });
  }

  /** A throttle is announced as such; anything else that ran as attempt-finished. */
  #attemptEmitted(invocation: AsyncInvocationRecord, attempt: AttemptRecord, nextAttemptAtMs?: number): void {
    if (attempt.result === 'throttled') {
      this.#emit(invocation, 'throttled', attempt.finishedAtMs, nextAttemptAtMs !== undefined ? { nextAttemptAtMs } : {});
      return;
    }
    this.#emit(invocation, 'attempt-finished', attempt.finishedAtMs, {
      attempt: attempt.number,
      result: attempt.result,
      durationMs: attempt.durationMs,
      ...(attempt.errorType !== undefined ? { errorType: attempt.errorType } : {}),
      ...(attempt.errorMessage !== undefined ? { errorMessage: attempt.errorMessage } : {}),
      ...(attempt.executedVersion !== undefined ? { executedVersion: attempt.executedVersion } : {}),
    });
  }

  /**
   * One drain per event-loop turn, however many events were accepted or attempts ended in it: one
   * claim of several rows costs about what a claim of one does.
   */
  #kick(): void {
    this.#kicked ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.#kicked = undefined;
        resolve(this.drain());
      }),
    );
  }

  /** Resumes after a restart: attempts a dead process left running count as made, then due work runs. */
  async start(): Promise<void> {
    this.#finishedCount = this.#deps.store.countFinished();
    this.#prune();
    for (const invocation of this.#deps.store.running()) {
      const nowMs = this.#deps.clock.now();
      const startedAtMs = invocation.attemptStartedAtMs ?? nowMs;
      const response: LastResponse = {
        executedVersion: invocation.lastResponse?.executedVersion ?? '$LATEST',
        functionError: 'Unhandled',
        payload: Buffer.from(
          JSON.stringify({
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: ${invocation.requestId} Error: Runtime exited without providing a reason`,
          }),
        ),
      };
      const target = this.#deps.resolve(invocation);
      if (!target) {
        await this.#drop(invocation, 'The function no longer exists.');
        continue;
      }
      const attempt = ranAttempt(
        invocation.attempts + 1,
        { startedAtMs, finishedAtMs: nowMs, durationMs: nowMs - startedAtMs },
        response,
      );
      await this.#conclude(invocation, target, 'functionError', invocation.attempts + 1, invocation.throttles, response, attempt);
    }
    this.#schedulePrune();
    this.#arm();
    this.#kick();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#pruneTimer?.cancel();
  }

  #schedulePrune(): void {
    if (!this.#deps.retention || this.#stopped) return;
    this.#pruneTimer = this.#deps.clock.at(this.#deps.clock.now() + PRUNE_PERIOD_MS, () => {
      this.#prune();
      this.#schedulePrune();
    });
  }

  /** Issues the DELETE in the current turn, so after a finish it shares that finish's transaction. */
  #prune(): void {
    const retention = this.#deps.retention;
    if (!retention) return;
    const pruned = this.#deps.store.prune({
      finishedBeforeMs: this.#deps.clock.now() - retention.maxAgeMs,
      keepNewest: retention.keepNewest,
    });
    this.#finishedCount = Math.min(this.#finishedCount, retention.keepNewest);
    pruned
      .then(() => {
        this.#finishedCount = this.#deps.store.countFinished();
      })
      .catch((error: unknown) => this.#deps.log(`Async invocation history could not be pruned: ${(error as Error).message}`));
  }

  /** Called in the turn that wrote an invocation's final state. */
  #finished(): void {
    this.#finishedCount++;
    if (this.#deps.retention && pruneDue(this.#finishedCount, this.#deps.retention.keepNewest)) this.#prune();
  }

  /** Resolves once no attempt is running, nothing due now is waiting, and what they wrote is committed. */
  async idle(): Promise<void> {
    while (this.#kicked || this.#draining || this.#inFlight.size > 0 || this.#settling.size > 0) {
      await this.#kicked;
      await this.#draining;
      await Promise.all([...this.#inFlight, ...this.#settling]);
    }
  }

  /**
   * Work that only waits for a commit (or a delivery's answer) after its writes are issued: it holds no
   * attempt slot, so the next attempt starts without waiting for the disk.
   */
  #settle(work: Promise<unknown>): void {
    const settled: Promise<void> = work
      .then(() => undefined)
      .catch((error: unknown) => this.#deps.log(`Async invocations: ${(error as Error)?.stack ?? String(error)}`))
      .finally(() => this.#settling.delete(settled));
    this.#settling.add(settled);
  }

  /**
   * Starts everything due now, up to PARALLEL_ATTEMPTS_PER_FUNCTION per function and PARALLEL_ATTEMPTS in
   * all, the function whose earliest event is oldest first, then arms the clock for the next due time.
   * Attempts run on their own: each one finishing frees a slot and drains again.
   */
  drain(): Promise<void> {
    if (this.#draining) {
      this.#drainAgain = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        this.#claimDue();
      } while (this.#drainAgain && !this.#stopped);
      this.#arm();
    })()
      .catch((error: unknown) => this.#deps.log(`Async invocations: ${(error as Error)?.stack ?? String(error)}`))
      .finally(() => {
        this.#draining = undefined;
      });
    return this.#draining;
  }

  #claimDue(): void {
    if (this.#stopped || this.#inFlight.size >= PARALLEL_ATTEMPTS) return;
    const nowMs = this.#deps.clock.now();
    for (const fn of dueInOrder(this.#deps.store.queuedFunctions(), nowMs, (queued) => this.#room(queued))) {
      const limit = Math.min(this.#room(fn), PARALLEL_ATTEMPTS - this.#inFlight.size);
      if (this.#stopped || limit <= 0) return;
      const claim = this.#deps.store.claimDue(fn, nowMs, limit);
      this.#settle(claim.committed);
      const key = functionKey(fn);
      for (const invocation of claim.invocations) {
        this.#runningByFunction.set(key, (this.#runningByFunction.get(key) ?? 0) + 1);
        void this.#track(this.#attempt(invocation))
          .finally(() => {
            const left = this.#runningByFunction.get(key)! - 1;
            if (left === 0) this.#runningByFunction.delete(key);
            else this.#runningByFunction.set(key, left);
          })
          .then(() => this.#kick());
      }
    }
  }

  /** Attempts `fn` may still start now. */
  #room(fn: AsyncFunctionKey): number {
    return PARALLEL_ATTEMPTS_PER_FUNCTION - (this.#runningByFunction.get(functionKey(fn)) ?? 0);
  }

  #track(work: Promise<void>): Promise<void> {
    const tracked = work
      .catch((error: unknown) => this.#deps.log(`Async invocation attempt failed: ${(error as Error)?.stack ?? String(error)}`))
      .finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
    return tracked;
  }

  /** Sets the clock timer for the next due event that could start (a full engine needs none). */
  #arm(): void {
    if (this.#stopped || this.#inFlight.size >= PARALLEL_ATTEMPTS) return;
    const next = nextWakeAtMs(this.#deps.store.queuedFunctions(), (fn) => this.#room(fn));
    if (next === undefined || (this.#timer && this.#timer.atMs <= next)) return;
    this.#timer?.cancel();
    const timer = this.#deps.clock.at(next, () => {
      if (this.#timer === handle) this.#timer = undefined;
      return this.drain();
    });
    const handle = { atMs: next, cancel: () => timer.cancel() };
    this.#timer = handle;
  }

  async #attempt(invocation: AsyncInvocationRecord): Promise<void> {
    const target = this.#deps.resolve(invocation);
    if (!target) return this.#settle(this.#drop(invocation, 'The function no longer exists.'));
    if (target.reservedConcurrency === 0) {
      return this.#settle(this.#finish(invocation, target, 'ZeroReservedConcurrency', 0, undefined));
    }
    const startedAtMs = this.#deps.clock.now();
    if (!this.#deps.concurrency.tryAcquire(target.functionArn, target.reservedConcurrency)) {
      const throttle = uncountedTry('throttled', { startedAtMs, finishedAtMs: startedAtMs, durationMs: 0 });
      return this.#settle(
        this.#conclude(invocation, target, 'throttled', invocation.attempts, invocation.throttles + 1, undefined, throttle),
      );
    }
    this.#emit(invocation, 'attempt-started', startedAtMs, {
      attempt: invocation.attempts + 1,
      eventAgeMs: startedAtMs - invocation.enqueuedAtMs,
    });
    const startedRealMs = performance.now();
    let result: InvokeResult;
    try {
      result = await this.#deps.runner.invoke(target.spec, {
        requestId: invocation.requestId,
        payload: invocation.payload,
        invokedFunctionArn: target.invokedArn,
      });
    } catch (error) {
      // The runner could not run it (closing, interpreter gone): a system error, retried without using an attempt.
      this.#deps.log(`Async invocation ${invocation.requestId}: ${(error as Error).message}`);
      if (this.#stopped) return;
      const systemError = uncountedTry(
        'systemError',
        { startedAtMs, finishedAtMs: this.#deps.clock.now(), durationMs: performance.now() - startedRealMs },
        (error as Error)?.message ?? String(error),
      );
      return this.#settle(
        this.#conclude(invocation, target, 'throttled', invocation.attempts, invocation.throttles + 1, undefined, systemError),
      );
    } finally {
      this.#deps.concurrency.release(target.functionArn);
    }
    const response: LastResponse = {
      executedVersion: target.resolvedVersion,
      ...(result.functionError ? { functionError: result.functionError } : {}),
      payload: result.payload,
    };
    const attempt = ranAttempt(
      invocation.attempts + 1,
      { startedAtMs, finishedAtMs: this.#deps.clock.now(), durationMs: performance.now() - startedRealMs },
      response,
    );
    // The outcome's writes are issued now; the slot is free before they reach the disk.
    this.#settle(
      this.#conclude(
        invocation,
        target,
        result.functionError ? 'functionError' : 'success',
        invocation.attempts + 1,
        invocation.throttles,
        response,
        attempt,
      ),
    );
  }

  async #conclude(
    invocation: AsyncInvocationRecord,
    target: AsyncAttemptTarget,
    outcome: AttemptOutcome,
    attempts: number,
    throttles: number,
    response: LastResponse | undefined,
    attempt: AttemptRecord | undefined,
  ): Promise<void> {
    const decision: Decision = decide(outcome, {
      attempts,
      // The backoff doubles per earlier throttle: the first one waits 1 s.
      throttles: outcome === 'throttled' ? throttles - 1 : throttles,
      enqueuedAtMs: invocation.enqueuedAtMs,
      nowMs: this.#deps.clock.now(),
      maximumRetryAttempts: target.maximumRetryAttempts,
      maximumEventAgeSeconds: target.maximumEventAgeSeconds,
    });
    const lastResponse = response ?? this.#storedResponse(invocation);
    const entry = attempt ? { seq: attempts + throttles, attempt } : undefined;
    if (decision.kind === 'retry') {
      await this.#deps.store.update(
        invocation.id,
        {
          attempts,
          throttles,
          dueAtMs: decision.atMs,
          status: 'queued',
          ...(lastResponse ? { lastResponse: { ...lastResponse, payload: lastResponse.payload.toString('utf8') } } : {}),
        },
        entry,
      );
      this.#arm();
      if (attempt) this.#attemptEmitted(invocation, attempt, decision.atMs);
      if (attempt?.result !== 'throttled') {
        this.#emit(invocation, 'retry-scheduled', this.#deps.clock.now(), { nextAttemptAtMs: decision.atMs });
      }
      return;
    }
    const condition: RecordCondition = decision.kind === 'success' ? 'Success' : decision.condition;
    return this.#finish(invocation, target, condition, attempts, lastResponse, entry);
  }

  #storedResponse(invocation: AsyncInvocationRecord): LastResponse | undefined {
    const stored = invocation.lastResponse;
    return stored ? { ...stored, payload: Buffer.from(stored.payload, 'utf8') } : undefined;
  }

  async #finish(
    invocation: AsyncInvocationRecord,
    target: AsyncAttemptTarget,
    condition: RecordCondition,
    attempts: number,
    response: LastResponse | undefined,
    entry?: { seq: number; attempt: AttemptRecord },
  ): Promise<void> {
    const nowMs = this.#deps.clock.now();
    const recordInput = {
      requestId: invocation.requestId,
      functionArn: target.recordFunctionArn,
      condition,
      approximateInvokeCount: attempts,
      requestPayload: invocation.payload,
      response,
      timestampMs: nowMs,
    };
    let value: Record<string, unknown> | undefined;
    const record: DestinationRecord = {
      // Only an EventBridge destination reads the fields; the others send the bytes.
      get value() {
        return (value ??= invocationRecord(recordInput));
      },
      json: invocationRecordJson(recordInput),
    };
    const deliveries: Array<{ report: DeliveryReport; promise: Promise<void> }> = [];
    const start = (kind: DeliveryReport['kind'], destination: string, send: () => Promise<void>) => {
      let promise: Promise<void>;
      try {
        promise = send();
      } catch (error) {
        promise = Promise.reject(error);
      }
      deliveries.push({ report: { kind, destination, delivered: true, at: nowMs }, promise });
    };
    // Every write below is issued in this turn, so they commit with the final state in one transaction.
    const success = condition === 'Success';
    const destination = success ? target.onSuccess : target.onFailure;
    if (destination)
      start(success ? 'OnSuccess' : 'OnFailure', destination, () => this.#deps.deliver(destination, record, invocation));
    if (!success && target.deadLetterTarget) {
      const dlq = target.deadLetterTarget;
      start('DeadLetter', dlq, () =>
        this.#deps.deliverDeadLetter(dlq, deadLetterMessage(invocation.requestId, invocation.payload, response), invocation),
      );
    }
    const final = this.#deps.store.update(
      invocation.id,
      {
        attempts,
        status: success ? 'succeeded' : 'failed',
        finishedAtMs: nowMs,
        outcome: { condition, deliveries: deliveries.map((d) => ({ ...d.report })) },
      },
      entry,
    );
    this.#finished();
    const settled = await Promise.allSettled(deliveries.map((d) => d.promise));
    await final;
    if (entry) this.#attemptEmitted(invocation, entry.attempt);
    this.#emit(invocation, success ? 'succeeded' : 'failed', nowMs, { condition });
    let failures = 0;
    settled.forEach((result, i) => {
      const report = deliveries[i]!.report;
      if (result.status === 'fulfilled') {
        this.#emit(invocation, 'delivered', nowMs, { delivery: { kind: report.kind, destination: report.destination } });
        return;
      }
      failures++;
      report.delivered = false;
      report.error = (result.reason as Error)?.message ?? String(result.reason);
      this.#deps.log(
        `Async invocation ${invocation.requestId} of ${target.functionArn}: ${report.kind} record to ${report.destination} was not delivered: ${report.error}`,
      );
      this.#emit(invocation, 'delivery-failed', nowMs, {
        delivery: { kind: report.kind, destination: report.destination, error: report.error },
      });
    });
    if (failures > 0)
      await this.#deps.store.update(invocation.id, { outcome: { condition, deliveries: deliveries.map((d) => d.report) } });
  }

  async #drop(invocation: AsyncInvocationRecord, reason: string): Promise<void> {
    this.#deps.log(`Async invocation ${invocation.requestId} of ${invocation.functionName} dropped: ${reason}`);
    const nowMs = this.#deps.clock.now();
    const dropped = this.#deps.store.update(invocation.id, {
      status: 'dropped',
      finishedAtMs: nowMs,
      outcome: { condition: 'Dropped', deliveries: [], reason },
    });
    this.#finished();
    await dropped;
    this.#emit(invocation, 'dropped', nowMs, { reason });
  }
}
