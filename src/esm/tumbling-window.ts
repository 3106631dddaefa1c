/**
 * Tumbling windows of a stream mapping (TumblingWindowInSeconds > 0): which window a record belongs to,
 * the event Lambda sends for a window, and how it reads the function's `{state, batchItemFailures}`. Pure.
 *
 * Boundaries: AWS says windows come from the records' approximate arrival timestamps and its example
 * windows fall on multiples of the window length since the Unix epoch (07:04:00-07:06:00 for 120 s), so a
 * window is [floor(arrival / length) * length, + length).
 */

/** AWS's cap on a shard's window state; a larger state ends the window early. */
export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;

/** The open window of a shard as kept with its checkpoint. */
export interface OpenWindow {
  startMs: number;
  endMs: number;
  /** The state the last successful invocation of this window returned (`{}` at the start). */
  state: Record<string, unknown>;
  /** The state outgrew MAX_WINDOW_STATE_BYTES: a final, early-terminated invoke is due before anything else. */
  terminatedEarly: boolean;
}

export function windowOf(arrivalMs: number, windowSeconds: number): { startMs: number; endMs: number } {
  const lengthMs = windowSeconds * 1000;
  const startMs = Math.floor(arrivalMs / lengthMs) * lengthMs;
  return { startMs, endMs: startMs + lengthMs };
}

export function openWindow(arrivalMs: number, windowSeconds: number): OpenWindow {
  return { ...windowOf(arrivalMs, windowSeconds), state: {}, terminatedEarly: false };
}

/** ISO 8601 to the second, as in AWS's events (`2020-12-09T07:04:00Z`); window bounds are whole seconds. */
export function windowTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** How many leading records (in shard order) belong to `window`: a batch never spans two windows. */
export function recordsInWindow(records: ReadonlyArray<{ arrivalMs: number }>, window: { endMs: number }): number {
  let count = 0;
  while (count < records.length && records[count]!.arrivalMs < window.endMs) count += 1;
  return count;
}

/** The window is over: its end has passed on the clock and no unread record of it remains. */
export function windowEnded(window: { endMs: number }, nowMs: number, nextArrivalMs: number | undefined): boolean {
  if (nextArrivalMs !== undefined && nextArrivalMs < window.endMs) return false;
  return nowMs >= window.endMs;
}

export interface WindowEventInput {
  records: Array<Record<string, unknown>>;
  window: OpenWindow;
  shardId: string;
  streamArn: string;
  final: boolean;
}

/** The event of one invocation of a window, in AWS's key order (KinesisTimeWindowEvent). */
export function windowEvent(input: WindowEventInput): Record<string, unknown> {
  return {
    Records: input.records,
    window: { start: windowTimestamp(input.window.startMs), end: windowTimestamp(input.window.endMs) },
    state: input.window.state,
    shardId: input.shardId,
    eventSourceARN: input.streamArn,
    isFinalInvokeForWindow: input.final,
    isWindowTerminatedEarly: input.final && input.window.terminatedEarly,
  };
}

export type WindowResponse =
  { kind: 'ok'; state: Record<string, unknown>; stateBytes: number } | { kind: 'failure'; reason: string };

/**
 * A windowed invocation's answer: it must be a JSON object with a `state` object (Lambda counts an answer
 * without `state` as a failed invocation). `batchItemFailures` is read apart (batch-item-failures.ts).
 */
export function readWindowResponse(payload: Buffer | string): WindowResponse {
  const text = (typeof payload === 'string' ? payload : payload.toString('utf8')).trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'failure', reason: 'the response is not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { kind: 'failure', reason: 'the response has no state' };
  }
  const state = (parsed as { state?: unknown }).state;
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    return { kind: 'failure', reason: 'the response has no state' };
  }
  return { kind: 'ok', state: state as Record<string, unknown>, stateBytes: Buffer.byteLength(JSON.stringify(state)) };
}

/** The window as stored with the checkpoint, and back. */
export function serializeWindow(window: OpenWindow): string {
  return JSON.stringify(window);
}

export function parseWindow(text: string | undefined): OpenWindow | undefined {
  if (!text) return undefined;
  const parsed = JSON.parse(text) as OpenWindow;
  return {
    startMs: parsed.startMs,
    endMs: parsed.endMs,
    state: parsed.state ?? {},
    terminatedEarly: parsed.terminatedEarly === true,
  };
}
