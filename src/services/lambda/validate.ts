/**
 * Validation of function configuration inputs, in AWS's two layers: Coral's model checks (patterns,
 * ranges; collected into one ValidationException) and Lambda's own checks (runtime, memory ceiling,
 * environment; InvalidParameterValueException). Pure.
 */
import { SUPPORTED_RUNTIMES } from '../../runner/runtimes.ts';
import { violation } from './arn.ts';
import { InvalidParameterValueException } from './errors.ts';
import { LAMBDA_RESERVED_VARIABLES } from '../../runner/instance-environment.ts';

/** Runtimes Onward runs (node, python3 and `bootstrap` executables on this machine): the runner's list. */
export const ONWARD_RUNTIMES: readonly string[] = SUPPORTED_RUNTIMES;

/** The runtimes AWS accepts for new functions, in the order of its error message (AWS-recorded, 2026-01). */
const AWS_RUNTIMES: readonly string[] = [
  'nodejs20.x',
  'python3.14',
  'provided.al2023',
  'python3.12',
  'python3.13',
  'nodejs24.x',
  'nodejs22.x',
  'java25',
  'python3.10',
  'python3.11',
  'java21',
  'ruby3.3',
  'ruby3.4',
  'ruby3.2',
  'python3.8',
  'python3.9',
  'java17',
  'nodejs16.x',
  'dotnet10',
  'dotnet8',
  'java11',
  'dotnet6',
  'nodejs18.x',
  'provided.al2',
  'java8.al2',
];

/** Runtimes AWS no longer accepts for creating or updating functions. */
const DEPRECATED_RUNTIMES = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'java8',
  'python2.7',
  'python3.6',
  'python3.7',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'provided',
]);

