/**
 * Invoke (RequestResponse and DryRun): resolve the function version, check payload and concurrency,
 * run it on the FunctionRunner and answer as Lambda does (200 with the function's bytes, function
 * errors in X-Amz-Function-Error, the log tail in X-Amz-Log-Result). Event is the async engine's.
 */
import { ServiceError } from '../../aws/service-error.ts';
import type { FunctionInstanceSpec, FunctionRunner, InvokeResult } from '../../runner/function-runner.ts';
import { RuntimeUnavailableError } from '../../runner/function-runner.ts';
import type { ConcurrencyTracker } from '../../engine/concurrency-tracker.ts';
import { optionalString } from '../input.ts';
import type { OperationHandler, RawResponse, RequestContext } from '../service.ts';

export const SYNC_PAYLOAD_LIMIT_BYTES = 6_291_456;
export const EVENT_PAYLOAD_LIMIT_BYTES = 1_048_576;
export const INVOKE_ASYNC_PAYLOAD_LIMIT_BYTES = 262_144;
const LOG_TAIL_BYTES = 4096;
const CLIENT_CONTEXT_LIMIT_BYTES = 3583;
const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
/** Stateless between calls (no streaming), so one serves every request. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** What Invoke needs to know of the function version a request resolves to. */
export interface InvocationTarget {
  functionName: string;
  /** Unqualified ARN. */
  functionArn: string;
  /** The ARN as the caller qualified it. */
  invokedArn: string;
  /** The qualifier the caller gave, if any (its EventInvokeConfig applies to async invocations). */
  qualifier: string | undefined;
  resolvedVersion: string;
  runtime: string;
  handler: string;
  codeDir: string;
  codeSha256: string;
  revisionId: string;
  memorySizeMb: number;
  timeoutSeconds: number;
  environment: Readonly<Record<string, string>>;
  reservedConcurrency: number | undefined;
  /** The function's DeadLetterConfig target (function-level), for failed async invocations. */
  deadLetterTargetArn?: string;
}

export interface InvokeDependencies {
  /** Resolves name/ARN + qualifier, throwing Lambda's ResourceNotFoundException when absent. */
  resolve(request: RequestContext, functionName: string, qualifier: string | undefined): InvocationTarget;
  runner: FunctionRunner;
  /** Onward's own edge URL, for the function's SDK calls. */
  endpointUrl: () => string;
  concurrency: ConcurrencyTracker;
  /** Accepts an Event invocation into the async engine; absent, Event answers 501. */
  acceptEvent?: (target: InvocationTarget, payload: Buffer, request: RequestContext) => Promise<void>;
  /** Told of every synchronous run (fine or a function error) and throttle, for the metrics. */
  observe?: (target: InvocationTarget, request: RequestContext, outcome: 'success' | 'error' | 'throttled') => void;
}

function lambdaError(code: string, message: string, statusCode: number, fields?: Record<string, string>): ServiceError {
  return new ServiceError({ code, message, statusCode, ...(fields ? { fields } : {}) });
}

function validationError(member: string, value: unknown, constraint: string): ServiceError {
  return lambdaError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
    400,
  );
}

/** Lambda only takes JSON payloads; an empty body is the event `{}`. */
export function checkedPayload(payload: Buffer | undefined): Buffer {
  if (!payload || payload.length === 0) return Buffer.from('{}');
  if (payload.length > SYNC_PAYLOAD_LIMIT_BYTES) {
    throw lambdaError(
      'RequestEntityTooLargeException',
      `Request must be smaller than ${SYNC_PAYLOAD_LIMIT_BYTES} bytes for the InvokeFunction operation`,
      413,
    );
  }
  try {
    JSON.parse(STRICT_UTF8.decode(payload));
  } catch (error) {
    throw lambdaError(
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
      400,
    );
  }
  return payload;
}

/** An Event payload: JSON, at most `limitBytes` (1 MB; InvokeAsync 256 KB), with AWS's 413 text. */
export function checkedEventPayload(payload: Buffer | undefined, limitBytes: number): Buffer {
  if (payload && payload.length > limitBytes) {
    throw lambdaError(
      'RequestEntityTooLargeException',
      `${payload.length} byte payload is too large for the Event invocation type (limit ${limitBytes} bytes)`,
      413,
    );
  }
  return checkedPayload(payload);
}

/** `X-Amz-Client-Context` is base64 of a JSON object; the runtime receives the JSON. */
export function decodedClientContext(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (Buffer.byteLength(raw) > CLIENT_CONTEXT_LIMIT_BYTES) {
    throw validationError('clientContext', raw, `Member must have length less than or equal to ${CLIENT_CONTEXT_LIMIT_BYTES}`);
  }
  const json = Buffer.from(raw, 'base64').toString('utf8');
  try {
    JSON.parse(json);
  } catch {
    throw lambdaError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.', 400);
  }
  return json;
}

