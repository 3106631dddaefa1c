/**
 * Long-poll receivers waiting on a queue. They wake when a message is sent or made visible, when the
 * clock reaches the next time a message becomes visible, when their real wait ends, or when the client
 * goes away.
 */
import type { Clock } from '../../clock/clock.ts';

export class QueueWaiters {
  readonly #clock: Clock;
  readonly #waiters = new Map<number, Set<() => void>>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  notify(queueId: number): void {
    const waiters = this.#waiters.get(queueId);
    if (!waiters) return;
    for (const wake of [...waiters]) wake();
  }

  /** Resolves on the first wake-up reason; `wakeAtClockMs` is when the clock makes a message visible. */
  wait(queueId: number, realTimeoutMs: number, signal: AbortSignal, wakeAtClockMs: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.#waiters.get(queueId);
      if (!waiters) {
        waiters = new Set();
        this.#waiters.set(queueId, waiters);
      }
      const set = waiters;
      const done = (): void => {
        clearTimeout(timeout);
        clockTimer?.cancel();
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0) this.#waiters.delete(queueId);
        resolve();
      };
      const timeout = setTimeout(done, Math.max(0, realTimeoutMs));
      const clockTimer = wakeAtClockMs === undefined ? undefined : this.#clock.at(wakeAtClockMs, done);
      signal.addEventListener('abort', done);
      set.add(done);
      if (signal.aborted) done();
    });
  }

  /** Wakes every waiter (shutdown). */
  wakeAll(): void {
    for (const queueId of [...this.#waiters.keys()]) this.notify(queueId);
  }
}
