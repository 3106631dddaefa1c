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

const counters: EventsMetrics = {
  putEventsEntries: 0,
  matchedEvents: 0,
  invocations: 0,
  failedInvocations: 0,
  invocationsSentToDlq: 0,
  invocationsFailedToBeSentToDlq: 0,
  triggeredRules: 0,
  scheduledFires: 0,
};

export function countEvents(name: keyof EventsMetrics, by = 1): void {
  counters[name] += by;
}

/** A snapshot of the counters since the process started. */
export function eventsMetrics(): EventsMetrics {
  return { ...counters };
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

/** The counters as Prometheus families (`onward_events_<name>_total`), in the process since start. */
export function eventsMetricFamilies(): MetricFamily[] {
  const snapshot = eventsMetrics();
  return (Object.keys(HELP) as Array<keyof EventsMetrics>).map((key) => ({
    name: `onward_events_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_total`,
    help: HELP[key],
    type: 'counter' as const,
    samples: [{ labels: {}, value: snapshot[key] }],
  }));
}
