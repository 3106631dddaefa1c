import { describe, expect, it } from 'vitest';
import { eventLine, SseParser, timeline, type InvocationJson } from './invocation-timeline.ts';

const utc = { time: (iso: string) => iso.slice(11, 19) };

describe('timeline', () => {
  it('prints an invocation, its attempts, throttles and deliveries', () => {
    const invocation: InvocationJson = {
      requestId: '4f2c',
      functionName: 'my-fn',
      qualifier: '$LATEST',
      status: 'failed',
      enqueuedAt: '2026-01-01T12:00:00.000Z',
      acceptedAt: '2026-01-01T12:00:00.000Z',
      outcome: {
        condition: 'RetriesExhausted',
        deliveries: [
          {
            kind: 'OnFailure',
            destination: 'arn:aws:sqs:us-east-1:000000000000:failures',
            delivered: true,
            at: '2026-01-01T12:03:00.000Z',
          },
          { kind: 'DeadLetter', destination: 'arn:aws:sqs:us-east-1:000000000000:gone', delivered: false, error: 'no\nqueue' },
        ],
      },
      history: [
        { number: null, startedAt: '2026-01-01T12:00:00.000Z', durationMs: 0, result: 'throttled' },
        {
          number: 1,
          startedAt: '2026-01-01T12:00:01.000Z',
          durationMs: 312,
          result: 'functionError',
          errorType: 'Error',
          errorMessage: 'boom',
        },
        { number: 2, startedAt: '2026-01-01T12:01:01.000Z', durationMs: 1003, result: 'timeout', errorType: 'Sandbox.Timedout' },
      ],
    };
    expect(timeline(invocation, utc)).toEqual([
      '4f2c  my-fn  failed (RetriesExhausted)  accepted 12:00:00',
      '   throttled  12:00:00',
      '   attempt 1  12:00:01  312 ms  Error: boom',
      '   attempt 2  12:01:01  1003 ms  Sandbox.Timedout',
      '   -> OnFailure arn:aws:sqs:us-east-1:000000000000:failures  delivered 12:03:00',
      '   -> DeadLetter arn:aws:sqs:us-east-1:000000000000:gone  not delivered: no queue',
    ]);
  });

  it('shows the next attempt of a queued one and the qualifier when not $LATEST', () => {
    expect(
      timeline(
        {
          requestId: 'r',
          functionName: 'f',
          qualifier: 'live',
          status: 'queued',
          enqueuedAt: '2026-01-01T12:00:00.000Z',
          nextAttemptAt: '2026-01-01T12:01:00.000Z',
          history: [
            { number: 1, startedAt: '2026-01-01T12:00:00.000Z', durationMs: 5, result: 'functionError', errorMessage: 'x' },
          ],
        },
        utc,
      ),
    ).toEqual(['r  f:live  queued  accepted 12:00:00', '   attempt 1  12:00:00  5 ms  x', '   next attempt 12:01:00']);
  });

  it('prints a dropped one with its reason and a success as ok', () => {
    expect(
      timeline(
        {
          requestId: 'r',
          functionName: 'f',
          qualifier: '$LATEST',
          status: 'dropped',
          enqueuedAt: '2026-01-01T12:00:00.000Z',
          outcome: { condition: 'Dropped', reason: 'The function no longer exists.', deliveries: [] },
        },
        utc,
      ),
    ).toEqual(['r  f  dropped (The function no longer exists.)  accepted 12:00:00']);
    expect(
      timeline(
        {
          requestId: 'r',
          functionName: 'f',
          qualifier: '$LATEST',
          status: 'succeeded',
          enqueuedAt: '2026-01-01T12:00:00.000Z',
          history: [{ number: 1, startedAt: '2026-01-01T12:00:00.000Z', durationMs: 7, result: 'success' }],
        },
        utc,
      )[1],
    ).toBe('   attempt 1  12:00:00  7 ms  ok');
  });
});

describe('eventLine', () => {
  const base = { requestId: 'r', function: 'f', qualifier: '$LATEST', at: '2026-01-01T12:00:00.000Z' };
  it.each([
    [{ type: 'accepted' }, 'accepted'],
    [{ type: 'attempt-started', attempt: 1 }, 'attempt 1 started'],
    [
      { type: 'attempt-finished', attempt: 1, result: 'functionError', durationMs: 9, errorType: 'Error', errorMessage: 'boom' },
      'attempt 1  9 ms  Error: boom',
    ],
    [
      { type: 'attempt-finished', attempt: null, result: 'systemError', durationMs: 1, errorMessage: 'gone' },
      'system error  1 ms  gone',
    ],
    [{ type: 'retry-scheduled', nextAttemptAt: '2026-01-01T12:01:00.000Z' }, 'retry at 12:01:00'],
    [{ type: 'throttled', nextAttemptAt: '2026-01-01T12:00:01.000Z' }, 'throttled, next try 12:00:01'],
    [{ type: 'failed', condition: 'EventAgeExceeded' }, 'failed (EventAgeExceeded)'],
    [{ type: 'delivered', delivery: { kind: 'OnSuccess', destination: 'arn:q' } }, '-> OnSuccess arn:q  delivered'],
    [
      { type: 'delivery-failed', delivery: { kind: 'DeadLetter', destination: 'arn:q', error: 'e' } },
      '-> DeadLetter arn:q  not delivered: e',
    ],
  ])('%j', (details, text) => {
    expect(eventLine({ ...base, ...details }, utc)).toBe(`12:00:00  r  f  ${text}`);
  });
});

describe('SseParser', () => {
  it('assembles events across chunks and skips comments', () => {
    const parser = new SseParser();
    expect(parser.push(': hello\n\nid: 1\nevent: acc')).toEqual([]);
    expect(parser.push('epted\ndata: {"a":1}\n\n: heartbeat\n\nevent: x\r\ndata: 1\r\ndata: 2\r\n\r\n')).toEqual([
      { id: '1', event: 'accepted', data: '{"a":1}' },
      { event: 'x', data: '1\n2' },
    ]);
  });
});
