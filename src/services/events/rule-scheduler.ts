/**
 * Fires scheduled rules on the clock. The next fire time and the last one are stored with the rule, so
 * a restart resumes the same window. A window missed while Onward was down (or a late real-time timer)
 * fires once and the schedule continues from the first window after now; a manual clock's `advance`
 * runs due tasks in time order, so every window it passes fires, one after another.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, ClockTimer } from '../../clock/clock.ts';
import type { EventRuleKey, EventRuleRecord, EventsStore } from '../../store/events-store.ts';
import { ruleArn } from './arns.ts';
import { buildEnvelope } from './envelope.ts';
import { isEnabled, type EventRouter } from './event-router.ts';
import type { RuleChangeListener } from './rule-operations.ts';
import { nextFireAfter, parseScheduleExpression } from './schedule-expression.ts';

export interface RuleSchedulerDependencies {
  store: EventsStore;
  clock: Clock;
  router: EventRouter;
  log: (line: string) => void;
}

const timerKey = (key: EventRuleKey): string => [key.accountId, key.region, key.busName, key.name].join('\u0000');

export class RuleScheduler implements RuleChangeListener {
  readonly #deps: RuleSchedulerDependencies;
  readonly #timers = new Map<string, ClockTimer>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #running = false;

  constructor(deps: RuleSchedulerDependencies) {
    this.#deps = deps;
  }

  /** Arms every stored schedule (a window already past fires once, at once). */
  start(): void {
    this.#running = true;
    for (const rule of this.#deps.store.listScheduledRules()) this.#arm(rule);
  }

  stop(): void {
    this.#running = false;
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
  }

  ruleChanged(key: EventRuleKey): void {
    const id = timerKey(key);
    this.#timers.get(id)?.cancel();
    this.#timers.delete(id);
    const rule = this.#deps.store.getRule(key);
    if (rule && this.#running) this.#arm(rule);
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    await this.#deps.router.idle();
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.#deps.log(`EventBridge schedule failed: ${(error as Error).message}`));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }

  #arm(rule: EventRuleRecord): void {
    if (rule.scheduleExpression === undefined) return;
    const schedule = parseScheduleExpression(rule.scheduleExpression);
    if (!schedule) return;
    let dueMs = rule.nextFireAtMs;
    if (dueMs === undefined) {
      // First window: one period after creation for rates, the next cron match otherwise.
      dueMs = nextFireAfter(schedule, rule.createdAtMs, this.#deps.clock.now());
      if (dueMs === undefined) return;
      this.#track(this.#deps.store.setSchedule(rule, dueMs, rule.lastFireAtMs));
    }
    const due = dueMs;
    this.#timers.set(
      timerKey(rule),
      this.#deps.clock.at(due, () => this.#fire(rule, due)),
    );
  }

  #fire(key: EventRuleKey, dueMs: number): Promise<void> {
    this.#timers.delete(timerKey(key));
    const rule = this.#deps.store.getRule(key);
    // Replaced, deleted or already fired (a stale timer): nothing to do.
    if (!this.#running || !rule || rule.nextFireAtMs !== dueMs || rule.scheduleExpression === undefined) return Promise.resolve();
    const schedule = parseScheduleExpression(rule.scheduleExpression);
    if (!schedule) return Promise.resolve();
    const nowMs = this.#deps.clock.now();
    const work: Promise<unknown>[] = [];
    if (isEnabled(rule.state)) {
      this.#deps.router.counters.count('scheduledFires');
      const arn = ruleArn(rule.region, rule.accountId, rule.busName, rule.name);
      const event = buildEnvelope({
        id: randomUUID(),
        detailType: 'Scheduled Event',
        source: 'aws.events',
        accountId: rule.accountId,
        timeMs: nowMs,
        region: rule.region,
        resources: [arn],
        detail: {},
      });
      work.push(this.#deps.router.deliverRule(rule, event));
    }
    // Missed windows collapse into this fire: the next one is the first after now.
    const nextMs = nextFireAfter(schedule, rule.createdAtMs, Math.max(nowMs, dueMs));
    work.push(this.#deps.store.setSchedule(rule, nextMs, dueMs));
    const done = Promise.all(work).then(() => undefined);
    this.#track(done);
    if (nextMs !== undefined) {
      this.#timers.set(
        timerKey(rule),
        this.#deps.clock.at(nextMs, () => this.#fire(rule, nextMs)),
      );
    }
    return done;
  }
}
