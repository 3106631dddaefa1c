/**
 * Fires schedules on the clock. The next fire time is stored with the schedule, so a restart resumes the
 * same window; a window missed while Onward was down fires once and the schedule continues from the first
 * window after now. A manual clock's `advance` runs due tasks in time order, so every window it passes
 * fires, one after another. FLEXIBLE windows fire at the window's start (AWS may pick any time inside it).
 * Each fire is one execution: tries per the target's RetryPolicy on the clock, then the dead-letter queue.
 * A pending retry is stored, so it survives a restart (a try that succeeded just before a crash may run
 * again: delivery is at least once, as on AWS).
 */
import { randomUUID } from 'node:crypto';
import type { Clock, ClockTimer } from '../../clock/clock.ts';
import type { ScheduleExecutionRecord, ScheduleKey, SchedulerStore } from '../../store/scheduler-store.ts';
import type { InternalTargets } from '../targets/internal-targets.ts';
import { scheduleArn } from './arns.ts';
import { nextFire } from './fire-times.ts';
import { DEFAULT_RETRY_POLICY } from './schedule-input.ts';
import { deadLetterAttributes, deliver, errorCode, renderInput, retryDelayMs, type FireContext } from './target-delivery.ts';

export interface ScheduleRunnerDependencies {
  store: SchedulerStore;
  clock: Clock;
  targets: InternalTargets;
  log: (line: string) => void;
}

const timerKey = (key: ScheduleKey): string => [key.accountId, key.region, key.groupName, key.name].join('\u0000');

export class ScheduleRunner {
  readonly #deps: ScheduleRunnerDependencies;
  readonly #timers = new Map<string, ClockTimer>();
  readonly #retries = new Set<ClockTimer>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #running = false;

  constructor(deps: ScheduleRunnerDependencies) {
    this.#deps = deps;
  }

  /** Arms every stored schedule (a window already past fires once, at once) and every pending retry. */
  start(): void {
    this.#running = true;
    for (const schedule of this.#deps.store.listArmedSchedules()) this.#arm(schedule, schedule.nextFireAtMs!);
    for (const execution of this.#deps.store.listExecutions()) this.#armRetry(execution);
  }

  stop(): void {
    this.#running = false;
    for (const timer of [...this.#timers.values(), ...this.#retries]) timer.cancel();
    this.#timers.clear();
    this.#retries.clear();
  }

  /** Called after a schedule was written or deleted: re-arms it from its stored next fire time. */
  scheduleChanged(key: ScheduleKey): void {
    const id = timerKey(key);
    this.#timers.get(id)?.cancel();
    this.#timers.delete(id);
    const schedule = this.#deps.store.getSchedule(key);
    if (schedule?.nextFireAtMs !== undefined && this.#running) this.#arm(schedule, schedule.nextFireAtMs);
  }

  /** Resolves when no fire or try is in flight (the manual clock's quiescer). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #track(promise: Promise<unknown>): Promise<void> {
    const tracked = promise
      .then(() => undefined)
      .catch((error: unknown) => this.#deps.log(`EventBridge Scheduler fire failed: ${(error as Error).message}`));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
    return tracked;
  }

  #arm(key: ScheduleKey, dueMs: number): void {
    this.#timers.set(
      timerKey(key),
      this.#deps.clock.at(dueMs, () => this.#fire(key, dueMs)),
    );
  }

  #fire(key: ScheduleKey, dueMs: number): Promise<void> {
    this.#timers.delete(timerKey(key));
    const schedule = this.#deps.store.getSchedule(key);
    // Replaced, deleted or already fired (a stale timer): nothing to do.
    if (!this.#running || !schedule || schedule.nextFireAtMs !== dueMs) return Promise.resolve();
    const nowMs = this.#deps.clock.now();
    const work: Promise<unknown>[] = [];
    if (schedule.state === 'ENABLED') {
      const execution: ScheduleExecutionRecord = {
        executionId: randomUUID(),
        scheduleArn: scheduleArn(schedule.region, schedule.accountId, schedule.groupName, schedule.name),
        target: schedule.target,
        scheduledTimeMs: dueMs,
        firstTryMs: nowMs,
        attemptNumber: 1,
        dueAtMs: nowMs,
      };
      work.push(this.#try(execution));
    }
    const nextMs = nextFire(schedule, dueMs, nowMs);
    if (nextMs === undefined && schedule.actionAfterCompletion === 'DELETE') {
      work.push(this.#deps.store.deleteSchedule(schedule));
    } else {
      work.push(this.#deps.store.setFireState(schedule, nextMs, dueMs));
      if (nextMs !== undefined) this.#arm(schedule, nextMs);
    }
    return this.#track(Promise.all(work));
  }

  #armRetry(execution: ScheduleExecutionRecord): void {
    const timer = this.#deps.clock.at(execution.dueAtMs, () => {
      this.#retries.delete(timer);
      return this.#running ? this.#track(this.#try(execution)) : undefined;
    });
    this.#retries.add(timer);
  }

  /**
   * One try of an execution. A failure stores the next try (RetryPolicy permitting) or sends the Input to
   * the dead-letter queue; a retry's row goes once it has succeeded or been dead-lettered.
   */
  #try(execution: ScheduleExecutionRecord): Promise<unknown> {
    const { target } = execution;
    const context: FireContext = execution;
    const body = renderInput(target.Input as string | undefined, context);
    const stored = execution.attemptNumber > 1;
    return deliver(this.#deps.targets, target, body, context).then<unknown, unknown>(
      () => (stored ? this.#deps.store.deleteExecution(execution.executionId) : undefined),
      (error: unknown) => {
        const policy = { ...DEFAULT_RETRY_POLICY, ...(target.RetryPolicy as object | undefined) };
        const retriesDone = execution.attemptNumber - 1;
        const retryAtMs = this.#deps.clock.now() + retryDelayMs(retriesDone + 1);
        const withinAge = retryAtMs - execution.firstTryMs <= policy.MaximumEventAgeInSeconds * 1000;
        if (retriesDone < policy.MaximumRetryAttempts && withinAge) {
          const next = { ...execution, attemptNumber: execution.attemptNumber + 1, dueAtMs: retryAtMs };
          if (this.#running) this.#armRetry(next);
          return this.#deps.store.putExecution(next);
        }
        const writes: Promise<unknown>[] = stored ? [this.#deps.store.deleteExecution(execution.executionId)] : [];
        const dlqArn = (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
        if (!dlqArn) {
          this.#deps.log(
            `EventBridge Scheduler dropped ${execution.scheduleArn} execution ${execution.executionId}: ${errorCode(error)}`,
          );
        } else {
          // Issued in the same turn as the row's delete: both commit together.
          writes.push(
            this.#deps.targets
              .sendToQueue(dlqArn, body, { attributes: deadLetterAttributes(error, context, target.Arn, retriesDone) })
              .catch((dlqError: unknown) =>
                this.#deps.log(
                  `EventBridge Scheduler could not deliver to its dead-letter queue ${dlqArn}: ${(dlqError as Error).message}`,
                ),
              ),
          );
        }
        return Promise.all(writes);
      },
    );
  }
}
