import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { HttpRouteSpec } from '../app/app-description.ts';
import { readBodyCapped } from '../http/body.ts';
import { apiIdOf, restRequestId, shortRequestId, traceIdAt } from './api-ids.ts';
import {
  functionFailure,
  integrationTimeout,
  invocationRefused,
  noRoute,
  requestTooLarge,
  type GatewayAnswer,
} from './gateway-answers.ts';
import type { GatewayRequest, RequestFacts } from './gateway-request.ts';
import { buildHttpApiEvent } from './http-api-event.ts';
import { TemplateError } from './mapping-template.ts';
import { mapHttpApiResponse, mapRestResponse } from './response-mapping.ts';
import { buildRestEvent } from './rest-event.ts';
import { routeTarget } from './route-list.ts';
import { compileRoutes, matchRoute, type RouteTable } from './route-matching.ts';
import {
  planServiceCall,
  publishAnswer,
  sendMessageAnswer,
  serviceErrorAnswer,
  type QueueSendRequest,
  type TopicPublishRequest,
} from './service-integration.ts';

/**
 * The HTTP side of `onward up`: serves an app's API Gateway routes (REST APIs with Lambda proxy
 * format 1.0, HTTP APIs with format 2.0, SNS/SQS service integrations) on its own port, invoking
 * functions synchronously through the ports the composition root wires to Onward's own Lambda, SNS
 * and SQS operations. Routes can be replaced while it runs (a redeploy).
 */
export interface HttpListenerPorts {
  /** A synchronous (RequestResponse) invocation; rejects when Lambda refuses it (unknown function, throttled). */
  invokeFunction(functionArn: string, payload: Buffer): Promise<{ payload: Buffer; functionError?: string }>;
  /** SNS Publish; rejects with a ServiceError-like `{code, message, senderFault}` on SNS errors. */
  publish(request: TopicPublishRequest): Promise<{ messageId: string; sequenceNumber?: string }>;
  /** SQS SendMessage; rejects like `publish`. */
  sendMessage(
    request: QueueSendRequest,
  ): Promise<{ messageId: string; md5OfMessageBody: string; md5OfMessageAttributes?: string; sequenceNumber?: string }>;
}

export interface HttpListenerOptions {
  routes: readonly HttpRouteSpec[];
  ports: HttpListenerPorts;
  /** Onward's clock: the events' request times. */
  nowMs: () => number;
  log: (line: string) => void;
  accountId?: string;
  /** One log line per request (method, path, status, target, duration). */
  logRequests?: boolean;
  /** API Gateway's integration timeouts: REST 29 s, HTTP API 30 s (real time, as the function runs in real time). */
  integrationTimeoutMs?: { rest: number; http: number };
  /** API Gateway's payload limit, 10 MB. */
  maxBodyBytes?: number;
}

export interface HttpListener {
  listen(port: number, host: string): Promise<void>;
  close(): Promise<void>;
  setRoutes(routes: readonly HttpRouteSpec[]): void;
  routes(): readonly HttpRouteSpec[];
  address(): AddressInfo;
}

const TIMED_OUT = Symbol('timed out');

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  // A late rejection after the timeout answered must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function errorFields(error: unknown): { code: string; message: string; senderFault: boolean } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; message?: unknown; senderFault?: unknown; statusCode?: unknown };
  if (typeof e.code !== 'string' || typeof e.message !== 'string') return undefined;
  const senderFault = typeof e.senderFault === 'boolean' ? e.senderFault : typeof e.statusCode === 'number' && e.statusCode < 500;
  return { code: e.code, message: e.message, senderFault };
}

function gatewayRequestOf(request: http.IncomingMessage, body: Buffer): GatewayRequest {
  const url = request.url ?? '/';
  const q = url.indexOf('?');
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) headers.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
  return {
    method: request.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    rawQueryString: q < 0 ? '' : url.slice(q + 1),
    headers,
    body,
    sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    protocol: `HTTP/${request.httpVersion}`,
  };
}

