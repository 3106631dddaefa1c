/**
 * Delivering async invocation records and dead-letter messages to their targets, inside Onward (never
 * over HTTP), through InternalTargets: SQS SendMessage, SNS Publish, EventBridge PutEvents, Lambda as a
 * new async invocation. Each delivery issues its store write before its first await, so it commits with
 * the invocation's outcome.
 */
import type { DeadLetter, DestinationRecord } from '../../engine/async-engine.ts';
import type { AsyncInvocationRecord } from '../../store/async-invocation-store.ts';
import type { LambdaStore } from '../../store/lambda-store.ts';
import { arnService, TargetUnavailableError, type InternalTargets } from '../targets/internal-targets.ts';
import { parseFunctionArn, type ParsedFunctionArn } from './arn.ts';
import { resolveFunction } from './function-resolver.ts';

/** Lambda's side of InternalTargets: an async invocation of a function ARN, checked to exist first. */
export function asyncInvoker(
  lambdaStore: LambdaStore,
  accept: (invocation: ParsedFunctionArn & { requestId?: string; payload: Buffer }) => Promise<unknown>,
) {
  return (arn: string, payload: Buffer, options: { requestId?: string }): Promise<void> => {
    const target = parseFunctionArn(arn);
    if (!target) return Promise.reject(new TargetUnavailableError(`${arn} is not a Lambda function ARN.`));
    try {
      // Throws Lambda's ResourceNotFoundException when the function (or qualifier) is gone.
      resolveFunction(lambdaStore, target.accountId, target.region, target.functionName, target.qualifier);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return accept({ ...target, payload, ...(options.requestId ? { requestId: options.requestId } : {}) }).then(() => undefined);
  };
}

const RESULT_DETAIL_TYPE = {
  OnSuccess: 'Lambda Function Invocation Result - Success',
  OnFailure: 'Lambda Function Invocation Result - Failure',
} as const;

export function destinationDelivery(targets: InternalTargets) {
  return {
    deliver(arn: string, destinationRecord: DestinationRecord, invocation: AsyncInvocationRecord): Promise<void> {
      const body = destinationRecord.json;
      switch (arnService(arn)) {
        case 'sqs':
          return targets.sendToQueue(arn, body);
        case 'lambda':
          return targets.invokeAsync(arn, body);
        case 'sns':
          return targets.publishToTopic(arn, body);
        case 'events': {
          const record = destinationRecord.value;
          const requestContext = record.requestContext as { condition?: string; functionArn?: string } | undefined;
          const kind = requestContext?.condition === 'Success' ? 'OnSuccess' : 'OnFailure';
          return targets.putEvent(arn, {
            source: 'lambda',
            detailType: RESULT_DETAIL_TYPE[kind],
            detail: record,
            resources: [arn, requestContext?.functionArn ?? invocation.functionName],
          });
        }
        default:
          return Promise.reject(
            new TargetUnavailableError(
              `Onward does not implement ${arnService(arn) || 'this service'} as a destination yet (${arn}); the record was not delivered.`,
            ),
          );
      }
    },
    deliverDeadLetter(arn: string, message: DeadLetter, _invocation: AsyncInvocationRecord): Promise<void> {
      switch (arnService(arn)) {
        case 'sqs':
          return targets.sendToQueue(arn, message.body, { attributes: message.attributes });
        case 'sns':
          return targets.publishToTopic(arn, message.body, { attributes: message.attributes });
        default:
          return Promise.reject(new TargetUnavailableError(`${arn} is not an SQS queue or SNS topic ARN.`));
      }
    },
  };
}
