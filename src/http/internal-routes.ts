/**
 * Onward's own endpoints under /_onward/ (health, clock) and LocalStack's /_localstack/health, so
 * scripts and health checks written for LocalStack work unchanged.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, ManualClockControls } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import { ONWARD_VERSION } from '../version.ts';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.ts';

export interface InternalRouteContext {
  clock: Clock & Partial<ManualClockControls>;
  timeScale: number;
  store: Store;
  serviceNames: readonly string[];
  /** Called after the manual clock moved, to persist the new time. */
  onClockAdvanced: () => Promise<void>;
  /** Asynchronous invocations, newest first, filtered by the query (function, status, requestId, limit, nextToken). */
  asyncInvocations?: (query: URLSearchParams) => { invocations: unknown[]; nextToken?: string };
  /** GET /_onward/invocations/stream: serves server-sent events on the response until either side closes. */
  invocationStream?: (request: IncomingMessage, response: ServerResponse, query: URLSearchParams) => void;
  /** GET /_onward/metrics: the Prometheus text. */
  metrics?: () => string;
  /** SNS's email/email-json/sms outbox, newest first, filtered by the query (topicArn, protocol, endpoint, limit). */
  outbox?: (query: URLSearchParams) => { messages: unknown[] };
  /** The file of a stored deployment package (`<sha256 hex>.zip`), for GetFunction's Code.Location. */
  codePackagePath?: (fileName: string) => string | undefined;
}

export interface InternalResponse {
  status: number;
  body: unknown;
  /** Bytes sent as they are (a file), instead of `body` as JSON. */
  file?: { bytes: Buffer; contentType: string };
  /** A response the route writes itself, for as long as it likes (server-sent events). */
  stream?: (request: IncomingMessage, response: ServerResponse) => void;
}

function clockState(context: InternalRouteContext) {
  const nowMs = context.clock.now();
  return {
    mode: context.clock.mode,
    timeScale: context.clock.mode === 'scaled' ? context.timeScale : 1,
    now: new Date(nowMs).toISOString(),
    nowMs,
  };
}

function error(status: number, code: string, message: string): InternalResponse {
  return { status, body: { __type: code, message } };
}

export async function handleInternalRoute(
  context: InternalRouteContext,
  method: string,
  path: string,
  body: Buffer,
  query: URLSearchParams = new URLSearchParams(),
): Promise<InternalResponse> {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_onward/health':
    case 'HEAD /_onward/health':
      return {
        status: 200,
        body: {
          status: 'running',
          version: ONWARD_VERSION,
          services: Object.fromEntries(context.serviceNames.map((name) => [name, 'running'])),
          store: { backend: context.store.backend, location: context.store.location },
          clock: clockState(context),
        },
      };
    case 'GET /_localstack/health':
    case 'HEAD /_localstack/health':
      return {
        status: 200,
        body: {
          services: Object.fromEntries(context.serviceNames.map((name) => [name, 'running'])),
          edition: 'onward',
          version: ONWARD_VERSION,
        },
      };
    case 'GET /_onward/clock':
      return { status: 200, body: clockState(context) };
    case 'POST /_onward/clock/advance':
      return advanceClock(context, body);
    case 'GET /_onward/outbox':
      return { status: 200, body: context.outbox?.(query) ?? { messages: [] } };
    case 'GET /_onward/invocations':
      return { status: 200, body: context.asyncInvocations?.(query) ?? { invocations: [] } };
    case 'GET /_onward/invocations/stream': {
      const serve = context.invocationStream;
      if (!serve) return error(404, 'ResourceNotFoundException', 'This Onward has no invocation stream.');
      return { status: 200, body: undefined, stream: (request, response) => serve(request, response, query) };
    }
    case 'GET /_onward/metrics':
      return {
        status: 200,
        body: undefined,
        file: { bytes: Buffer.from(context.metrics?.() ?? ''), contentType: PROMETHEUS_CONTENT_TYPE },
      };
    default: {
      const single = /^GET \/_onward\/invocations\/([^/]+)$/.exec(route);
      if (single) {
        const found = context.asyncInvocations?.(new URLSearchParams({ requestId: decodeURIComponent(single[1]!) }))
          .invocations[0];
        return found
          ? { status: 200, body: found }
          : error(404, 'ResourceNotFoundException', `No asynchronous invocation ${single[1]}.`);
      }
      const codePackage = /^GET \/_onward\/lambda\/code\/([0-9a-f]{64}\.zip)$/.exec(route);
      const file = codePackage && context.codePackagePath?.(codePackage[1]!);
      if (file && fs.existsSync(file)) {
        return { status: 200, body: undefined, file: { bytes: fs.readFileSync(file), contentType: 'application/zip' } };
      }
      return error(404, 'ResourceNotFoundException', `Onward has no internal endpoint ${route}.`);
    }
  }
}

async function advanceClock(context: InternalRouteContext, body: Buffer): Promise<InternalResponse> {
  const advance = context.clock.advance?.bind(context.clock);
  if (!advance) {
    return error(409, 'InvalidClockMode', `The clock is ${context.clock.mode}; start Onward with --clock manual to advance it.`);
  }
  let seconds: unknown;
  try {
    seconds = (JSON.parse(body.toString('utf8') || '{}') as { seconds?: unknown }).seconds;
  } catch {
    return error(400, 'SerializationException', 'The body must be JSON: {"seconds": N}.');
  }
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return error(400, 'ValidationException', 'seconds must be a number >= 0.');
  }
  await advance(seconds);
  await context.onClockAdvanced();
  return { status: 200, body: clockState(context) };
}