/** Throws the AWS error for a runtime AWS refuses, or Onward's for one AWS has but Onward cannot run. */
export function checkRuntime(runtime: string, onwardRuntimes: readonly string[] = ONWARD_RUNTIMES): void {
  if (onwardRuntimes.includes(runtime)) return;
  if (DEPRECATED_RUNTIMES.has(runtime)) {
    throw InvalidParameterValueException(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  if (!AWS_RUNTIMES.includes(runtime)) {
    throw InvalidParameterValueException(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${AWS_RUNTIMES.join(', ')}] or be a valid ARN`,
    );
  }
  throw InvalidParameterValueException(
    `Onward cannot run the runtime ${runtime} (AWS can): use one of ${onwardRuntimes.join(', ')}.`,
  );
}

/** `provided*` runtimes run the code's `bootstrap`; the others need a handler. */
export function isProvidedRuntime(runtime: string): boolean {
  return runtime === 'provided' || runtime.startsWith('provided.');
}

export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_SIZE_MB = 128;
const MAX_TIMEOUT_SECONDS = 900;
const MIN_MEMORY_SIZE_MB = 128;
/** The model allows 32768; Lambda itself stops at 10240. */
const MODEL_MAX_MEMORY_SIZE_MB = 32768;
const MAX_MEMORY_SIZE_MB = 10240;
const MAX_DESCRIPTION_LENGTH = 256;
const MAX_HANDLER_LENGTH = 128;
const MAX_ENVIRONMENT_BYTES = 4096;
const MAX_TAGS = 50;

const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const ROLE_PATTERN_TEXT = String.raw`arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`;
const HANDLER_PATTERN = /^[^\s]+$/;
const ENVIRONMENT_KEY = /^[a-zA-Z][a-zA-Z0-9_]+$/;
const TARGET_ARN = /^(?:arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*|)$/;

/** Variables the Lambda environment defines itself (AWS refuses them in Environment.Variables). */
const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set(LAMBDA_RESERVED_VARIABLES);

/** The configuration members of CreateFunction / UpdateFunctionConfiguration that were given. */
export interface ConfigurationChange {
  runtime?: string;
  handler?: string;
  role?: string;
  description?: string;
  timeoutSeconds?: number;
  memorySizeMb?: number;
  environment?: Record<string, string>;
  /** Null clears it (`TargetArn: ""`). */
  deadLetterTargetArn?: string | null;
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Reads the configuration members of `input`, pushing Coral violations into `violations`. Values that
 * violate are left out of the result (the caller throws before using it).
 */
export function readConfigurationChange(input: Record<string, unknown>, violations: string[]): ConfigurationChange {
  const change: ConfigurationChange = {};
  if (isGiven(input.Role)) {
    const role = String(input.Role);
    if (ROLE_PATTERN.test(role)) change.role = role;
    else violations.push(violation(role, 'role', `Member must satisfy regular expression pattern: ${ROLE_PATTERN_TEXT}`));
  }
  if (isGiven(input.Handler)) {
    const handler = String(input.Handler);
    const before = violations.length;
    if (handler.length > MAX_HANDLER_LENGTH) {
      violations.push(violation(handler, 'handler', `Member must have length less than or equal to ${MAX_HANDLER_LENGTH}`));
    }
    if (!HANDLER_PATTERN.test(handler)) {
      violations.push(violation(handler, 'handler', String.raw`Member must satisfy regular expression pattern: [^\s]+`));
    }
    if (violations.length === before) change.handler = handler;
  }
  if (isGiven(input.Runtime)) change.runtime = String(input.Runtime);
  if (isGiven(input.Description)) {
    const description = String(input.Description);
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      violations.push(
        violation(description, 'description', `Member must have length less than or equal to ${MAX_DESCRIPTION_LENGTH}`),
      );
    } else change.description = description;
  }
  const timeout = readInteger(input.Timeout, 'timeout', { min: 1, max: MAX_TIMEOUT_SECONDS }, violations);
  if (timeout !== undefined) change.timeoutSeconds = timeout;
  const memory = readInteger(
    input.MemorySize,
    'memorySize',
    { min: MIN_MEMORY_SIZE_MB, max: MODEL_MAX_MEMORY_SIZE_MB },
    violations,
  );
  if (memory !== undefined) change.memorySizeMb = memory;
  if (isGiven(input.Environment)) {
    const environment = readEnvironment(input.Environment, violations);
    if (environment) change.environment = environment;
  }
  if (isGiven(input.DeadLetterConfig)) {
    const config = input.DeadLetterConfig as Record<string, unknown>;
    // `{}` changes nothing; `TargetArn: ""` removes the dead-letter target.
    if (typeof config === 'object' && isGiven(config.TargetArn)) {
      const targetArn = String(config.TargetArn);
      if (TARGET_ARN.test(targetArn)) change.deadLetterTargetArn = targetArn === '' ? null : targetArn;
      else {
        violations.push(
          violation(
            targetArn,
            'deadLetterConfig.targetArn',
            'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()',
          ),
        );
      }
    }
  }
  return change;
}

/** An integer member within its model range, or undefined (absent or violating). */
export function readInteger(
  raw: unknown,
  member: string,
  range: { min?: number; max?: number },
  violations: string[],
): number | undefined {
  if (!isGiven(raw)) return undefined;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value)) {
    violations.push(violation(raw, member, 'Member must be an integer'));
    return undefined;
  }
  if (range.min !== undefined && value < range.min) {
    violations.push(violation(value, member, `Member must have value greater than or equal to ${range.min}`));
    return undefined;
  }
  if (range.max !== undefined && value > range.max) {
    violations.push(violation(value, member, `Member must have value less than or equal to ${range.max}`));
    return undefined;
  }
  return value;
}

function readEnvironment(raw: unknown, violations: string[]): Record<string, string> | undefined {
  const variables = (raw as Record<string, unknown>).Variables;
  const out: Record<string, string> = {};
  if (!isGiven(variables)) return out;
  for (const [key, value] of Object.entries(variables as Record<string, unknown>)) {
    if (!ENVIRONMENT_KEY.test(key)) {
      // Variables are sensitive members: Coral does not echo them.
      violations.push(
        "Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
      );
      return undefined;
    }
    out[key] = value === null || value === undefined ? '' : String(value);
  }
  return out;
}

/** Lambda's own checks on a change that passed Coral's (InvalidParameterValueException). */
export function checkConfigurationChange(change: ConfigurationChange, onwardRuntimes?: readonly string[]): void {
  if (change.runtime !== undefined) checkRuntime(change.runtime, onwardRuntimes);
  if (change.memorySizeMb !== undefined && change.memorySizeMb > MAX_MEMORY_SIZE_MB) {
    throw InvalidParameterValueException(
      `'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to ${MAX_MEMORY_SIZE_MB}`,
    );
  }
  if (change.environment) checkEnvironment(change.environment);
}

export function checkEnvironment(variables: Record<string, string>): void {
  const reserved = Object.keys(variables).filter((key) => RESERVED_ENVIRONMENT_KEYS.has(key));
  if (reserved.length > 0) {
    throw InvalidParameterValueException(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) {
    throw InvalidParameterValueException(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}

/** A complete Zip-package function needs a runtime, and a handler unless its runtime runs `bootstrap`. */
export function checkRuntimeAndHandler(runtime: string | undefined, handler: string | null | undefined): void {
  if (runtime === undefined || ((handler === undefined || handler === null) && !isProvidedRuntime(runtime))) {
    throw InvalidParameterValueException(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  }
}

export function readTags(raw: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!isGiven(raw) || typeof raw !== 'object') return tags;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    tags[key] = value === null || value === undefined ? '' : String(value);
  }
  return tags;
}

export function checkTagCount(count: number): void {
  if (count > MAX_TAGS) throw InvalidParameterValueException('Number of tags exceeds resource tag limit.');
}
