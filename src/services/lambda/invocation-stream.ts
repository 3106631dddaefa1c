/**
 * GET /_onward/invocations/stream: the engine's events as server-sent events, one per change, with a
 * comment line every 15 s (real time) so proxies and clients see the connection is alive. Closing the
 * hub ends every stream at once, so shutdown never waits for them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InvocationEvent, InvocationEvents } from '../../engine/invocation-events.ts';

export const HEARTBEAT_INTERVAL_MS = 15_000;

/** The JSON an event carries: times as ISO strings, the function as `function`. */
export function streamEventView(event: InvocationEvent) {
  const { type, requestId, functionName, qualifier, accountId, region, atMs, nextAttemptAtMs, ...details } = event;
  return {
    type,
    requestId,
    function: functionName,
    qualifier,
    region,
    account: accountId,
    at: new Date(atMs).toISOString(),
    ...details,
    ...(nextAttemptAtMs !== undefined ? { nextAttemptAt: new Date(nextAttemptAtMs).toISOString() } : {}),
  };
}

/** One SSE frame: `id`, `event` (the type) and the JSON on one `data` line. */
export function sseFrame(id: number, event: InvocationEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(streamEventView(event))}\n\n`;
}

export class InvocationStreamHub {
  readonly #events: InvocationEvents;
  readonly #heartbeatMs: number;
  readonly #open = new Set<ServerResponse>();
  #nextId = 1;
  #closed = false;

  constructor(events: InvocationEvents, heartbeatMs = HEARTBEAT_INTERVAL_MS) {
    this.#events = events;
    this.#heartbeatMs = heartbeatMs;
  }

  /** Serves one client until it goes away or the hub closes; `?function=NAME` keeps only that function. */
  serve(_request: IncomingMessage, response: ServerResponse, query: URLSearchParams): void {
    if (this.#closed) {
      response.writeHead(503, { 'Content-Type': 'application/json', Connection: 'close' });
      response.end(JSON.stringify({ __type: 'ServiceUnavailable', message: 'Onward is shutting down.' }));
      return;
    }
    const functionName = query.get('function') || undefined;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      // The socket goes with the stream: a server closing must not wait for it to become idle.
      Connection: 'close',
      'X-Accel-Buffering': 'no',
    });
    response.write(': onward invocations stream\n\n');
    this.#open.add(response);
    const unsubscribe = this.#events.subscribe((event) => {
      if (functionName !== undefined && event.functionName !== functionName) return;
      response.write(sseFrame(this.#nextId++, event));
    });
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), this.#heartbeatMs);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.#open.delete(response);
    };
    // The response closes when the client goes away (or the hub ends it).
    response.once('close', cleanup);
  }

  /** Ends every open stream; later requests get 503. */
  close(): void {
    this.#closed = true;
    for (const response of [...this.#open]) {
      response.end();
      response.socket?.destroySoon?.();
    }
  }
}
