/** Amazon EventBridge Scheduler (REST-JSON, signing name `scheduler`): schedule groups, schedules, and their fires. */
import { RestRouter } from '../../aws/protocols/rest-json.ts';
import type { Clock } from '../../clock/clock.ts';
import type { SchedulerStore } from '../../store/scheduler-store.ts';
import type { AwsService } from '../service.ts';
import type { InternalTargets } from '../targets/internal-targets.ts';
import { groupOperations } from './group-operations.ts';
import { SCHEDULER_ROUTES } from './routes.ts';
import { scheduleOperations } from './schedule-operations.ts';
import { ScheduleRunner } from './schedule-runner.ts';

export interface SchedulerService extends AwsService {
  /** Arms the stored schedules (a window missed while Onward was down fires once). */
  start(): void;
  stop(): void;
  /** Resolves when no fire or try is in flight (the manual clock's quiescer). */
  idle(): Promise<void>;
}

export interface SchedulerServiceDependencies {
  store: SchedulerStore;
  clock: Clock;
  targets: InternalTargets;
  log: (line: string) => void;
}

export function createSchedulerService({ store, clock, targets, log }: SchedulerServiceDependencies): SchedulerService {
  const runner = new ScheduleRunner({ store, clock, targets, log });
  return {
    signingName: 'scheduler',
    operations: {
      ...scheduleOperations(store, clock, runner),
      ...groupOperations(store, clock, runner),
    },
    rest: { router: new RestRouter(SCHEDULER_ROUTES) },
    start: () => runner.start(),
    stop: () => runner.stop(),
    idle: () => runner.idle(),
  };
}
