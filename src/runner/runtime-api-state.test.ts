import { describe, expect, it } from 'vitest';
import { decide, delivered, INITIAL_STATE } from './runtime-api-state.ts';

const forbidden = (from: string, to: string) => ({
  ok: false,
  status: 403,
  errorType: 'InvalidStateTransition',
  errorMessage: `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`,
});

describe('the runtime state machine', () => {
  it('ends initialisation at the first /next, and only then', () => {
    const first = decide(INITIAL_STATE, { kind: 'next' });
    expect(first).toEqual({ ok: true, state: { phase: 'Ready' }, initialized: true });
    expect(decide({ phase: 'Ready' }, { kind: 'next' })).toEqual({ ok: true, state: { phase: 'Ready' }, initialized: false });
  });

  it('accepts one answer for the running invocation', () => {
    const running = delivered('a');
    expect(decide(running, { kind: 'response', requestId: 'a' })).toEqual({
      ok: true,
      state: { phase: 'RuntimeResponseSentState', requestId: 'a' },
      initialized: false,
    });
    expect(decide(running, { kind: 'error', requestId: 'a' })).toMatchObject({ ok: true });
    expect(decide(running, { kind: 'response', requestId: 'b' })).toEqual({
      ok: false,
      status: 400,
      errorType: 'InvalidRequestID',
      errorMessage: 'Invalid request ID',
    });
    expect(decide({ phase: 'RuntimeResponseSentState', requestId: 'a' }, { kind: 'response', requestId: 'a' })).toEqual(
      forbidden('RuntimeResponseSentState', 'InvocationResponse'),
    );
    expect(decide({ phase: 'Ready' }, { kind: 'error', requestId: 'a' })).toEqual(forbidden('Ready', 'InvocationErrorResponse'));
    expect(decide(INITIAL_STATE, { kind: 'response', requestId: 'a' })).toEqual(forbidden('Started', 'InvocationResponse'));
  });

  it('lets a running runtime poll /next again without ending the invocation (as RAPID does)', () => {
    expect(decide(delivered('a'), { kind: 'next' })).toEqual({ ok: true, state: delivered('a'), initialized: false });
  });

  it('accepts /init/error only during initialisation, and nothing after it', () => {
    expect(decide(INITIAL_STATE, { kind: 'initError' })).toEqual({ ok: true, state: { phase: 'InitError' }, initialized: false });
    expect(decide({ phase: 'Ready' }, { kind: 'initError' })).toEqual(forbidden('Ready', 'InitError'));
    expect(decide({ phase: 'InitError' }, { kind: 'next' })).toEqual(forbidden('InitError', 'Ready'));
  });
});
