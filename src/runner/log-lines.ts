/**
 * The lines Lambda itself writes into a function's log stream around each invocation, and the names
 * of log groups and streams. Pure.
 */

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** `YYYY/MM/DD/[<version>]<32 hex>`, dated by the instance's start (UTC). */
export function logStreamName(functionVersion: string, startedAtMs: number, hex32: string): string {
  const date = new Date(startedAtMs).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[${functionVersion}]${hex32}`;
}

export function startLine(requestId: string, functionVersion: string): string {
  return `START RequestId: ${requestId} Version: ${functionVersion}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Only on the invocation that started the instance. */
  initDurationMs?: number;
  /** AWS appends `Status: timeout` / `Status: error` (+ `Error Type`) when Lambda ended the invocation. */
  status?: 'timeout' | 'error';
  errorType?: string;
}

export function reportLine(report: ReportFields): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${report.billedDurationMs} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMb} MB`,
  ];
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  if (report.status !== undefined) fields.push(`Status: ${report.status}`);
  if (report.errorType !== undefined) fields.push(`Error Type: ${report.errorType}`);
  return fields.join('\t');
}

/** `2024-04-08T16:56:22.123Z <id> Task timed out after 1.00 seconds` */
export function timeoutLine(atMs: number, requestId: string, timeoutSeconds: number): string {
  return `${new Date(atMs).toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

/** Lambda bills whole milliseconds, rounded up. */
export function billedDurationMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

/** VmHWM is in kB; REPORT shows whole MB, rounded up. */
export function memoryUsedMb(peakKb: number): number {
  return Math.ceil(peakKb / 1024);
}
