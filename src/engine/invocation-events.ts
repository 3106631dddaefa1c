/**
 * The engine's changes as they happen, for the live stream and the metrics: a synchronous emitter with
 * no I/O (listeners must be quick; one that throws is not allowed to break the engine).
 */
import type { AttemptResult } from '../store/async-invocation-store.ts';

export type InvocationEventType =
  | 'accepted'
  | 'attempt-started'
  | 'attempt-finished'
  | 'retry-scheduled'
  | 'throttled'
  | 'succeeded'
  | 'failed'
  | 'dropped'
  | 'delivered'
  | 'delivery-failed';

export interface InvocationEvent {
  type: InvocationEventType;
  requestId: string;
  accountId: string;
  region: string;
  functionName: string;
  /** `$LATEST`, a version or an alias. */
  qualifier: string;
  /** Clock time of the change. */
  atMs: number;
  /** attempt-started / attempt-finished: the attempt's number (null for a system error, which is no attempt). */
  attempt?: number | null;
  /** attempt-started: how long the event waited since it was accepted (clock ms). */
  eventAgeMs?: number;
  result?: AttemptResult;
  durationMs?: number;
  errorType?: string;
  errorMessage?: string;
  executedVersion?: string;
  /** retry-scheduled / throttled: when the next try is due. */
  nextAttemptAtMs?: number;
  /** succeeded / failed: the record's condition. */
  condition?: string;
  /** dropped: why. */
  reason?: string;
  /** delivered / delivery-failed. */
  delivery?: { kind: 'OnSuccess' | 'OnFailure' | 'DeadLetter'; destination: string; error?: string };
}

export type InvocationEventListener = (event: InvocationEvent) => void;

export class InvocationEvents {
  readonly #listeners = new Set<InvocationEventListener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: InvocationEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: InvocationEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (a closed stream) must never fail an invocation.
      }
    }
  }
}
