/**
 * The error documents Lambda itself (not the function's code) returns when an invocation fails, with
 * the exact texts AWS records (aws-semantics.md §1.1-1.2). Pure.
 */

/** RAPID's limit for a response posted by the runtime: 6 MiB plus 100 bytes of slack. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

export interface LambdaErrorDocument {
  errorType: string;
  errorMessage: string;
}

/** How a process ended, as node:child_process reports it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function timedOutError(requestId: string, timeoutSeconds: number): LambdaErrorDocument {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

export function runtimeExitError(requestId: string, exit: ProcessExit): LambdaErrorDocument {
  const reason = exitReason(exit);
  return {
    errorType: 'Runtime.ExitError',
    errorMessage:
      reason === undefined
        ? `RequestId: ${requestId} Error: Runtime exited without providing a reason`
        : `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`,
  };
}

/** Key order as AWS records it: errorMessage first. */
export function responseTooLargeError(): { errorMessage: string; errorType: string } {
  return {
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
    errorType: 'Function.ResponseSizeTooLarge',
  };
}

/** A `provided` function whose code has no `bootstrap` file. */
export function missingBootstrapError(requestId: string, bootstrapPath: string): LambdaErrorDocument {
  return {
    errorType: 'Runtime.InvalidEntrypoint',
    errorMessage: `RequestId: ${requestId} Error: Couldn't find valid bootstrap(s): [${bootstrapPath}]`,
  };
}

/** The function's code directory is gone (a live directory deleted, ...). */
export function missingCodeDirError(requestId: string, codeDir: string): LambdaErrorDocument {
  return {
    errorType: 'Runtime.InvalidEntrypoint',
    errorMessage: `RequestId: ${requestId} Error: chdir ${codeDir}: no such file or directory`,
  };
}

/** The runtime could not be started at all (a `bootstrap` without the executable bit, ...). */
export function invalidEntrypointError(requestId: string, command: string, reason: string): LambdaErrorDocument {
  return {
    errorType: 'Runtime.InvalidEntrypoint',
    errorMessage: `RequestId: ${requestId} Error: fork/exec ${command}: ${reason}`,
  };
}

export function errorDocumentBytes(document: object): Buffer {
  return Buffer.from(JSON.stringify(document), 'utf8');
}

/** Go's ProcessState wording (RAPID is written in Go): `exit status 3`, `signal: killed`; undefined for a clean exit. */
export function exitReason(exit: ProcessExit): string | undefined {
  if (exit.signal !== null) return `signal: ${SIGNAL_WORDS[exit.signal] ?? exit.signal}`;
  if (exit.code === null || exit.code === 0) return undefined;
  return `exit status ${exit.code}`;
}

const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGHUP: 'hangup',
  SIGILL: 'illegal instruction',
  SIGINT: 'interrupt',
  SIGKILL: 'killed',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGTRAP: 'trace/breakpoint trap',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
};
