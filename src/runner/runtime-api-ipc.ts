/**
 * The IPC front of an instance's Runtime API, for Onward's own Node bootstrap (runtimes/node/bootstrap.mjs
 * with ONWARD_RUNTIME_IPC=1): the same /next and posts as messages on the process's IPC channel instead of
 * HTTP round trips on a loopback socket, which were most of a warm invocation's cost on a small machine.
 * The messages carry exactly what the HTTP requests do (the /next headers, the bodies, the error type).
 */
import type { ChildProcess } from 'node:child_process';
import { MAX_RESPONSE_BYTES } from './invoke-errors.ts';
import type { PendingNext, RuntimeApiCore, RuntimeApiPost } from './runtime-api-core.ts';
import { nextInvocationHeaders, type NextInvocation } from './runtime-api-protocol.ts';

/** The environment flag that tells the bootstrap to use the channel (it deletes it before user code loads). */
export const RUNTIME_IPC_ENV = 'ONWARD_RUNTIME_IPC';

/** What the runtime sends; `ack` asks for a `reply` (the bootstrap waits for one only before it exits). */
export type RuntimeIpcRequest =
  | { type: 'next' }
  | {
      type: 'post';
      action: RuntimeApiPost;
      body: Buffer;
      errorType: string | undefined;
      ack: boolean;
      /** The runtime's peak resident memory (kB) as it posts: REPORT's Max Memory Used without reading /proc. */
      peakKb?: number;
    };

/** What Onward sends: the event of a /next (header names in lower case, as node:http gives them), or an answer. */
export type RuntimeIpcMessage =
  { type: 'event'; headers: Record<string, string>; body: string } | { type: 'reply'; status: number; body: string };

/**
 * A message from the runtime, `{ onward: 'runtime-api', requests: [...] }`, as its requests in order
 * (a post and the /next after it travel together); anything else gives none (user code may hold the
 * channel too). Pure.
 */
export function parseRuntimeIpcRequests(message: unknown): RuntimeIpcRequest[] {
  if (message === null || typeof message !== 'object') return [];
  const { onward, requests } = message as Record<string, unknown>;
  if (onward !== 'runtime-api' || !Array.isArray(requests)) return [];
  return requests.map(parseRequest).filter((request) => request !== undefined);
}

function parseRequest(request: unknown): RuntimeIpcRequest | undefined {
  if (request === null || typeof request !== 'object') return undefined;
  const m = request as Record<string, unknown>;
  if (m.type === 'next') return { type: 'next' };
  const body = typeof m.body === 'string' ? Buffer.from(m.body, 'utf8') : Buffer.isBuffer(m.body) ? m.body : undefined;
  if (body === undefined) return undefined;
  const errorType = typeof m.errorType === 'string' ? m.errorType : undefined;
  const ack = m.ack === true;
  const peak = typeof m.peakKb === 'number' && Number.isFinite(m.peakKb) && m.peakKb > 0 ? { peakKb: m.peakKb } : {};
  if (m.type === 'initError') return { type: 'post', action: { kind: 'initError' }, body, errorType, ack, ...peak };
  if ((m.type === 'response' || m.type === 'error') && typeof m.requestId === 'string') {
    return { type: 'post', action: { kind: m.type, requestId: m.requestId }, body, errorType, ack, ...peak };
  }
  return undefined;
}

/** The event message of a /next: the headers HTTP would carry. Pure. */
export function eventMessage(event: NextInvocation, payload: Buffer): RuntimeIpcMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(nextInvocationHeaders(event))) headers[name.toLowerCase()] = value;
  // The bootstrap reads the payload as UTF-8 text whatever carries it.
  return { type: 'event', headers, body: payload.toString('utf8') };
}

/**
 * Serves `core` to `child` over its IPC channel (spawned with 'ipc' in stdio, JSON serialisation);
 * `onPeak` gets the peak memory a post reports, before the post is handled.
 */
export function serveRuntimeApiOverIpc(core: RuntimeApiCore, child: ChildProcess, onPeak: (kb: number) => void = () => {}): void {
  // A send to a process that just died fails; its exit is handled elsewhere, so the error is only swallowed.
  const send = (message: RuntimeIpcMessage) => {
    if (child.connected) child.send(message, ignoreError);
  };
  let poll: PendingNext | undefined;
  const handle = (request: RuntimeIpcRequest) => {
    if (request.type === 'next') {
      const current: PendingNext = {
        get gone() {
          return !child.connected || poll !== current;
        },
        send: (event, payload) => send(eventMessage(event, payload)),
        abandon: () => {},
      };
      poll = current;
      const refused = core.next(current);
      if (refused) send({ type: 'reply', ...refused });
      return;
    }
    if (request.peakKb !== undefined) onPeak(request.peakKb);
    const body = request.body.length > MAX_RESPONSE_BYTES ? undefined : request.body;
    const answer = core.post(request.action, body, request.errorType);
    if (request.ack) send({ type: 'reply', ...answer });
  };
  child.on('message', (message: unknown) => {
    for (const request of parseRuntimeIpcRequests(message)) handle(request);
  });
  child.once('disconnect', () => {
    if (poll) core.withdraw(poll);
    poll = undefined;
  });
}

function ignoreError(): void {}
