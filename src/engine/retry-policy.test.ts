import { describe, expect, it } from 'vitest';
import { decide, type AttemptState } from './retry-policy.ts';

const base: AttemptState = {
  attempts: 1,
  throttles: 0,
  enqueuedAtMs: 0,
  nowMs: 1_000,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 21_600,
};

describe('retry policy', () => {
  it('retries a function error after 1 minute, then 2 minutes, then gives up', () => {
    expect(decide('functionError', base)).toEqual({ kind: 'retry', atMs: 61_000, countsAsAttempt: true });
    expect(decide('functionError', { ...base, attempts: 2, nowMs: 62_000 })).toEqual({
      kind: 'retry',
      atMs: 182_000,
      countsAsAttempt: true,
    });
    expect(decide('functionError', { ...base, attempts: 3, nowMs: 183_000 })).toEqual({
      kind: 'fail',
      condition: 'RetriesExhausted',
    });
  });

  it('honours MaximumRetryAttempts 0', () => {
    expect(decide('functionError', { ...base, maximumRetryAttempts: 0 })).toEqual({
      kind: 'fail',
      condition: 'RetriesExhausted',
    });
  });

  it('looks ahead at the event age: 60 s allows no retry, 90 s allows one (AWS-validated)', () => {
    expect(decide('functionError', { ...base, nowMs: 0, maximumEventAgeSeconds: 60 })).toEqual({
      kind: 'fail',
      condition: 'EventAgeExceeded',
    });
    expect(decide('functionError', { ...base, maximumEventAgeSeconds: 60 })).toEqual({
      kind: 'fail',
      condition: 'EventAgeExceeded',
    });
    const first = decide('functionError', { ...base, maximumEventAgeSeconds: 90 });
    expect(first).toEqual({ kind: 'retry', atMs: 61_000, countsAsAttempt: true });
    expect(decide('functionError', { ...base, attempts: 2, nowMs: 62_000, maximumEventAgeSeconds: 90 })).toEqual({
      kind: 'fail',
      condition: 'EventAgeExceeded',
    });
  });

  it('backs off throttles from 1 s doubling to 5 minutes without using retries', () => {
    expect(decide('throttled', { ...base, attempts: 0 })).toEqual({ kind: 'retry', atMs: 2_000, countsAsAttempt: false });
    expect(decide('throttled', { ...base, attempts: 0, throttles: 3 })).toEqual({
      kind: 'retry',
      atMs: 9_000,
      countsAsAttempt: false,
    });
    expect(decide('throttled', { ...base, attempts: 0, throttles: 20 })).toEqual({
      kind: 'retry',
      atMs: 301_000,
      countsAsAttempt: false,
    });
    expect(decide('throttled', { ...base, attempts: 0, nowMs: 21_600_000 })).toEqual({
      kind: 'fail',
      condition: 'EventAgeExceeded',
    });
  });

  it('ends on success', () => {
    expect(decide('success', base)).toEqual({ kind: 'success' });
  });
});