export function createHttpListener(options: HttpListenerOptions): HttpListener {
  const { ports, log } = options;
  const accountId = options.accountId ?? '000000000000';
  const timeouts = options.integrationTimeoutMs ?? { rest: 29_000, http: 30_000 };
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let specs = [...options.routes];
  let table: RouteTable = compileRoutes(specs);
  let port = 0;

  async function invoke(
    api: 'rest' | 'http',
    route: HttpRouteSpec,
    functionArn: string,
    event: Record<string, unknown>,
  ): Promise<GatewayAnswer> {
    let result: Awaited<ReturnType<HttpListenerPorts['invokeFunction']>> | typeof TIMED_OUT;
    try {
      result = await withTimeout(ports.invokeFunction(functionArn, Buffer.from(JSON.stringify(event))), timeouts[api]);
    } catch (error) {
      log(`${routeTarget(route)}: Lambda refused the invocation: ${(error as Error).message}`);
      return invocationRefused(api);
    }
    if (result === TIMED_OUT) {
      log(`${routeTarget(route)}: no answer within the ${timeouts[api] / 1000} s integration timeout`);
      return integrationTimeout(api);
    }
    if (result.functionError !== undefined) return functionFailure(api);
    const mapped = api === 'rest' ? mapRestResponse(result.payload) : mapHttpApiResponse(result.payload);
    if (!mapped.ok) {
      log(`${routeTarget(route)}: Malformed Lambda proxy response (${mapped.reason})`);
      return functionFailure(api);
    }
    return mapped.answer;
  }

  async function callService(
    route: HttpRouteSpec,
    request: GatewayRequest,
    restEvent: Record<string, unknown>,
    pathParameters: Record<string, string>,
  ): Promise<GatewayAnswer> {
    const integration = route.integration;
    if (integration.kind === 'function') throw new Error('not a service integration');
    const serviceRequestId = restRequestId();
    let call;
    try {
      call = planServiceCall(integration, {
        body: request.body.toString('utf8'),
        pathParameters,
        query: (restEvent.queryStringParameters as Record<string, string> | null) ?? {},
        headers: restEvent.headers as Record<string, string>,
        context: restEvent.requestContext as Record<string, unknown>,
        stageVariables: {},
      });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      log(`${routeTarget(route)}: the request template failed: ${error.message}`);
      return invocationRefused('rest');
    }
    if (call.kind === 'invalid') return serviceErrorAnswer({ ...call, senderFault: true }, serviceRequestId);
    try {
      if (call.kind === 'publish') return publishAnswer(await ports.publish(call.request), serviceRequestId);
      return sendMessageAnswer(await ports.sendMessage(call.request), serviceRequestId);
    } catch (error) {
      const fields = errorFields(error);
      if (fields) return serviceErrorAnswer(fields, serviceRequestId);
      log(`${routeTarget(route)}: ${(error as Error).message}`);
      return invocationRefused('rest');
    }
  }

  async function answer(
    request: GatewayRequest,
    startMs: number,
  ): Promise<{ answer: GatewayAnswer; target: string; headers: [string, string][] }> {
    const match = matchRoute(table, request.method, request.path);
    if (match.kind === 'none') {
      const first = request.path.split('/')[1] ?? '';
      if (match.api === 'rest' && table.restStages.size > 0 && !table.restStages.has(first)) {
        const stages = [...table.restStages].map((s) => `/${s}`).join(', ');
        log(`no route for ${request.method} ${request.path}: REST API URLs start with the stage (${stages})`);
      }
      return { answer: noRoute(match.api), target: '-', headers: [] };
    }
    const route = match.route;
    const api = route.api;
    const facts: RequestFacts = {
      accountId,
      apiId: apiIdOf(route),
      requestId: api === 'rest' ? restRequestId() : shortRequestId(),
      extendedRequestId: shortRequestId(),
      traceId: traceIdAt(startMs),
      nowMs: startMs,
      port,
    };
    const idHeaders: [string, string][] =
      api === 'rest'
        ? [
            ['x-amzn-RequestId', facts.requestId],
            ['x-amz-apigw-id', facts.extendedRequestId],
            ['X-Amzn-Trace-Id', facts.traceId],
          ]
        : [['Apigw-Requestid', facts.requestId]];
    const integration = route.integration;
    if (api === 'http') {
      if (integration.kind !== 'function') {
        // The loaders give HTTP APIs Lambda proxy integrations only.
        log(`${routeTarget(route)}: HTTP API routes to ${integration.kind} are not supported`);
        return { answer: invocationRefused('http'), target: routeTarget(route), headers: idHeaders };
      }
      const event = buildHttpApiEvent({ request, facts, route, pathParameters: match.pathParameters });
      const result = await invoke('http', route, integration.functionArn, event);
      return { answer: result, target: routeTarget(route), headers: idHeaders };
    }
    const event = buildRestEvent({
      request,
      facts,
      route,
      pathParameters: match.pathParameters,
      resourcePath: match.resourcePath,
    });
    const result =
      integration.kind === 'function'
        ? await invoke('rest', route, integration.functionArn, event)
        : await callService(route, request, event, match.pathParameters);
    return { answer: result, target: routeTarget(route), headers: idHeaders };
  }

  function send(response: http.ServerResponse, method: string, answer: GatewayAnswer, extra: [string, string][]): void {
    // The function's own headers win over the ids the gateway adds.
    const own = new Set(answer.headers.map(([name]) => name.toLowerCase()));
    const grouped = new Map<string, { name: string; values: string[] }>();
    for (const [name, value] of [...answer.headers, ...extra.filter(([name]) => !own.has(name.toLowerCase()))]) {
      const lower = name.toLowerCase();
      if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') continue;
      const entry = grouped.get(lower);
      if (entry) entry.values.push(value);
      else grouped.set(lower, { name, values: [value] });
    }
    for (const { name, values } of grouped.values()) response.setHeader(name, values.length === 1 ? values[0]! : values);
    response.setHeader('Content-Length', answer.body.length);
    response.writeHead(answer.statusCode);
    response.end(method === 'HEAD' ? undefined : answer.body);
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const startMs = options.nowMs();
    const startedAt = performance.now();
    const body = await readBodyCapped(request, maxBodyBytes);
    const method = request.method ?? 'GET';
    if (body === undefined) {
      send(response, method, requestTooLarge(), []);
      return;
    }
    const gatewayRequest = gatewayRequestOf(request, body);
    const { answer: result, target, headers } = await answer(gatewayRequest, startMs);
    send(response, method, result, headers);
    if (options.logRequests)
      log(`${method} ${gatewayRequest.path} -> ${result.statusCode} ${target} (${Math.round(performance.now() - startedAt)} ms)`);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`HTTP listener: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) send(response, request.method ?? 'GET', invocationRefused('rest'), []);
      else response.destroy();
    });
  });

  return {
    listen(listenPort, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(listenPort, host, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          resolve();
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    setRoutes(routes) {
      specs = [...routes];
      table = compileRoutes(specs);
    },
    routes: () => specs,
    address: () => server.address() as AddressInfo,
  };
}
