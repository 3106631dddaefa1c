/**
 * Lambda's side of the async engine: accepting Event invocations, and resolving each attempt against
 * the configuration current when it runs (version, EventInvokeConfig of the qualifier used, DLQ).
 */
import type { AsyncAttemptTarget, AsyncEngine } from '../../engine/async-engine.ts';
import { DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS } from '../../engine/retry-policy.ts';
import type { AsyncInvocationRecord } from '../../store/async-invocation-store.ts';
import type { LambdaStore } from '../../store/lambda-store.ts';
import { ServiceError } from '../../aws/service-error.ts';
import { internalRequest, type RequestContext } from '../service.ts';
import { invocationTargetResolver } from './invocation-target.ts';
import { instanceSpec, type InvocationTarget } from './invoke.ts';

export function eventAcceptor(engine: AsyncEngine, now: () => number) {
  return async (target: InvocationTarget, payload: Buffer, request: RequestContext): Promise<void> => {
    const nowMs = now();
    await engine.accept({
      // The 202's x-amzn-RequestId is the id every attempt and record carries.
      requestId: request.requestId,
      accountId: request.accountId,
      region: request.region,
      functionName: target.functionName,
      qualifier: target.qualifier ?? '',
      payload,
      enqueuedAtMs: nowMs,
      dueAtMs: nowMs,
    });
  };
}

export function asyncAttemptResolver(store: LambdaStore, endpointUrl: () => string) {
  const resolveTarget = invocationTargetResolver(store);
  return (invocation: AsyncInvocationRecord): AsyncAttemptTarget | undefined => {
    const request = internalRequest(invocation.accountId, invocation.region, invocation.requestId);
    let target: InvocationTarget;
    try {
      target = resolveTarget(request, invocation.functionName, invocation.qualifier || undefined);
    } catch (error) {
      // The function or qualifier is gone (ResourceNotFoundException): the engine drops the event, visibly.
      if (error instanceof ServiceError) return undefined;
      throw error;
    }
    const qualifier = invocation.qualifier || '$LATEST';
    const config = store.getEventInvokeConfig(target.functionArn, qualifier);
    const deadLetterTarget = target.deadLetterTargetArn;
    return {
      spec: instanceSpec(target, request, endpointUrl()),
      functionArn: target.functionArn,
      recordFunctionArn: `${target.functionArn}:${qualifier}`,
      invokedArn: target.invokedArn,
      resolvedVersion: target.resolvedVersion,
      reservedConcurrency: target.reservedConcurrency,
      maximumRetryAttempts: config?.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
      maximumEventAgeSeconds: config?.maximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS,
      ...(config?.onSuccessDestination ? { onSuccess: config.onSuccessDestination } : {}),
      ...(config?.onFailureDestination ? { onFailure: config.onFailureDestination } : {}),
      ...(deadLetterTarget ? { deadLetterTarget } : {}),
    };
  };
}
