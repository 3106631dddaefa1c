import type { ClockMode } from '../clock/clock.ts';

/** Everything an Onward process is configured with, resolved and validated once at start. */
export interface OnwardOptions {
  /** TCP port of the AWS edge. @defaultValue 4566 (LocalStack's) */
  port: number;
  /** Interface to listen on. @defaultValue 127.0.0.1 */
  host: string;
  /** Directory of the embedded store. @defaultValue ./.onward */
  dataDir: string;
  /** `real`, `scaled` (see timeScale) or `manual` (moves only through POST /_onward/clock/advance). */
  clockMode: ClockMode;
  /** How many times faster than wall time the clock runs when `clockMode` is `scaled`. @defaultValue 1 */
  timeScale: number;
  /** Region for requests that do not name one in their signature. @defaultValue us-east-1 */
  region: string;
  /** Account for credentials that are not a 12-digit account id. @defaultValue 000000000000 */
  accountId: string;
  /** Print one line per request on stderr. @defaultValue false */
  logRequests: boolean;
  /** Finished async invocations (and their history) older than this are pruned. @defaultValue 24 */
  invocationRetentionHours: number;
  /** At most this many finished async invocations are kept (queued ones never count). @defaultValue 10000 */
  invocationRetentionCount: number;
}

export const DEFAULT_OPTIONS: Readonly<OnwardOptions> = Object.freeze({
  port: 4566,
  host: '127.0.0.1',
  dataDir: './.onward',
  clockMode: 'real',
  timeScale: 1,
  region: 'us-east-1',
  accountId: '000000000000',
  logRequests: false,
  invocationRetentionHours: 24,
  invocationRetentionCount: 10_000,
});
