/**
 * Delivering async invocation records and dead-letter messages to their targets, inside Onward (never
 * over HTTP): SQS through the SQS service's own SendMessage, Lambda as a new async invocation. Each
 * delivery issues its store write before its first await, so it commits with the invocation's outcome.
 */
import { randomUUID } from 'node:crypto';
import type { AsyncEngine, DeadLetter } from '../../engine/async-engine.ts';
import type { AsyncInvocationRecord } from '../../store/async-invocation-store.ts';
import type { LambdaStore } from '../../store/lambda-store.ts';
import { internalRequest, type AwsService } from '../service.ts';
import { parseQueueArn } from '../sqs/queue-url.ts';
import { resolveFunction } from './function-resolver.ts';

export interface DestinationDeliveryDependencies {
  sqs: AwsService;
  lambdaStore: LambdaStore;
  engine: () => AsyncEngine;
  now: () => number;
}

export class DestinationUnavailableError extends Error {
  override name = 'DestinationUnavailableError';
}

function serviceOf(arn: string): string {
  return arn.split(':')[2] ?? '';
}

export function destinationDelivery(deps: DestinationDeliveryDependencies) {
  function sendToQueue(arn: string, body: string, attributes: Record<string, unknown> | undefined): Promise<void> {
    const queue = parseQueueArn(arn);
    if (!queue) throw new DestinationUnavailableError(`${arn} is not an SQS queue ARN.`);
    const request = internalRequest(queue.accountId, queue.region, randomUUID());
    const sent = deps.sqs.operations.SendMessage!(
      {
        QueueUrl: `/${queue.accountId}/${queue.name}`,
        MessageBody: body,
        ...(attributes ? { MessageAttributes: attributes } : {}),
      },
      request,
    );
    return Promise.resolve(sent).then(() => undefined);
  }

  function invokeFunction(arn: string, payload: string): Promise<void> {
    const match = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(arn);
    if (!match) throw new DestinationUnavailableError(`${arn} is not a Lambda function ARN.`);
    const [, region, accountId, functionName, qualifier] = match as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    // Throws Lambda's ResourceNotFoundException when the destination function is gone.
    resolveFunction(deps.lambdaStore, accountId, region, functionName, qualifier);
    const nowMs = deps.now();
    return deps
      .engine()
      .accept({
        requestId: randomUUID(),
        accountId,
        region,
        functionName,
        qualifier: qualifier ?? '',
        payload: Buffer.from(payload),
        enqueuedAtMs: nowMs,
        dueAtMs: nowMs,
      })
      .then(() => undefined);
  }

  function unavailable(arn: string): never {
    throw new DestinationUnavailableError(
      `Onward does not implement ${serviceOf(arn) || 'this service'} as a destination yet (${arn}); the record was not delivered.`,
    );
  }

  return {
    deliver(arn: string, record: Record<string, unknown>, _invocation: AsyncInvocationRecord): Promise<void> {
      const body = JSON.stringify(record);
      switch (serviceOf(arn)) {
        case 'sqs':
          return sendToQueue(arn, body, undefined);
        case 'lambda':
          return invokeFunction(arn, body);
        default:
          return unavailable(arn);
      }
    },
    deliverDeadLetter(arn: string, message: DeadLetter, _invocation: AsyncInvocationRecord): Promise<void> {
      if (serviceOf(arn) === 'sqs') return sendToQueue(arn, message.body, message.attributes);
      return unavailable(arn);
    },
  };
}
