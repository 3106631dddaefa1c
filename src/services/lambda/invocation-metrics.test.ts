import { describe, expect, it } from 'vitest';
import type { InvocationEvent } from '../../engine/invocation-events.ts';
import { InvocationMetrics } from './invocation-metrics.ts';

const base = { requestId: 'r', accountId: '000000000000', region: 'us-east-1', functionName: 'f', qualifier: '$LATEST', atMs: 0 };
const event = (type: InvocationEvent['type'], details: Partial<InvocationEvent> = {}): InvocationEvent => ({
  ...base,
  type,
  ...details,
});
const labels = 'function="f",region="us-east-1",account="000000000000"';

describe('InvocationMetrics', () => {
  it('counts the engine events and sync invokes per function, with the queue depth from the store', () => {
    const metrics = new InvocationMetrics(() => [
      { accountId: '000000000000', region: 'us-east-1', functionName: 'f', depth: 4 },
    ]);
    metrics.record(event('accepted'));
    metrics.record(event('attempt-started', { attempt: 1, eventAgeMs: 50 }));
    metrics.record(event('attempt-finished', { attempt: 1, result: 'functionError' }));
    metrics.record(event('attempt-started', { attempt: 2, eventAgeMs: 60_000 }));
    metrics.record(event('attempt-finished', { attempt: 2, result: 'timeout' }));
    metrics.record(event('attempt-finished', { attempt: null, result: 'systemError' }));
    metrics.record(event('throttled'));
    metrics.record(event('failed', { condition: 'RetriesExhausted' }));
    metrics.record(event('dropped', { reason: 'The function no longer exists.' }));
    metrics.record(event('delivery-failed', { delivery: { kind: 'OnFailure', destination: 'd', error: 'e' } }));
    metrics.record(event('delivery-failed', { delivery: { kind: 'DeadLetter', destination: 'd', error: 'e' } }));
    const request = { accountId: '000000000000', region: 'us-east-1' };
    metrics.recordSync({ functionName: 'f' }, request, 'success');
    metrics.recordSync({ functionName: 'f' }, request, 'throttled');
    const lines = metrics.text().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `onward_lambda_invocations_total{${labels}} 3`,
        `onward_lambda_errors_total{${labels}} 2`,
        `onward_lambda_throttles_total{${labels}} 2`,
        `onward_lambda_async_events_received_total{${labels}} 1`,
        `onward_lambda_async_event_age_milliseconds_bucket{${labels},le="100"} 1`,
        `onward_lambda_async_event_age_milliseconds_bucket{${labels},le="60000"} 2`,
        `onward_lambda_async_event_age_milliseconds_sum{${labels}} 60050`,
        `onward_lambda_async_event_age_milliseconds_count{${labels}} 2`,
        `onward_lambda_async_events_dropped_total{${labels},reason="RetriesExhausted"} 1`,
        `onward_lambda_async_events_dropped_total{${labels},reason="FunctionDeleted"} 1`,
        `onward_lambda_destination_delivery_failures_total{${labels}} 1`,
        `onward_lambda_dead_letter_errors_total{${labels}} 1`,
        `onward_lambda_async_queue_depth{${labels}} 4`,
        '# TYPE onward_lambda_async_queue_depth gauge',
        '# TYPE onward_lambda_async_event_age_milliseconds histogram',
      ]),
    );
  });
});
