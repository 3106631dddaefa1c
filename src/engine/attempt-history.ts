/**
 * What an invocation's history records of each try (pure): the result and, for function errors, the
 * `errorType` / `errorMessage` of the function's error payload (`Sandbox.Timedout` is a timeout).
 */
import type { AttemptRecord, AttemptResult } from '../store/async-invocation-store.ts';
import { embeddedJson } from './invocation-record.ts';

/** Long messages (stack-like texts) are cut: the history is for reading, the record keeps the payload. */
const ERROR_MESSAGE_MAX_CHARS = 1024;
const ERROR_TYPE_MAX_CHARS = 256;
const TIMEOUT_ERROR_TYPE = 'Sandbox.Timedout';

export interface AttemptTiming {
  startedAtMs: number;
  finishedAtMs: number;
  durationMs: number;
}

function clipped(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** `errorType` and `errorMessage` of an error payload, when it has them. */
export function errorFields(payload: Buffer): { errorType?: string; errorMessage?: string } {
  const error = embeddedJson(payload) as { errorType?: unknown; errorMessage?: unknown } | null;
  if (error === null || typeof error !== 'object') return {};
  return {
    ...(typeof error.errorType === 'string' ? { errorType: clipped(error.errorType, ERROR_TYPE_MAX_CHARS) } : {}),
    ...(typeof error.errorMessage === 'string' ? { errorMessage: clipped(error.errorMessage, ERROR_MESSAGE_MAX_CHARS) } : {}),
  };
}

/** A function attempt that ran: success, or a function error (a timeout when the runtime timed out). */
export function ranAttempt(
  number: number,
  timing: AttemptTiming,
  response: { executedVersion: string; functionError?: string; payload: Buffer },
): AttemptRecord {
  const base = { number, ...roundedTiming(timing), executedVersion: response.executedVersion };
  if (!response.functionError) return { ...base, result: 'success' };
  const fields = errorFields(response.payload);
  const result: AttemptResult = fields.errorType === TIMEOUT_ERROR_TYPE ? 'timeout' : 'functionError';
  return { ...base, result, ...fields };
}

/** A try that did not count as an attempt: a throttle (no concurrency left) or a system error. */
export function uncountedTry(result: 'throttled' | 'systemError', timing: AttemptTiming, errorMessage?: string): AttemptRecord {
  return {
    number: null,
    ...roundedTiming(timing),
    result,
    ...(errorMessage !== undefined ? { errorMessage: clipped(errorMessage, ERROR_MESSAGE_MAX_CHARS) } : {}),
  };
}

function roundedTiming(timing: AttemptTiming): AttemptTiming {
  return {
    startedAtMs: timing.startedAtMs,
    finishedAtMs: timing.finishedAtMs,
    durationMs: Math.max(0, Math.round(timing.durationMs)),
  };
}

/**
 * Whether finished invocations should be pruned now. Some slack past the limit means a busy engine
 * prunes in batches (one DELETE per tenth of the limit) instead of on every finish.
 */
export function pruneDue(finishedCount: number, keepNewest: number): boolean {
  return finishedCount > keepNewest + Math.max(1, Math.floor(keepNewest / 10));
}
