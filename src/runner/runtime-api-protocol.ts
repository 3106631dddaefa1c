/**
 * The Lambda Runtime API 2018-06-01 on the wire: routes, the headers of /next, error bodies. Pure.
 */
import { MAX_RESPONSE_BYTES } from './invoke-errors.ts';

export const RUNTIME_API_PREFIX = '/2018-06-01/runtime/';

export type RuntimeApiRoute =
  | { kind: 'next' }
  | { kind: 'response'; requestId: string }
  | { kind: 'error'; requestId: string }
  | { kind: 'initError' }
  | { kind: 'methodNotAllowed' }
  | { kind: 'notFound' };

export function routeRuntimeApiRequest(method: string, url: string): RuntimeApiRoute {
  const path = url.split('?', 1)[0]!;
  if (!path.startsWith(RUNTIME_API_PREFIX)) return { kind: 'notFound' };
  const rest = path.slice(RUNTIME_API_PREFIX.length);
  if (rest === 'invocation/next') return method === 'GET' ? { kind: 'next' } : { kind: 'methodNotAllowed' };
  if (rest === 'init/error') return method === 'POST' ? { kind: 'initError' } : { kind: 'methodNotAllowed' };
  const match = /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
  if (!match) return { kind: 'notFound' };
  if (method !== 'POST') return { kind: 'methodNotAllowed' };
  let requestId: string;
  try {
    requestId = decodeURIComponent(match[1]!);
  } catch {
    return { kind: 'notFound' };
  }
  return match[2] === 'response' ? { kind: 'response', requestId } : { kind: 'error', requestId };
}

export interface NextInvocation {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
}

export function nextInvocationHeaders(event: NextInvocation): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Aws-Request-Id': event.requestId,
    'Lambda-Runtime-Deadline-Ms': String(event.deadlineMs),
    'Lambda-Runtime-Invoked-Function-Arn': event.invokedFunctionArn,
    'Lambda-Runtime-Trace-Id': event.traceId,
  };
  if (event.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = headerSafeJson(event.clientContext);
  if (event.cognitoIdentity !== undefined) headers['Lambda-Runtime-Cognito-Identity'] = headerSafeJson(event.cognitoIdentity);
  return headers;
}

/**
 * JSON that fits in one HTTP header value: re-serialised on one line with every character outside
 * printable ASCII escaped as \uXXXX (still the same JSON value). Text that is not JSON loses the
 * characters a header cannot carry.
 */
export function headerSafeJson(text: string): string {
  let compact: string;
  try {
    compact = JSON.stringify(JSON.parse(text));
  } catch {
    return text.replace(/[^\t\x20-\x7e]/g, '');
  }
  return compact.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An X-Ray trace header for an invocation that came without one: `Root=1-<epoch s hex>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
export function traceHeader(nowMs: number, hex40: string): string {
  const epochHex = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epochHex}-${hex40.slice(0, 24)};Parent=${hex40.slice(24, 40)};Sampled=0`;
}

/** RAPID's error body (`model.ErrorResponse`). */
export function runtimeApiErrorBody(errorType: string, errorMessage: string): string {
  return JSON.stringify({ errorMessage, errorType });
}

export const ACCEPTED_BODY = JSON.stringify({ status: 'OK' });

export const TOO_LARGE_BODY = runtimeApiErrorBody(
  'RequestEntityTooLarge',
  `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
);
