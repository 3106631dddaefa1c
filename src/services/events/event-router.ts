/**
 * Routes one event on one bus: the bus's enabled rules whose pattern matches, then each rule's targets.
 * Every delivery's store write is issued synchronously (before any await), so it commits in the same
 * transaction as whatever accepted the event. A target that fails (it does not exist: not retryable)
 * sends the event to its dead-letter queue with AWS's attributes, is logged and counted.
 */
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../aws/service-error.ts';
import type { Clock } from '../../clock/clock.ts';
import { compileEventPattern, type CompiledPattern } from '../../patterns/event-pattern.ts';
import type { EventRuleRecord, EventsStore, EventTargetDocument } from '../../store/events-store.ts';
import {
  arnService,
  TargetUnavailableError,
  type BusEventEntry,
  type InternalTargets,
  type QueueMessageAttribute,
} from '../targets/internal-targets.ts';
import { DEFAULT_BUS, parseBusArn, ruleArn } from './arns.ts';
import { buildEnvelope, type EventEnvelope } from './envelope.ts';
import { EventBusNotFound } from './errors.ts';
import { shapeInput, type TargetInputSpec } from './input-shaping.ts';
import type { EventsCounters } from './metrics.ts';

/** Bus-to-bus hops one event may take (a loop of bus targets must end). */
const MAX_HOPS = 5;
const MAX_CACHED_PATTERNS = 10_000;

export interface EventRouterDependencies {
  store: EventsStore;
  clock: Clock;
  targets: InternalTargets;
  counters: EventsCounters;
  log: (line: string) => void;
}

export const isEnabled = (state: string): boolean => state !== 'DISABLED';

