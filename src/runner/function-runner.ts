/**
 * The FunctionRunner port: runs one invocation of a function version on a warm instance (an OS process
 * speaking the Lambda Runtime API). The Lambda service and the async engine call it; the composition
 * root wires the process-pool implementation (src/runner/process-pool.ts).
 */

/** Everything needed to start (or reuse) an instance of one function version. */
export interface FunctionInstanceSpec {
  /**
   * Instances are pooled by this key; it changes whenever code or configuration change (function ARN,
   * version, code SHA-256, configuration revision), so stale instances are never reused.
   */
  poolKey: string;
  functionName: string;
  /** `$LATEST` or a published version number. */
  functionVersion: string;
  /** Unqualified function ARN. */
  functionArn: string;
  runtime: string;
  handler: string;
  /** Absolute path of the extracted code (or the live directory of a hot-reload function). */
  codeDir: string;
  memorySizeMb: number;
  timeoutSeconds: number;
  /** The function's own variables (Environment.Variables). */
  environment: Readonly<Record<string, string>>;
  region: string;
  accountId: string;
  /** Where the function's own AWS SDK calls go (Onward's edge URL). */
  endpointUrl: string;
}

export interface InvokeRequest {
  requestId: string;
  payload: Buffer;
  /** The ARN the caller invoked (qualified with the version or alias it used). */
  invokedFunctionArn: string;
  /** Decoded JSON of `X-Amz-Client-Context` (sync invocations only). */
  clientContext?: string;
  traceId?: string;
}

export interface InvokeResult {
  /** The function's response bytes, or the error document when `functionError` is set. */
  payload: Buffer;
  functionError?: 'Unhandled';
  /** The invocation's log, START to REPORT lines included (Tail returns its last 4 KB). */
  log: string;
  durationMs: number;
  billedDurationMs: number;
  /** Set when this invocation started a new instance. */
  initDurationMs?: number;
  maxMemoryUsedMb: number;
}

/** A line of function output, as CloudWatch Logs would store it. */
export interface LogEvent {
  /** The function's account and region (its log group lives there). */
  accountId?: string;
  region?: string;
  logGroupName: string;
  logStreamName: string;
  functionName: string;
  timestampMs: number;
  message: string;
}

export type LogSink = (event: LogEvent) => void;

export interface FunctionRunner {
  invoke(spec: FunctionInstanceSpec, request: InvokeRequest): Promise<InvokeResult>;
  /** Stops the warm instances whose pool key starts with `poolKeyPrefix` (code changed, function deleted). */
  retire(poolKeyPrefix: string): Promise<void>;
  /** Stops every instance and the Runtime API server. */
  close(): Promise<void>;
}

/** Thrown by `invoke` when the runtime cannot run at all on this machine (missing interpreter...). */
export class RuntimeUnavailableError extends Error {
  override name = 'RuntimeUnavailableError';
}
