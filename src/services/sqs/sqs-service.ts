/** Amazon SQS, over AWS JSON 1.0 (query-compatible errors) and the Query protocol. */
import type { Clock } from '../../clock/clock.ts';
import type { SqsStore } from '../../store/sqs-store.ts';
import type { AwsService } from '../service.ts';
import { messageMoveTasks } from './message-move-tasks.ts';
import { messageOperations } from './message-operations.ts';
import { SQS_QUERY_SHAPES, SQS_XML_NAMESPACE } from './query-shapes.ts';
import { queueOperations } from './queue-operations.ts';
import { QueueWaiters } from './queue-waiters.ts';

export interface SqsService extends AwsService {
  /** Resumes background work a previous process left (message move tasks). */
  resume(): void;
  /** Ends every long poll and stops background work (shutdown). */
  stop(): void;
}

export function createSqsService(store: SqsStore, clock: Clock): SqsService {
  const waiters = new QueueWaiters(clock);
  const context = { store, clock, waiters };
  const moveTasks = messageMoveTasks(context);
  return {
    signingName: 'sqs',
    operations: { ...queueOperations(context), ...messageOperations(context), ...moveTasks.operations },
    json: { queryCompatible: true },
    query: { xmlNamespace: SQS_XML_NAMESPACE, shapes: SQS_QUERY_SHAPES },
    resume: () => moveTasks.resume(),
    stop: () => {
      moveTasks.stop();
      waiters.wakeAll();
    },
  };
}
