/**
 * The HTTP front of an instance's Runtime API (2018-06-01): one server per instance, on 127.0.0.1 and a
 * port of its own, so AWS_LAMBDA_RUNTIME_API is a plain `host:port` as every runtime client (Onward's
 * Python bootstrap, aws-lambda-go, lambda_runtime, AWS's RICs) expects, and the instance is known from
 * the port alone. What the API does is in runtime-api-core.ts; Onward's Node bootstrap reaches the same
 * core over IPC (runtime-api-ipc.ts) and this server still answers a function that calls it itself.
 */
import { readBodyCapped } from '../http/body.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_RESPONSE_BYTES } from './invoke-errors.ts';
import { RuntimeApiCore, type PendingNext, type RuntimeApiEvent, type RuntimeApiListener } from './runtime-api-core.ts';
import { nextInvocationHeaders, routeRuntimeApiRequest, runtimeApiErrorBody } from './runtime-api-protocol.ts';

export type { RuntimeApiEvent, RuntimeApiListener, RuntimeCompletion } from './runtime-api-core.ts';

export class RuntimeApiServer {
  readonly core: RuntimeApiCore;
  readonly #server: http.Server;
  #address = '';

  private constructor(listener: RuntimeApiListener) {
    this.core = new RuntimeApiCore(listener);
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
    this.core.deliver(event);
  }

  async close(): Promise<void> {
    this.core.clear();
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
      case 'next': {
        request.resume();
        const poll = httpPoll(response);
        const refused = this.core.next(poll);
        if (refused) return reply(response, refused.status, refused.body);
        response.once('close', () => this.core.withdraw(poll));
        return;
      }
      case 'initError':
      case 'response':
      case 'error':
        readBodyCapped(request, MAX_RESPONSE_BYTES).then(
          (body) => {
            const answer = this.core.post(route, body, headerValue(request.headers['lambda-runtime-function-error-type']));
            reply(response, answer.status, answer.body);
          },
          () => response.destroy(),
        );
    }
  }
}

function httpPoll(response: http.ServerResponse): PendingNext {
  return {
    get gone() {
      return response.destroyed;
    },
    send(event, payload) {
      response.writeHead(200, { ...nextInvocationHeaders(event), 'Content-Length': payload.length });
      response.end(payload);
    },
    abandon: () => response.destroy(),
  };
}

function reply(response: http.ServerResponse, status: number, body: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
