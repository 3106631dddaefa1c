/**
 * Which functions' queues a drain claims from, and when the engine must wake for the next one (pure).
 * Each function's queue is worked on its own: one whose attempt slots are all taken is passed over, so
 * it never stands in front of another's due events; the function whose earliest event is oldest goes first.
 */
import type { QueuedFunction } from '../store/async-invocation-store.ts';

/** Functions with an event due by `nowMs` and a free slot, oldest earliest event first. */
export function dueInOrder(
  queued: readonly QueuedFunction[],
  nowMs: number,
  room: (fn: QueuedFunction) => number,
): QueuedFunction[] {
  return queued.filter((fn) => fn.nextDueAtMs <= nowMs && room(fn) > 0).sort((a, b) => a.nextDueAtMs - b.nextDueAtMs);
}

/**
 * The earliest due time of a function with a free slot; none when every function with queued events is
 * full (each attempt that ends drains again, so no timer is needed).
 */
export function nextWakeAtMs(queued: readonly QueuedFunction[], room: (fn: QueuedFunction) => number): number | undefined {
  let next: number | undefined;
  for (const fn of queued) {
    if (room(fn) > 0 && (next === undefined || fn.nextDueAtMs < next)) next = fn.nextDueAtMs;
  }
  return next;
}
