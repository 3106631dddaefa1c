import { describe, expect, it } from 'vitest';
import {
  MAX_WINDOW_STATE_BYTES,
  openWindow,
  parseWindow,
  readWindowResponse,
  recordsInWindow,
  serializeWindow,
  windowEnded,
  windowEvent,
  windowOf,
  windowTimestamp,
} from './tumbling-window.ts';

const at = (iso: string) => Date.parse(iso);

describe('window boundaries', () => {
  it('aligns windows on multiples of their length since the epoch, as AWS example windows are', () => {
    const w = windowOf(at('2020-12-09T07:05:35.123Z'), 120);
    expect([windowTimestamp(w.startMs), windowTimestamp(w.endMs)]).toEqual(['2020-12-09T07:04:00Z', '2020-12-09T07:06:00Z']);
  });

  it('puts a record arriving exactly on a boundary in the window that starts there', () => {
    expect(windowOf(at('2020-12-09T07:06:00.000Z'), 120).startMs).toBe(at('2020-12-09T07:06:00Z'));
    expect(windowOf(at('2020-12-09T07:05:59.999Z'), 120).startMs).toBe(at('2020-12-09T07:04:00Z'));
  });

  it('handles lengths that do not divide a minute', () => {
    const w = windowOf(7 * 1000 + 1, 7);
    expect(w).toEqual({ startMs: 7000, endMs: 14_000 });
  });

  it('counts the leading records of a window and says when it is over', () => {
    const window = openWindow(10_000, 10);
    const arrivals = (...ms: number[]) => ms.map((arrivalMs) => ({ arrivalMs }));
    expect(recordsInWindow(arrivals(10_000, 15_000, 19_999, 20_000, 21_000), window)).toBe(3);
    expect(recordsInWindow(arrivals(20_000), window)).toBe(0);
    expect(windowEnded(window, 19_999, undefined)).toBe(false);
    expect(windowEnded(window, 20_000, undefined)).toBe(true);
    // An unread record of the window keeps it open even after its end on the clock.
    expect(windowEnded(window, 25_000, 19_000)).toBe(false);
    expect(windowEnded(window, 25_000, 21_000)).toBe(true);
  });
});

describe('window events', () => {
  it('builds the KinesisTimeWindowEvent keys in order, with the state carried', () => {
    const window = { ...openWindow(at('2020-12-09T07:04:10Z'), 120), state: { '1': 282 } };
    const event = windowEvent({ records: [{ a: 1 }], window, shardId: 'shardId-000000000006', streamArn: 'arn:s', final: false });
    expect(Object.keys(event)).toEqual([
      'Records',
      'window',
      'state',
      'shardId',
      'eventSourceARN',
      'isFinalInvokeForWindow',
      'isWindowTerminatedEarly',
    ]);
    expect(event).toEqual({
      Records: [{ a: 1 }],
      window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
      state: { '1': 282 },
      shardId: 'shardId-000000000006',
      eventSourceARN: 'arn:s',
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
  });

  it('marks an early termination only on the final invocation', () => {
    const window = { ...openWindow(0, 60), terminatedEarly: true };
    const base = { records: [], window, shardId: 's', streamArn: 'a' };
    expect(windowEvent({ ...base, final: true })).toMatchObject({ isFinalInvokeForWindow: true, isWindowTerminatedEarly: true });
    expect(windowEvent({ ...base, final: false })).toMatchObject({ isWindowTerminatedEarly: false });
  });
});

describe('reading the answer', () => {
  it('takes the state object and its size', () => {
    expect(readWindowResponse('{"state":{"sum":3},"batchItemFailures":[]}')).toEqual({
      kind: 'ok',
      state: { sum: 3 },
      stateBytes: 9,
    });
  });

  it('fails answers without a state object', () => {
    for (const text of ['', 'null', '{}', '{"state":null}', '{"state":[1]}', '{"state":3}', 'not json', '[]']) {
      expect(readWindowResponse(text).kind).toBe('failure');
    }
  });

  it('measures states over the 1 MB limit', () => {
    const big = JSON.stringify({ state: { s: 'x'.repeat(MAX_WINDOW_STATE_BYTES) } });
    const answer = readWindowResponse(Buffer.from(big));
    expect(answer.kind === 'ok' && answer.stateBytes > MAX_WINDOW_STATE_BYTES).toBe(true);
  });

  it('round-trips a saved window', () => {
    const window = { ...openWindow(5000, 5), state: { n: 1 }, terminatedEarly: true };
    expect(parseWindow(serializeWindow(window))).toEqual(window);
    expect(parseWindow(undefined)).toBeUndefined();
  });
});
