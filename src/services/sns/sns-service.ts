/** Amazon SNS over the Query protocol: topics, subscriptions, publishing and delivery. */
import type { Clock, ManualClockControls } from '../../clock/clock.ts';
import type { SnsStore } from '../../store/sns-store.ts';
import type { AwsService } from '../service.ts';
import type { InternalTargets } from '../targets/internal-targets.ts';
import { HttpDeliveries } from './http-deliveries.ts';
import { publishOperations, topicPublisher } from './publish-operations.ts';
import { SNS_QUERY_SHAPES, SNS_XML_NAMESPACE } from './query-shapes.ts';
import type { SnsContext } from './sns-context.ts';
import { subscriptionOperations } from './subscription-operations.ts';
import { topicOperations } from './topic-operations.ts';

export interface SnsServiceOptions {
  store: SnsStore;
  clock: Clock;
  targets: InternalTargets;
  endpointUrl: () => string;
  log: (line: string) => void;
}

export interface SnsService extends AwsService {
  /** Resumes HTTP deliveries a previous process left. */
  start(): void;
  stop(): void;
  /** Resolves once no HTTP delivery is due or in flight (manual clock quiescer). */
  idle(): Promise<void>;
}

export function createSnsService(options: SnsServiceOptions): SnsService {
  const deliveries: HttpDeliveries = new HttpDeliveries(options.store, options.clock, () => context);
  const context: SnsContext = {
    store: options.store,
    clock: options.clock,
    targets: options.targets,
    endpointUrl: options.endpointUrl,
    kickDeliveries: () => deliveries.kick(),
    log: options.log,
  };
  options.targets.registerTopicPublisher(topicPublisher(context));
  (options.clock as Clock & Partial<ManualClockControls>).addQuiescer?.(() => deliveries.idle());
  return {
    signingName: 'sns',
    operations: { ...topicOperations(context), ...subscriptionOperations(context), ...publishOperations(context) },
    query: { xmlNamespace: SNS_XML_NAMESPACE, shapes: SNS_QUERY_SHAPES },
    start: () => deliveries.start(),
    stop: () => deliveries.stop(),
    idle: () => deliveries.idle(),
  };
}
