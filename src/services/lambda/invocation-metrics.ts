/**
 * GET /_onward/metrics: Lambda's invocation metrics per function, counted in memory from the engine's
 * events (and sync Invoke calls) since this process started, as CloudWatch names them in spirit; the
 * async queue depth is read from the store at each scrape, so it survives restarts.
 */
import type { InvocationEvent } from '../../engine/invocation-events.ts';
import type { QueueDepth } from '../../store/async-invocation-store.ts';
import { histogramSamples, prometheusText, type MetricFamily, type Sample } from '../../http/prometheus-text.ts';

/** Event age buckets (ms): 100 ms to the 6 h maximum event age. */
export const EVENT_AGE_BUCKETS_MS = [100, 1_000, 10_000, 60_000, 180_000, 600_000, 3_600_000, 21_600_000] as const;

interface FunctionCounters {
  labels: { function: string; region: string; account: string };
  invocations: number;
  errors: number;
  throttles: number;
  received: number;
  dropped: Map<string, number>;
  destinationFailures: number;
  deadLetterErrors: number;
  ageCounts: number[];
  ageSumMs: number;
}

export type SyncOutcome = 'success' | 'error' | 'throttled';

export class InvocationMetrics {
  readonly #functions = new Map<string, FunctionCounters>();
  readonly #queueDepths: () => QueueDepth[];

  constructor(queueDepths: () => QueueDepth[]) {
    this.#queueDepths = queueDepths;
  }

  #counters(accountId: string, region: string, functionName: string): FunctionCounters {
    const key = `${accountId}\u0000${region}\u0000${functionName}`;
    let counters = this.#functions.get(key);
    if (!counters) {
      counters = {
        labels: { function: functionName, region, account: accountId },
        invocations: 0,
        errors: 0,
        throttles: 0,
        received: 0,
        dropped: new Map(),
        destinationFailures: 0,
        deadLetterErrors: 0,
        ageCounts: new Array<number>(EVENT_AGE_BUCKETS_MS.length + 1).fill(0),
        ageSumMs: 0,
      };
      this.#functions.set(key, counters);
    }
    return counters;
  }

  /** The engine's events: subscribe this to InvocationEvents. */
  readonly record = (event: InvocationEvent): void => {
    const counters = this.#counters(event.accountId, event.region, event.functionName);
    switch (event.type) {
      case 'accepted':
        counters.received++;
        return;
      case 'attempt-started': {
        const ageMs = Math.max(0, event.eventAgeMs ?? 0);
        const bucket = EVENT_AGE_BUCKETS_MS.findIndex((bound) => ageMs <= bound);
        counters.ageCounts[bucket === -1 ? EVENT_AGE_BUCKETS_MS.length : bucket]!++;
        counters.ageSumMs += ageMs;
        return;
      }
      case 'attempt-finished':
        // System errors are Lambda's, not the function's: neither an invocation nor an error.
        if (event.result === 'systemError') return;
        counters.invocations++;
        if (event.result !== 'success') counters.errors++;
        return;
      case 'throttled':
        counters.throttles++;
        return;
      case 'failed':
      case 'dropped': {
        // AsyncEventsDropped: every event that ended without a successful run (after its failure record).
        const reason = event.type === 'dropped' ? 'FunctionDeleted' : (event.condition ?? 'Unknown');
        counters.dropped.set(reason, (counters.dropped.get(reason) ?? 0) + 1);
        return;
      }
      case 'delivery-failed':
        if (event.delivery?.kind === 'DeadLetter') counters.deadLetterErrors++;
        else counters.destinationFailures++;
        return;
      default:
        return;
    }
  };

  /** A synchronous Invoke (InvokeDependencies.observe): it ran, fine or with a function error, or was throttled. */
  readonly recordSync = (
    target: { functionName: string },
    request: { accountId: string; region: string },
    outcome: SyncOutcome,
  ): void => {
    const counters = this.#counters(request.accountId, request.region, target.functionName);
    if (outcome === 'throttled') {
      counters.throttles++;
      return;
    }
    counters.invocations++;
    if (outcome === 'error') counters.errors++;
  };

  text(): string {
    const all = [...this.#functions.values()];
    const counter = (name: string, help: string, value: (c: FunctionCounters) => number): MetricFamily => ({
      name,
      help,
      type: 'counter',
      samples: all.map((c) => ({ labels: c.labels, value: value(c) })),
    });
    const dropped: Sample[] = all.flatMap((c) =>
      [...c.dropped].map(([reason, value]) => ({ labels: { ...c.labels, reason }, value })),
    );
    const depths: Sample[] = this.#queueDepths().map((d) => ({
      labels: { function: d.functionName, region: d.region, account: d.accountId },
      value: d.depth,
    }));
    return prometheusText([
      counter(
        'onward_lambda_invocations_total',
        'Function runs (sync and async attempts), successful or with a function error; throttles excluded.',
        (c) => c.invocations,
      ),
      counter('onward_lambda_errors_total', 'Runs that ended in a function error (timeouts included).', (c) => c.errors),
      counter(
        'onward_lambda_throttles_total',
        'Invocations refused for lack of concurrency (sync 429s, async throttles).',
        (c) => c.throttles,
      ),
      counter('onward_lambda_async_events_received_total', 'Events accepted for asynchronous invocation.', (c) => c.received),
      {
        name: 'onward_lambda_async_event_age_milliseconds',
        help: 'Time from accepting an event to the start of each attempt (clock milliseconds).',
        type: 'histogram',
        samples: all.flatMap((c) => histogramSamples(c.labels, EVENT_AGE_BUCKETS_MS, c.ageCounts, c.ageSumMs)),
      },
      {
        name: 'onward_lambda_async_events_dropped_total',
        help: 'Events that ended without a successful run, by reason (the failure condition, or FunctionDeleted).',
        type: 'counter',
        samples: dropped,
      },
      counter(
        'onward_lambda_destination_delivery_failures_total',
        'Invocation records that could not be delivered to an OnSuccess/OnFailure destination.',
        (c) => c.destinationFailures,
      ),
      counter(
        'onward_lambda_dead_letter_errors_total',
        'Dead-letter messages that could not be delivered.',
        (c) => c.deadLetterErrors,
      ),
      {
        name: 'onward_lambda_async_queue_depth',
        help: 'Asynchronous events queued or running now (from the store).',
        type: 'gauge',
        samples: depths,
      },
    ]);
  }
}
