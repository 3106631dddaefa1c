/**
 * How an invocation ended, and what that means for its result, its log and its instance. Pure.
 */
import {
  errorDocumentBytes,
  exitReason,
  responseTooLargeError,
  runtimeExitError,
  timedOutError,
  type LambdaErrorDocument,
  type ProcessExit,
} from './invoke-errors.ts';
import { timeoutLine } from './log-lines.ts';

export type InvocationOutcome =
  /** The runtime posted a response. */
  | { kind: 'response'; body: Buffer }
  /** The runtime posted a function error. */
  | { kind: 'error'; body: Buffer; errorType: string | undefined }
  /** The runtime posted a response above 6 MB. */
  | { kind: 'tooLarge' }
  /** The runtime posted /init/error. */
  | { kind: 'initError'; body: Buffer; errorType: string | undefined }
  /** The process ended before the invocation had an answer. */
  | { kind: 'exit'; exit: ProcessExit }
  /** The function's timeout (or the init limit) passed; the instance was killed. */
  | { kind: 'timeout'; timeoutSeconds: number; atMs: number }
  /** The runtime could not be started (no bootstrap, not executable). */
  | { kind: 'entrypoint'; document: LambdaErrorDocument };

export interface OutcomeVerdict {
  payload: Buffer;
  functionError?: 'Unhandled';
  /** Lines Lambda itself writes before END. */
  lines: string[];
  /** REPORT's `Status` and `Error Type` when Lambda ended the invocation. */
  status?: 'timeout' | 'error';
  errorType?: string;
  /** Whether the instance can serve the next invocation. */
  keepInstance: boolean;
}

export function describeOutcome(outcome: InvocationOutcome, requestId: string): OutcomeVerdict {
  switch (outcome.kind) {
    case 'response':
      return { payload: outcome.body, lines: [], keepInstance: true };
    case 'error':
      return {
        payload: outcome.body.length > 0 ? outcome.body : errorDocumentBytes(emptyError(outcome.errorType)),
        functionError: 'Unhandled',
        lines: [],
        keepInstance: true,
      };
    case 'tooLarge': {
      const document = responseTooLargeError();
      return {
        payload: errorDocumentBytes(document),
        functionError: 'Unhandled',
        lines: [`${document.errorType}: ${document.errorMessage}`],
        keepInstance: true,
      };
    }
    case 'initError': {
      const errorType = outcome.errorType ?? errorTypeOf(outcome.body) ?? 'Runtime.Unknown';
      return {
        payload: outcome.body.length > 0 ? outcome.body : errorDocumentBytes(emptyError(errorType)),
        functionError: 'Unhandled',
        lines: [],
        status: 'error',
        errorType,
        keepInstance: false,
      };
    }
    case 'exit': {
      const document = runtimeExitError(requestId, outcome.exit);
      const reason = exitReason(outcome.exit);
      return {
        payload: errorDocumentBytes(document),
        functionError: 'Unhandled',
        lines: [
          reason === undefined
            ? `RequestId: ${requestId} Error: Runtime exited without providing a reason`
            : `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`,
          document.errorType,
        ],
        status: 'error',
        errorType: document.errorType,
        keepInstance: false,
      };
    }
    case 'timeout':
      return {
        payload: errorDocumentBytes(timedOutError(requestId, outcome.timeoutSeconds)),
        functionError: 'Unhandled',
        lines: [timeoutLine(outcome.atMs, requestId, outcome.timeoutSeconds)],
        status: 'timeout',
        keepInstance: false,
      };
    case 'entrypoint':
      return {
        payload: errorDocumentBytes(outcome.document),
        functionError: 'Unhandled',
        lines: [outcome.document.errorMessage, outcome.document.errorType],
        status: 'error',
        errorType: outcome.document.errorType,
        keepInstance: false,
      };
  }
}

function emptyError(errorType: string | undefined): LambdaErrorDocument {
  return { errorType: errorType ?? 'Unknown', errorMessage: '' };
}

function errorTypeOf(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const errorType = (parsed as { errorType?: unknown } | null)?.errorType;
    return typeof errorType === 'string' ? errorType : undefined;
  } catch {
    return undefined;
  }
}