/** The last 4 KB of the log, base64, as `X-Amz-Log-Result` carries it. */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('base64');
}

export function instanceSpec(target: InvocationTarget, request: RequestContext, endpointUrl: string): FunctionInstanceSpec {
  return {
    poolKey: `${target.functionArn}:${target.resolvedVersion}:${target.codeSha256}:${target.revisionId}`,
    functionName: target.functionName,
    functionVersion: target.resolvedVersion,
    functionArn: target.functionArn,
    runtime: target.runtime,
    handler: target.handler,
    codeDir: target.codeDir,
    memorySizeMb: target.memorySizeMb,
    timeoutSeconds: target.timeoutSeconds,
    environment: target.environment,
    region: request.region,
    accountId: request.accountId,
    endpointUrl,
  };
}

export function createInvokeOperation(deps: InvokeDependencies): OperationHandler {
  /** The pool each function version last ran in: a new one (code or configuration changed) retires the old. */
  const lastPoolKeys = new Map<string, string>();

  return async (input, request): Promise<RawResponse> => {
    const functionName = optionalString(input, 'FunctionName') ?? '';
    const invocationType = optionalString(input, 'InvocationType') ?? 'RequestResponse';
    if (!(INVOCATION_TYPES as readonly string[]).includes(invocationType)) {
      throw validationError(
        'invocationType',
        invocationType,
        'Member must satisfy enum value set: [Event, RequestResponse, DryRun]',
      );
    }
    const logType = optionalString(input, 'LogType') ?? 'None';
    if (logType !== 'None' && logType !== 'Tail') {
      throw validationError('logType', logType, 'Member must satisfy enum value set: [None, Tail]');
    }
    const target = deps.resolve(request, functionName, optionalString(input, 'Qualifier'));
    if (invocationType === 'DryRun') return { raw: true, statusCode: 204 };
    if (invocationType === 'Event') {
      if (!deps.acceptEvent) {
        throw lambdaError('NotImplemented', 'Onward does not run asynchronous (Event) invocations in this build.', 501);
      }
      const payload = checkedEventPayload(input.Payload as Buffer | undefined, EVENT_PAYLOAD_LIMIT_BYTES);
      await deps.acceptEvent(target, payload, request);
      return { raw: true, statusCode: 202 };
    }
    const payload = checkedPayload(input.Payload as Buffer | undefined);
    const clientContext = decodedClientContext(optionalString(input, 'ClientContext'));

    const spec = instanceSpec(target, request, deps.endpointUrl());
    const versionKey = `${target.functionArn}:${target.resolvedVersion}`;
    const previousPoolKey = lastPoolKeys.get(versionKey);
    if (previousPoolKey !== spec.poolKey) {
      lastPoolKeys.set(versionKey, spec.poolKey);
      if (previousPoolKey !== undefined) void deps.runner.retire(previousPoolKey).catch(() => undefined);
    }
    if (!deps.concurrency.tryAcquire(target.functionArn, target.reservedConcurrency)) {
      deps.observe?.(target, request, 'throttled');
      throw lambdaError('TooManyRequestsException', 'Rate Exceeded.', 429, {
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      });
    }
    let result: InvokeResult;
    try {
      result = await deps.runner.invoke(spec, {
        // The function's awsRequestId is the Invoke response's x-amzn-RequestId, as on AWS.
        requestId: request.requestId,
        payload,
        invokedFunctionArn: target.invokedArn,
        ...(clientContext !== undefined ? { clientContext } : {}),
      });
    } catch (error) {
      if (error instanceof RuntimeUnavailableError) throw lambdaError('ServiceException', error.message, 500);
      throw error;
    } finally {
      deps.concurrency.release(target.functionArn);
    }
    deps.observe?.(target, request, result.functionError ? 'error' : 'success');
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Amz-Executed-Version': target.resolvedVersion,
    };
    if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
    if (logType === 'Tail') headers['X-Amz-Log-Result'] = logTail(result.log);
    return { raw: true, statusCode: 200, headers, body: result.payload };
  };
}

/** Legacy InvokeAsync: an Event invocation with a 256 KB limit, answered 202. */
export function createInvokeAsyncOperation(deps: InvokeDependencies): OperationHandler {
  return async (input, request): Promise<RawResponse> => {
    const target = deps.resolve(request, optionalString(input, 'FunctionName') ?? '', undefined);
    if (!deps.acceptEvent)
      throw lambdaError('NotImplemented', 'Onward does not run asynchronous invocations in this build.', 501);
    const payload = checkedEventPayload(input.InvokeArgs as Buffer | undefined, INVOKE_ASYNC_PAYLOAD_LIMIT_BYTES);
    await deps.acceptEvent(target, payload, request);
    return { raw: true, statusCode: 202 };
  };
}
