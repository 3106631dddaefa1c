/** EventBridge counters the lead can expose (e.g. /_onward/metrics), named after AWS's CloudWatch metrics. */
import type { MetricFamily } from '../../http/prometheus-text.ts';
export interface EventsMetrics {
  /** PutEvents entries accepted (incl. those on unknown buses, which AWS accepts and drops). */
  putEventsEntries: number;
  matchedEvents: number;
  invocations: number;
  failedInvocations: number;
  invocationsSentToDlq: number;
  invocationsFailedToBeSentToDlq: number;
  triggeredRules: number;
  scheduledFires: number;
}

const HELP: Record<keyof EventsMetrics, string> = {
  putEventsEntries: 'PutEvents entries accepted (those on unknown buses included, as AWS accepts and drops them).',
  matchedEvents: 'Events that matched at least one rule.',
  invocations: 'Deliveries of events to rule targets.',
  failedInvocations: 'Deliveries to rule targets that failed.',
  invocationsSentToDlq: "Failed deliveries sent to the target's dead-letter queue.",
  invocationsFailedToBeSentToDlq: 'Failed deliveries whose dead-letter queue could not take them.',
  triggeredRules: 'Rules triggered by an event or a schedule.',
  scheduledFires: 'Scheduled rule firings.',
};

/** One Onward's EventBridge counters, since it started (an embedding test suite may run several). */
export class EventsCounters {
  readonly #counts: EventsMetrics = {
    putEventsEntries: 0,
    matchedEvents: 0,
    invocations: 0,
    failedInvocations: 0,
    invocationsSentToDlq: 0,
    invocationsFailedToBeSentToDlq: 0,
    triggeredRules: 0,
    scheduledFires: 0,
  };

  count(name: keyof EventsMetrics, by = 1): void {
    this.#counts[name] += by;
  }

  snapshot(): EventsMetrics {
    return { ...this.#counts };
  }

  /** The counters as Prometheus families (`onward_events_<name>_total`). */
  families(): MetricFamily[] {
    return metricFamilies(this.snapshot());
  }
}

function metricFamilies(snapshot: EventsMetrics): MetricFamily[] {
  return (Object.keys(HELP) as Array<keyof EventsMetrics>).map((key) => ({
    name: `onward_events_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_total`,
    help: HELP[key],
    type: 'counter' as const,
    samples: [{ labels: {}, value: snapshot[key] }],
  }));
}