export class EventRouter {
  readonly #deps: EventRouterDependencies;
  readonly #patterns = new Map<string, CompiledPattern>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(deps: EventRouterDependencies) {
    this.#deps = deps;
  }

  get counters(): EventsCounters {
    return this.#deps.counters;
  }

  busExists(accountId: string, region: string, name: string): boolean {
    return name === DEFAULT_BUS || this.#deps.store.getBus({ accountId, region, name }) !== undefined;
  }

  /** Matches `event` against the bus's rules and delivers it; resolves once every delivery settled. */
  route(accountId: string, region: string, busName: string, event: EventEnvelope, hops = 0): Promise<void> {
    const deliveries: Promise<void>[] = [];
    let matched = false;
    for (const rule of this.#deps.store.listRules(accountId, region, busName)) {
      if (!isEnabled(rule.state) || rule.eventPattern === undefined) continue;
      if (!this.#compiled(rule.eventPattern).matches(event)) continue;
      matched = true;
      this.#deps.counters.count('triggeredRules');
      deliveries.push(this.deliverRule(rule, event, hops));
    }
    if (matched) this.#deps.counters.count('matchedEvents');
    return settleAll(deliveries);
  }

  /** Delivers to every target of one rule (also what a schedule does when it fires). */
  deliverRule(rule: EventRuleRecord, event: EventEnvelope, hops = 0): Promise<void> {
    const arn = ruleArn(rule.region, rule.accountId, rule.busName, rule.name);
    return settleAll(rule.targets.map((target) => this.#deliverTarget(arn, rule.name, target, event, hops)));
  }

  /** Lambda destinations' bus publisher: one entry on a bus named by ARN; rejects when the bus does not exist. */
  publish(busArnText: string, entry: BusEventEntry): Promise<void> {
    const bus = parseBusArn(busArnText);
    if (!bus || !this.busExists(bus.accountId, bus.region, bus.name)) {
      return Promise.reject(EventBusNotFound(bus?.name ?? busArnText));
    }
    this.#deps.counters.count('putEventsEntries');
    const event = buildEnvelope({
      id: randomUUID(),
      detailType: entry.detailType,
      source: entry.source,
      accountId: bus.accountId,
      timeMs: entry.timeMs ?? this.#deps.clock.now(),
      region: bus.region,
      resources: entry.resources ?? [],
      detail: entry.detail,
    });
    return this.route(bus.accountId, bus.region, bus.name, event);
  }

  /** Resolves when no delivery (and no dead-letter send) is in flight. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #compiled(pattern: string): CompiledPattern {
    let compiled = this.#patterns.get(pattern);
    if (!compiled) {
      // Stored patterns were validated by PutRule; a pattern that no longer compiles matches nothing.
      try {
        compiled = compileEventPattern(JSON.parse(pattern));
      } catch {
        compiled = { matches: () => false };
      }
      if (this.#patterns.size >= MAX_CACHED_PATTERNS) this.#patterns.clear();
      this.#patterns.set(pattern, compiled);
    }
    return compiled;
  }

  #deliverTarget(
    ruleArnText: string,
    ruleName: string,
    target: EventTargetDocument,
    event: EventEnvelope,
    hops: number,
  ): Promise<void> {
    this.#deps.counters.count('invocations');
    let sent: Promise<void>;
    try {
      const payload = shapeInput(target as TargetInputSpec, event, {
        ruleArn: ruleArnText,
        ruleName,
        ingestionTimeMs: this.#deps.clock.now(),
      });
      sent = this.#send(target, payload, event, hops);
    } catch (error) {
      sent = Promise.reject(error as Error);
    }
    const tracked = sent.then(
      () => undefined,
      (error: unknown) => this.#failed(ruleArnText, target, event, error),
    );
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
    return tracked;
  }

  #send(target: EventTargetDocument, payload: string, event: EventEnvelope, hops: number): Promise<void> {
    const { targets } = this.#deps;
    const arn = target.Arn;
    switch (arnService(arn)) {
      case 'sqs': {
        const fifo = arn.endsWith('.fifo');
        const groupId = (target.SqsParameters as { MessageGroupId?: string } | undefined)?.MessageGroupId;
        return targets.sendToQueue(arn, payload, {
          ...(groupId !== undefined ? { groupId } : {}),
          // FIFO queues need a deduplication id; the event id is unique per event.
          ...(fifo ? { deduplicationId: event.id } : {}),
        });
      }
      case 'lambda':
        return targets.invokeAsync(arn, payload);
      case 'sns':
        return targets.publishToTopic(arn, payload);
      case 'events': {
        const bus = parseBusArn(arn);
        if (!bus || !this.busExists(bus.accountId, bus.region, bus.name)) {
          return Promise.reject(EventBusNotFound(bus?.name ?? arn));
        }
        if (hops >= MAX_HOPS) return Promise.resolve();
        // Another bus receives the event itself (input shaping applies to service targets only).
        return this.route(bus.accountId, bus.region, bus.name, event, hops + 1);
      }
      default:
        return Promise.reject(new TargetUnavailableError(`Onward does not deliver to ${arnService(arn)} targets (${arn}).`));
    }
  }

  #failed(ruleArnText: string, target: EventTargetDocument, event: EventEnvelope, error: unknown): Promise<void> {
    this.#deps.counters.count('failedInvocations');
    const message = error instanceof Error ? error.message : String(error);
    const missing =
      error instanceof TargetUnavailableError ||
      (error instanceof ServiceError && /NotFound|NonExistent|DoesNotExist/.test(error.code));
    const errorCode = missing ? 'RESOURCE_NOT_FOUND' : 'SDK_CLIENT_ERROR';
    this.#deps.log(`EventBridge: rule ${ruleArnText} could not deliver to ${target.Arn}: ${message}`);
    const dlq = (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
    if (!dlq) return Promise.resolve();
    const text = (value: string): QueueMessageAttribute => ({ DataType: 'String', StringValue: value });
    // Non-retryable failures go straight to the DLQ: no EXHAUSTED_RETRY_CONDITION, no RETRY_ATTEMPTS.
    return this.#deps.targets
      .sendToQueue(dlq, JSON.stringify(event), {
        attributes: {
          RULE_ARN: text(ruleArnText),
          TARGET_ARN: text(target.Arn),
          ERROR_CODE: text(errorCode),
          ERROR_MESSAGE: text(message.slice(0, 1024)),
        },
      })
      .then(
        () => this.#deps.counters.count('invocationsSentToDlq'),
        (dlqError: unknown) => {
          this.#deps.counters.count('invocationsFailedToBeSentToDlq');
          this.#deps.log(`EventBridge: dead-letter queue ${dlq} refused the event: ${(dlqError as Error).message}`);
        },
      );
  }
}

function settleAll(promises: Promise<void>[]): Promise<void> {
  if (promises.length === 0) return Promise.resolve();
  return Promise.allSettled(promises).then(() => undefined);
}
