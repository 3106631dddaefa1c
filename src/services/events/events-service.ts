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

export { eventsMetrics } from './metrics.ts';

export interface EventsService extends AwsService {
  /** Arms stored schedules and registers the bus publisher Lambda destinations use. */
  start(): void;
  stop(): void;
  /** Resolves when no delivery or schedule fire is in flight (the manual clock's quiescer). */
  idle(): Promise<void>;
}

export interface EventsServiceDependencies {
  store: EventsStore;
  clock: Clock;
  targets: InternalTargets;
  log: (line: string) => void;
}

export function createEventsService({ store, clock, targets, log }: EventsServiceDependencies): EventsService {
  const router = new EventRouter({ store, clock, targets, log });
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
  };
}
