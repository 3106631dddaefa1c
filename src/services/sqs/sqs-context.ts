/** What SQS operations share: the store, the clock, the long-poll waiters, and queue resolution. */
import type { Clock } from '../../clock/clock.ts';
import type { QueueRecord, SqsStore } from '../../store/sqs-store.ts';
import type { InputErrors } from '../input.ts';
import { optionalString } from '../input.ts';
import type { RequestContext } from '../service.ts';
import { InvalidAddress, MissingParameter, QueueDoesNotExist, invalidParameter } from './errors.ts';
import type { QueueWaiters } from './queue-waiters.ts';
import { parseQueueUrl, queueArn, queueUrl } from './queue-url.ts';

export interface SqsContext {
  store: SqsStore;
  clock: Clock;
  waiters: QueueWaiters;
}

export const SQS_INPUT_ERRORS: InputErrors = {
  missing: MissingParameter,
  invalid: invalidParameter,
};

/** The queue a request addresses: its `QueueUrl`, or for Query clients, the URL path it was posted to. */
export function resolveQueue(sqs: SqsContext, input: Record<string, unknown>, request: RequestContext): QueueRecord {
  const url = optionalString(input, 'QueueUrl') ?? (request.protocol === 'query' ? queuePathOf(request.path) : undefined);
  if (url === undefined) throw MissingParameter('QueueUrl');
  // A bare queue name is accepted too (AWS-recorded).
  const address = /^[A-Za-z0-9_.-]{1,80}$/.test(url) ? { accountId: request.accountId, name: url } : parseQueueUrl(url);
  if (!address) throw InvalidAddress();
  const queue = sqs.store.getQueue({ accountId: address.accountId, region: request.region, name: address.name });
  if (!queue) throw QueueDoesNotExist();
  return queue;
}

function queuePathOf(path: string): string | undefined {
  return parseQueueUrl(path) ? path : undefined;
}

export function urlOf(queue: QueueRecord, request: RequestContext): string {
  return queueUrl(request.origin, queue.accountId, queue.name);
}

export function arnOf(queue: QueueRecord): string {
  return queueArn(queue.region, queue.accountId, queue.name);
}
