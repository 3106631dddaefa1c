/**
 * One Runtime API (2018-06-01) server per instance, on 127.0.0.1 and a port of its own, so
 * AWS_LAMBDA_RUNTIME_API is a plain `host:port` as every runtime client (Onward's bootstraps,
 * aws-lambda-go, lambda_runtime, AWS's RICs) expects, and the instance is known from the port alone.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_RESPONSE_BYTES } from './invoke-errors.ts';
import {
  ACCEPTED_BODY,
  nextInvocationHeaders,
  routeRuntimeApiRequest,
  runtimeApiErrorBody,
  TOO_LARGE_BODY,
  type NextInvocation,
} from './runtime-api-protocol.ts';
import { decide, delivered, INITIAL_STATE, type RuntimeApiAction, type RuntimeApiState } from './runtime-api-state.ts';

export interface RuntimeApiEvent extends Omit<NextInvocation, 'deadlineMs'> {
  payload: Buffer;
  timeoutMs: number;
}

export type RuntimeCompletion =
  { kind: 'response'; body: Buffer } | { kind: 'error'; body: Buffer; errorType: string | undefined } | { kind: 'tooLarge' };

export interface RuntimeApiListener {
  /** The runtime's first /next: its initialisation is over. */
  initialized(): void;
  /** The event went out on a /next; the deadline it carries. */
  delivered(requestId: string, deadlineMs: number): void;
  completed(requestId: string, completion: RuntimeCompletion): void;
  initFailed(body: Buffer, errorType: string | undefined): void;
}

export class RuntimeApiServer {
  readonly #server: http.Server;
  readonly #listener: RuntimeApiListener;
  #state: RuntimeApiState = INITIAL_STATE;
  #waiting: http.ServerResponse | undefined;
  #queued: RuntimeApiEvent | undefined;
  #address = '';

  private constructor(listener: RuntimeApiListener) {
    this.#listener = listener;
    this.#server = http.createServer((request, response) => this.#handle(request, response));
    // /next is a long poll with no end, and an idle instance's connection stays open for minutes.
    this.#server.requestTimeout = 0;
    this.#server.headersTimeout = 0;
    this.#server.keepAliveTimeout = 0;
  }

  static async start(listener: RuntimeApiListener): Promise<RuntimeApiServer> {
    const api = new RuntimeApiServer(listener);
    await new Promise<void>((resolve, reject) => {
      api.#server.once('error', reject);
      api.#server.listen(0, '127.0.0.1', () => {
        api.#server.off('error', reject);
        resolve();
      });
    });
    api.#address = `127.0.0.1:${(api.#server.address() as AddressInfo).port}`;
    return api;
  }

  /** `127.0.0.1:<port>`, the value of AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    return this.#address;
  }

  /** Hands `event` to the runtime's pending /next, or to its next one. */
  deliver(event: RuntimeApiEvent): void {
    this.#queued = event;
    this.#sendQueued();
  }

  async close(): Promise<void> {
    this.#queued = undefined;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  #handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const route = routeRuntimeApiRequest(request.method ?? 'GET', request.url ?? '/');
    switch (route.kind) {
      case 'notFound':
        request.resume();
        return reply(response, 404, runtimeApiErrorBody('NotFound', 'Not Found'));
      case 'methodNotAllowed':
        request.resume();
        return reply(response, 405, runtimeApiErrorBody('MethodNotAllowed', 'Method Not Allowed'));
      case 'next':
        request.resume();
        return this.#next(response);
      case 'initError':
      case 'response':
      case 'error':
        readCapped(request, MAX_RESPONSE_BYTES).then(
          (body) => this.#post(route, request, response, body),
          () => response.destroy(),
        );
    }
  }

  #next(response: http.ServerResponse): void {
    const decision = decide(this.#state, { kind: 'next' });
    if (!decision.ok) return reply(response, decision.status, runtimeApiErrorBody(decision.errorType, decision.errorMessage));
    this.#state = decision.state;
    // A runtime that retries /next replaces its earlier poll.
    if (this.#waiting && this.#waiting !== response) this.#waiting.destroy();
    this.#waiting = response;
    response.once('close', () => {
      if (this.#waiting === response) this.#waiting = undefined;
    });
    if (decision.initialized) this.#listener.initialized();
    this.#sendQueued();
  }

  #sendQueued(): void {
    const event = this.#queued;
    const response = this.#waiting;
    if (!event || !response || this.#state.phase !== 'Ready' || response.destroyed) return;
    this.#queued = undefined;
    this.#waiting = undefined;
    const deadlineMs = Date.now() + event.timeoutMs;
    this.#state = delivered(event.requestId);
    response.writeHead(200, { ...nextInvocationHeaders({ ...event, deadlineMs }), 'Content-Length': event.payload.length });
    response.end(event.payload);
    this.#listener.delivered(event.requestId, deadlineMs);
  }

  #post(
    route: Exclude<RuntimeApiAction, { kind: 'next' }>,
    request: http.IncomingMessage,
    response: http.ServerResponse,
    body: Buffer | undefined,
  ): void {
    const decision = decide(this.#state, route);
    if (!decision.ok) return reply(response, decision.status, runtimeApiErrorBody(decision.errorType, decision.errorMessage));
    this.#state = decision.state;
    const errorType = headerValue(request.headers['lambda-runtime-function-error-type']);
    if (route.kind === 'initError') {
      reply(response, 202, ACCEPTED_BODY);
      this.#listener.initFailed(body ?? Buffer.alloc(0), errorType);
      return;
    }
    if (body === undefined) {
      reply(response, 413, TOO_LARGE_BODY);
      this.#listener.completed(route.requestId, { kind: 'tooLarge' });
      return;
    }
    reply(response, 202, ACCEPTED_BODY);
    this.#listener.completed(
      route.requestId,
      route.kind === 'response' ? { kind: 'response', body } : { kind: 'error', body, errorType },
    );
  }
}

function reply(response: http.ServerResponse, status: number, body: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

/** The body, or undefined when it exceeds `maxBytes` (the rest is read and dropped, so the connection stays usable). */
function readCapped(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () => resolve(size <= maxBytes ? Buffer.concat(chunks, size) : undefined));
    request.on('error', reject);
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
