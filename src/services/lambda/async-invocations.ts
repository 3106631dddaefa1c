/**
 * Lambda's side of the async engine: accepting Event invocations, and resolving each attempt against
 * the configuration current when it runs (version, EventInvokeConfig of the qualifier used, DLQ).
 */
import type { AsyncAttemptTarget, AsyncEngine } from '../../engine/async-engine.ts';
import { DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS } from '../../engine/retry-policy.ts';
import type { AsyncInvocationRecord } from '../../store/async-invocation-store.ts';
import type { LambdaStore } from '../../store/lambda-store.ts';
import type { RequestContext } from '../service.ts';
import { invocationTargetResolver } from './invocation-target.ts';
import { instanceSpec, type InvocationTarget } from './invoke.ts';

/** The RequestContext of work Onward does on its own (no client): the invocation's account and region. */
export function internalRequest(accountId: string, region: string, requestId: string): RequestContext {
  return {
    requestId,
    accountId,
    region,
    accessKeyId: undefined,
    protocol: 'json',
    origin: '',
    path: '/',
    headers: {},
    signal: new AbortController().signal,
  };
}

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
    } catch {
      return undefined;
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
