/**
 * Options from defaults < environment < command-line flags, validated once. This module is the only
 * reader of process.env in Onward.
 */
import { DEFAULT_OPTIONS, type OnwardOptions } from './options.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Raw values by option, as strings from flags or environment; undefined when not given. */
export type RawOptions = Partial<Record<keyof OnwardOptions | 'clock', string | boolean | undefined>>;

/** The environment variables Onward reads, by option. */
export const ENVIRONMENT_VARIABLES = {
  port: 'ONWARD_PORT',
  host: 'ONWARD_HOST',
  dataDir: 'ONWARD_DATA_DIR',
  timeScale: 'ONWARD_TIME_SCALE',
  clock: 'ONWARD_CLOCK',
  region: 'ONWARD_REGION',
  accountId: 'ONWARD_ACCOUNT_ID',
  logRequests: 'ONWARD_LOG_REQUESTS',
  invocationRetentionHours: 'ONWARD_INVOCATION_RETENTION_HOURS',
  invocationRetentionCount: 'ONWARD_INVOCATION_RETENTION_COUNT',
} as const;

/**
 * The environment an app loaded by `onward up` sees in serverless `\${env:NAME}` variables: Onward's own,
 * as the framework sees the shell's (a copy: loading never changes it).
 */
export function appEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return { ...env };
}

export function optionsFromEnvironment(env: NodeJS.ProcessEnv = process.env): RawOptions {
  const raw: RawOptions = {};
  for (const [option, variable] of Object.entries(ENVIRONMENT_VARIABLES)) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[option as keyof RawOptions] = value;
  }
  return raw;
}

export function resolveOptions(...layers: RawOptions[]): OnwardOptions {
  const raw: RawOptions = Object.assign({}, ...layers.map(withoutUndefined));
  const timeScale = raw.timeScale === undefined ? undefined : positiveNumber('time scale', raw.timeScale);
  const clock = raw.clock === undefined ? undefined : String(raw.clock);
  if (clock !== undefined && clock !== 'manual' && clock !== 'real') {
    throw new ConfigError(`Invalid clock "${clock}": use "manual" or "real" (and --time-scale N to run faster).`);
  }
  if (clock === 'manual' && timeScale !== undefined && timeScale !== 1) {
    throw new ConfigError('--clock manual and --time-scale exclude each other: a manual clock only moves when advanced.');
  }
  const options: OnwardOptions = {
    port: raw.port === undefined ? DEFAULT_OPTIONS.port : portNumber(raw.port),
    host: raw.host === undefined ? DEFAULT_OPTIONS.host : String(raw.host),
    dataDir: raw.dataDir === undefined ? DEFAULT_OPTIONS.dataDir : String(raw.dataDir),
    clockMode: clock === 'manual' ? 'manual' : timeScale !== undefined && timeScale !== 1 ? 'scaled' : 'real',
    timeScale: timeScale ?? DEFAULT_OPTIONS.timeScale,
    region: raw.region === undefined ? DEFAULT_OPTIONS.region : String(raw.region),
    accountId: raw.accountId === undefined ? DEFAULT_OPTIONS.accountId : accountId(raw.accountId),
    logRequests: raw.logRequests === undefined ? DEFAULT_OPTIONS.logRequests : bool(raw.logRequests),
    invocationRetentionHours:
      raw.invocationRetentionHours === undefined
        ? DEFAULT_OPTIONS.invocationRetentionHours
        : positiveNumber('invocation retention hours', raw.invocationRetentionHours),
    invocationRetentionCount:
      raw.invocationRetentionCount === undefined
        ? DEFAULT_OPTIONS.invocationRetentionCount
        : count('invocation retention count', raw.invocationRetentionCount),
  };
  if (options.dataDir === '') throw new ConfigError('The data directory must not be empty.');
  return Object.freeze(options);
}

function withoutUndefined(layer: RawOptions): RawOptions {
  return Object.fromEntries(Object.entries(layer).filter(([, v]) => v !== undefined));
}

function portNumber(value: string | boolean): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`Invalid port "${String(value)}": use an integer from 0 to 65535 (0 picks a free port).`);
  }
  return port;
}

function positiveNumber(name: string, value: string | boolean): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new ConfigError(`Invalid ${name} "${String(value)}": use a number greater than 0.`);
  }
  return number;
}

function count(name: string, value: string | boolean): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new ConfigError(`Invalid ${name} "${String(value)}": use a whole number of 0 or more.`);
  }
  return number;
}

function accountId(value: string | boolean): string {
  const text = String(value);
  if (!/^\d{12}$/.test(text)) throw new ConfigError(`Invalid account id "${text}": use 12 digits.`);
  return text;
}

function bool(value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
