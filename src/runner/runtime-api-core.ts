/**
 * The Runtime API (2018-06-01) of one instance, apart from any transport: the state machine, the event
 * waiting for the runtime's /next, and the answers to its posts. The HTTP front (runtime-api-server.ts)
 * and the IPC front of Onward's own Node bootstrap (runtime-api-ipc.ts) both drive this one core, so a
 * runtime may mix them (a function calling AWS_LAMBDA_RUNTIME_API itself meets the same state).
 */
import { MAX_RESPONSE_BYTES } from './invoke-errors.ts';
import { ACCEPTED_BODY, runtimeApiErrorBody, TOO_LARGE_BODY, type NextInvocation } from './runtime-api-protocol.ts';
import { decide, delivered, INITIAL_STATE, type RuntimeApiAction, type RuntimeApiState } from './runtime-api-state.ts';

export interface RuntimeApiEvent extends Omit<NextInvocation, 'deadlineMs'> {
  payload: Buffer;
  timeoutMs: number;
}

export type RuntimeCompletion =
  { kind: 'response'; body: Buffer } | { kind: 'error'; body: Buffer; errorType: string | undefined } | { kind: 'tooLarge' };

export interface RuntimeApiListener {
  /** The runtime's first /next: its initialisation is over. */
  initialized(): void;
  /** The event went out on a /next; the deadline it carries. */
  delivered(requestId: string, deadlineMs: number): void;
  completed(requestId: string, completion: RuntimeCompletion): void;
  initFailed(body: Buffer, errorType: string | undefined): void;
}

/** A runtime's /next that waits for an event, whatever carries it. */
export interface PendingNext {
  /** The runtime went away (its connection closed): nothing can be sent on it any more. */
  readonly gone: boolean;
  send(event: NextInvocation, payload: Buffer): void;
  /** Replaced by a newer /next of the same runtime. */
  abandon(): void;
}

/** A status and JSON body as the HTTP front would answer them. */
export interface RuntimeApiReply {
  status: number;
  body: string;
}

export type RuntimeApiPost = Exclude<RuntimeApiAction, { kind: 'next' }>;

export class RuntimeApiCore {
  readonly #listener: RuntimeApiListener;
  #state: RuntimeApiState = INITIAL_STATE;
  #waiting: PendingNext | undefined;
  #queued: RuntimeApiEvent | undefined;

  constructor(listener: RuntimeApiListener) {
    this.#listener = listener;
  }

  /** Hands `event` to the runtime's pending /next, or to its next one. */
  deliver(event: RuntimeApiEvent): void {
    this.#queued = event;
    this.#sendQueued();
  }

  /** Drops the event not yet taken (the instance is closing). */
  clear(): void {
    this.#queued = undefined;
  }

  /** A /next: refused with a reply, or parked on `poll` until an event is there (undefined). */
  next(poll: PendingNext): RuntimeApiReply | undefined {
    const decision = decide(this.#state, { kind: 'next' });
    if (!decision.ok) return { status: decision.status, body: runtimeApiErrorBody(decision.errorType, decision.errorMessage) };
    this.#state = decision.state;
    // A runtime that retries /next replaces its earlier poll.
    if (this.#waiting && this.#waiting !== poll) this.#waiting.abandon();
    this.#waiting = poll;
    if (decision.initialized) this.#listener.initialized();
    this.#sendQueued();
    return undefined;
  }

  /** The runtime's /next went away before an event came. */
  withdraw(poll: PendingNext): void {
    if (this.#waiting === poll) this.#waiting = undefined;
  }

  /** A post; `body` is undefined when it was above the 6 MB limit. */
  post(action: RuntimeApiPost, body: Buffer | undefined, errorType: string | undefined): RuntimeApiReply {
    const decision = decide(this.#state, action);
    if (!decision.ok) return { status: decision.status, body: runtimeApiErrorBody(decision.errorType, decision.errorMessage) };
    this.#state = decision.state;
    if (action.kind === 'initError') {
      this.#listener.initFailed(body ?? Buffer.alloc(0), errorType);
      return { status: 202, body: ACCEPTED_BODY };
    }
    if (body === undefined || body.length > MAX_RESPONSE_BYTES) {
      this.#listener.completed(action.requestId, { kind: 'tooLarge' });
      return { status: 413, body: TOO_LARGE_BODY };
    }
    this.#listener.completed(
      action.requestId,
      action.kind === 'response' ? { kind: 'response', body } : { kind: 'error', body, errorType },
    );
    return { status: 202, body: ACCEPTED_BODY };
  }

  #sendQueued(): void {
    const event = this.#queued;
    const poll = this.#waiting;
    if (!event || !poll || this.#state.phase !== 'Ready' || poll.gone) return;
    this.#queued = undefined;
    this.#waiting = undefined;
    const deadlineMs = Date.now() + event.timeoutMs;
    this.#state = delivered(event.requestId);
    const { payload, timeoutMs: _timeoutMs, ...invocation } = event;
    poll.send({ ...invocation, deadlineMs }, payload);
    this.#listener.delivered(event.requestId, deadlineMs);
  }
}
