/**
 * What happens to an asynchronous invocation after an attempt (pure). AWS: function errors are retried
 * ~1 min then ~2 min later, up to MaximumRetryAttempts (default 2); throttles and system errors come back
 * with backoff from 1 s doubling to 5 min without using up retries; either way the event gives up as soon
 * as the next attempt could not start within MaximumEventAgeInSeconds (default 6 h).
 */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 21_600;
export const RETRY_BASE_DELAY_SECONDS = 60;
const THROTTLE_FIRST_DELAY_SECONDS = 1;
const THROTTLE_MAX_DELAY_SECONDS = 300;

export type AttemptOutcome = 'success' | 'functionError' | 'throttled';

export type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency';

export type Decision =
  { kind: 'success' } | { kind: 'retry'; atMs: number; countsAsAttempt: boolean } | { kind: 'fail'; condition: FailureCondition };

export interface AttemptState {
  /** Function attempts made so far, including the one just finished when it ran the function. */
  attempts: number;
  /** Throttled tries so far (they do not count as attempts). */
  throttles: number;
  enqueuedAtMs: number;
  nowMs: number;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

export function decide(outcome: AttemptOutcome, state: AttemptState): Decision {
  if (outcome === 'success') return { kind: 'success' };
  const ageLimitMs = state.enqueuedAtMs + state.maximumEventAgeSeconds * 1000;
  if (outcome === 'throttled') {
    const delaySeconds = Math.min(THROTTLE_FIRST_DELAY_SECONDS * 2 ** state.throttles, THROTTLE_MAX_DELAY_SECONDS);
    const atMs = state.nowMs + delaySeconds * 1000;
    return atMs >= ageLimitMs ? { kind: 'fail', condition: 'EventAgeExceeded' } : { kind: 'retry', atMs, countsAsAttempt: false };
  }
  if (state.attempts > state.maximumRetryAttempts) return { kind: 'fail', condition: 'RetriesExhausted' };
  // The age check looks ahead: give up now if the next retry could not start before the event is too old
  // (AWS-validated: a 60 s maximum age allows no retry at all).
  const atMs = state.nowMs + state.attempts * RETRY_BASE_DELAY_SECONDS * 1000;
  if (atMs >= ageLimitMs) return { kind: 'fail', condition: 'EventAgeExceeded' };
  return { kind: 'retry', atMs, countsAsAttempt: true };
}
