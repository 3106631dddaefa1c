/** Amazon EventBridge (JSON 1.1, `AWSEvents.<Op>`): buses, rules, targets, PutEvents, schedules. */
import type { Clock } from '../../clock/clock.ts';
import type { EventsStore } from '../../store/events-store.ts';
import type { AwsService } from '../service.ts';
import type { InternalTargets } from '../targets/internal-targets.ts';
import { busOperations } from './bus-operations.ts';
import { EventRouter } from './event-router.ts';
import { createPutEvents } from './put-events.ts';
import { RuleScheduler } from './rule-scheduler.ts';
import { ruleOperations } from './rule-operations.ts';
import { tagOperations } from './tag-operations.ts';
import { targetOperations } from './target-operations.ts';

import { EventsCounters, type EventsMetrics } from './metrics.ts';
import type { MetricFamily } from '../../http/prometheus-text.ts';

export interface EventsService extends AwsService {
  /** Arms stored schedules and registers the bus publisher Lambda destinations use. */
  start(): void;
  stop(): void;
  /** Resolves when no delivery or schedule fire is in flight (the manual clock's quiescer). */
  idle(): Promise<void>;
  /** This service's counters since it started, named after AWS's CloudWatch metrics. */
  metrics(): EventsMetrics;
  metricFamilies(): MetricFamily[];
}

export interface EventsServiceDependencies {
  store: EventsStore;
  clock: Clock;
  targets: InternalTargets;
  log: (line: string) => void;
}

export function createEventsService({ store, clock, targets, log }: EventsServiceDependencies): EventsService {
  const counters = new EventsCounters();
  const router = new EventRouter({ store, clock, targets, counters, log });
  const scheduler = new RuleScheduler({ store, clock, router, log });
  targets.registerBusPublisher((busArn, entry) => router.publish(busArn, entry));
  return {
    signingName: 'events',
    json: { queryCompatible: false },
    operations: {
      ...busOperations(store, clock),
      ...ruleOperations(store, clock, router, scheduler),
      ...targetOperations(store, router),
      ...tagOperations(store, clock),
      PutEvents: createPutEvents(router, clock),
    },
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
    idle: () => scheduler.idle(),
    metrics: () => counters.snapshot(),
    metricFamilies: () => counters.families(),
  };
}
