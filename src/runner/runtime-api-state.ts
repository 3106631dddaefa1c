/**
 * The runtime's state machine as RAPID (aws-lambda-runtime-interface-emulator, internal/lambda/core)
 * enforces it, so custom runtimes see the same 400/403 answers they would on AWS. Pure.
 *
 *   Started --next--> Ready --(event sent)--> Running --response|error--> ResponseSent --next--> Ready
 *   Started --init/error--> InitError
 */

/** RAPID's state names, used in its error messages. */
export type RuntimePhase = 'Started' | 'Ready' | 'Running' | 'RuntimeResponseSentState' | 'InitError';

export interface RuntimeApiState {
  phase: RuntimePhase;
  /** The invocation being run (Running) or last answered (RuntimeResponseSentState). */
  requestId?: string;
}

export type RuntimeApiAction =
  { kind: 'next' } | { kind: 'response'; requestId: string } | { kind: 'error'; requestId: string } | { kind: 'initError' };

export type RuntimeApiDecision =
  | { ok: true; state: RuntimeApiState; /** The first /next: initialisation is over. */ initialized: boolean }
  | { ok: false; status: 400 | 403; errorType: string; errorMessage: string };

export const INITIAL_STATE: RuntimeApiState = Object.freeze({ phase: 'Started' });

export function decide(state: RuntimeApiState, action: RuntimeApiAction): RuntimeApiDecision {
  switch (action.kind) {
    case 'next':
      // RAPID lets a runtime ask for the next event while one is still running (Running.Ready() is allowed);
      // that invocation then simply never gets an answer and times out.
      if (state.phase === 'InitError') return forbidden(state, 'Ready');
      if (state.phase === 'Running') return { ok: true, state, initialized: false };
      return { ok: true, state: { phase: 'Ready' }, initialized: state.phase === 'Started' };
    case 'response':
    case 'error': {
      const target = action.kind === 'response' ? 'InvocationResponse' : 'InvocationErrorResponse';
      if (state.phase !== 'Running') return forbidden(state, target);
      if (state.requestId !== action.requestId) {
        return { ok: false, status: 400, errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' };
      }
      return { ok: true, state: { phase: 'RuntimeResponseSentState', requestId: action.requestId }, initialized: false };
    }
    case 'initError':
      if (state.phase !== 'Started') return forbidden(state, 'InitError');
      return { ok: true, state: { phase: 'InitError' }, initialized: false };
  }
}

/** The event for `requestId` was handed to the runtime's pending /next. */
export function delivered(requestId: string): RuntimeApiState {
  return { phase: 'Running', requestId };
}

function forbidden(state: RuntimeApiState, target: string): RuntimeApiDecision {
  return {
    ok: false,
    status: 403,
    errorType: 'InvalidStateTransition',
    errorMessage: `State transition from ${state.phase} to ${target} failed for runtime. Error: State transition is not allowed`,
  };
}
