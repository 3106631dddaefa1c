/** Amazon SQS, over AWS JSON 1.0 (query-compatible errors) and the Query protocol. */
import type { Clock } from '../../clock/clock.ts';
import type { SqsStore } from '../../store/sqs-store.ts';
import type { AwsService } from '../service.ts';
import { messageOperations } from './message-operations.ts';
import { SQS_QUERY_SHAPES, SQS_XML_NAMESPACE } from './query-shapes.ts';
import { queueOperations } from './queue-operations.ts';
import { QueueWaiters } from './queue-waiters.ts';

export interface SqsService extends AwsService {
  /** Ends every long poll (shutdown). */
  wakeAllWaiters(): void;
}

export function createSqsService(store: SqsStore, clock: Clock): SqsService {
  const waiters = new QueueWaiters(clock);
  const context = { store, clock, waiters };
  return {
    signingName: 'sqs',
    operations: { ...queueOperations(context), ...messageOperations(context) },
    json: { queryCompatible: true },
    query: { xmlNamespace: SQS_XML_NAMESPACE, shapes: SQS_QUERY_SHAPES },
    wakeAllWaiters: () => waiters.wakeAll(),
  };
}
