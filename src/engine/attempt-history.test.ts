import { describe, expect, it } from 'vitest';
import { errorFields, pruneDue, ranAttempt, uncountedTry } from './attempt-history.ts';

const timing = { startedAtMs: 1_000, finishedAtMs: 1_000, durationMs: 311.6 };

describe('attempt history entries', () => {
  it('records a success with its version and rounded real duration', () => {
    expect(ranAttempt(1, timing, { executedVersion: '3', payload: Buffer.from('{"ok":1}') })).toEqual({
      number: 1,
      startedAtMs: 1_000,
      finishedAtMs: 1_000,
      durationMs: 312,
      result: 'success',
      executedVersion: '3',
    });
  });

  it('takes errorType and errorMessage from the error payload', () => {
    const payload = Buffer.from(
      JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: 'RequestId: r Error: exit status 3' }),
    );
    expect(ranAttempt(2, timing, { executedVersion: '$LATEST', functionError: 'Unhandled', payload })).toMatchObject({
      number: 2,
      result: 'functionError',
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: r Error: exit status 3',
    });
  });

  it('calls Sandbox.Timedout a timeout', () => {
    const payload = Buffer.from(
      JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: r Error: Task timed out after 1.00 seconds' }),
    );
    expect(ranAttempt(1, timing, { executedVersion: '$LATEST', functionError: 'Unhandled', payload }).result).toBe('timeout');
  });

  it('keeps an error payload without the fields (or not JSON) as a bare function error', () => {
    expect(
      ranAttempt(1, timing, { executedVersion: '$LATEST', functionError: 'Unhandled', payload: Buffer.from('boom') }),
    ).toEqual({
      number: 1,
      startedAtMs: 1_000,
      finishedAtMs: 1_000,
      durationMs: 312,
      result: 'functionError',
      executedVersion: '$LATEST',
    });
    expect(errorFields(Buffer.from('"text"'))).toEqual({});
  });

  it('cuts long messages', () => {
    const fields = errorFields(Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: 'x'.repeat(5000) })));
    expect(fields.errorMessage).toHaveLength(1024);
    expect(fields.errorMessage!.endsWith('…')).toBe(true);
  });

  it('records throttles and system errors without a number', () => {
    expect(uncountedTry('throttled', { startedAtMs: 5, finishedAtMs: 5, durationMs: 0 })).toEqual({
      number: null,
      startedAtMs: 5,
      finishedAtMs: 5,
      durationMs: 0,
      result: 'throttled',
    });
    expect(uncountedTry('systemError', timing, 'interpreter gone')).toMatchObject({
      number: null,
      errorMessage: 'interpreter gone',
    });
  });
});

describe('pruneDue', () => {
  it('lets a tenth of the limit (at least one) accumulate before pruning', () => {
    expect(pruneDue(3, 2)).toBe(false);
    expect(pruneDue(4, 2)).toBe(true);
    expect(pruneDue(11_000, 10_000)).toBe(false);
    expect(pruneDue(11_001, 10_000)).toBe(true);
  });
});
