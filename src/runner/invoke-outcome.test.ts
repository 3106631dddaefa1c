import { describe, expect, it } from 'vitest';
import { describeOutcome } from './invoke-outcome.ts';
import { exitReason, runtimeExitError } from './invoke-errors.ts';

const text = (buffer: Buffer) => buffer.toString('utf8');

describe('invocation outcomes', () => {
  it('passes a response through and keeps the instance', () => {
    const verdict = describeOutcome({ kind: 'response', body: Buffer.from('"ok"') }, 'r');
    expect({ ...verdict, payload: text(verdict.payload) }).toEqual({ payload: '"ok"', lines: [], keepInstance: true });
  });

  it('passes a function error through as Unhandled', () => {
    const verdict = describeOutcome({ kind: 'error', body: Buffer.from('{"errorType":"E"}'), errorType: 'E' }, 'r');
    expect(verdict.functionError).toBe('Unhandled');
    expect(text(verdict.payload)).toBe('{"errorType":"E"}');
    expect(verdict.keepInstance).toBe(true);
  });

  it('times out with Sandbox.Timedout and drops the instance', () => {
    const verdict = describeOutcome({ kind: 'timeout', timeoutSeconds: 1, atMs: Date.UTC(2025, 0, 1) }, 'r');
    expect(text(verdict.payload)).toBe(
      '{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: r Error: Task timed out after 1.00 seconds"}',
    );
    expect(verdict.lines).toEqual(['2025-01-01T00:00:00.000Z r Task timed out after 1.00 seconds']);
    expect(verdict).toMatchObject({ status: 'timeout', keepInstance: false, functionError: 'Unhandled' });
  });

  it('words exits as RAPID does', () => {
    expect(runtimeExitError('r', { code: 127, signal: null })).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: r Error: Runtime exited with error: exit status 127',
    });
    expect(runtimeExitError('r', { code: 0, signal: null }).errorMessage).toBe(
      'RequestId: r Error: Runtime exited without providing a reason',
    );
    expect(exitReason({ code: null, signal: 'SIGKILL' })).toBe('signal: killed');
    expect(exitReason({ code: null, signal: 'SIGSEGV' })).toBe('signal: segmentation fault');
    const verdict = describeOutcome({ kind: 'exit', exit: { code: 3, signal: null } }, 'r');
    expect(verdict.lines).toEqual(['RequestId: r Error: Runtime exited with error: exit status 3', 'Runtime.ExitError']);
    expect(verdict).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError', keepInstance: false });
  });

  it('answers an oversized response with Function.ResponseSizeTooLarge', () => {
    const verdict = describeOutcome({ kind: 'tooLarge' }, 'r');
    expect(text(verdict.payload)).toBe(
      '{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
    );
    expect(verdict.keepInstance).toBe(true);
  });

  it('passes an init error through, typed from the header or the body', () => {
    const body = Buffer.from('{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'index\'"}');
    expect(describeOutcome({ kind: 'initError', body, errorType: undefined }, 'r')).toMatchObject({
      payload: body,
      errorType: 'Runtime.ImportModuleError',
      status: 'error',
      keepInstance: false,
    });
    expect(text(describeOutcome({ kind: 'initError', body: Buffer.alloc(0), errorType: 'X' }, 'r').payload)).toBe(
      '{"errorType":"X","errorMessage":""}',
    );
  });
});
