/**
 * The environment of a function instance (AWS "Defined runtime environment variables", ecosystem.md
 * §3.2). Precedence, lowest first: the host basics (PATH, HOME...), Lambda's unreserved defaults, the
 * function's own variables, Lambda's reserved variables (a function cannot override those). Pure.
 */
import path from 'node:path';
import type { FunctionInstanceSpec } from './function-runner.ts';
import type { HostEnvironment } from './host-environment.ts';
import { logGroupName } from './log-lines.ts';
import type { RuntimeFamily } from './runtimes.ts';

/** Variables Lambda defines itself: CreateFunction refuses them in Environment.Variables. */
export const LAMBDA_RESERVED_VARIABLES: readonly string[] = Object.freeze([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** What a function's own variables never override in its process (TZ stays :UTC as on AWS). */
export const RESERVED_VARIABLES: readonly string[] = Object.freeze([...LAMBDA_RESERVED_VARIABLES, 'TZ']);

export interface InstanceEnvironmentInput {
  spec: FunctionInstanceSpec;
  family: RuntimeFamily;
  /** `127.0.0.1:<port>` of this instance's Runtime API. */
  runtimeApi: string;
  logStreamName: string;
  runtimeDir: string;
  /** Directories whose packages Node function code may import (Onward's node_modules). */
  nodeModulesDirs: readonly string[];
  host: HostEnvironment;
}

export function instanceEnvironment(input: InstanceEnvironmentInput): Record<string, string> {
  const { spec } = input;
  const defaults: Record<string, string> = { LANG: 'en_US.UTF-8', AWS_ENDPOINT_URL: spec.endpointUrl };
  if (input.family === 'python') {
    // /var/task is read-only on AWS; here the code may be the user's live directory (hot reload), which
    // must not fill with __pycache__ (nor wake a file watcher).
    defaults.PYTHONDONTWRITEBYTECODE = '1';
  }
  if (input.family === 'node') {
    // As AWS's NODE_PATH (layers, /var/runtime/node_modules, /var/runtime, /var/task), with Onward's
    // node_modules in the place of the runtime's.
    defaults.NODE_PATH = [...input.nodeModulesDirs, path.join(spec.codeDir, 'node_modules'), spec.codeDir].join(path.delimiter);
  }
  const reserved: Record<string, string> = {
    _HANDLER: spec.handler,
    AWS_REGION: spec.region,
    AWS_DEFAULT_REGION: spec.region,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySizeMb),
    AWS_LAMBDA_FUNCTION_VERSION: spec.functionVersion,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(spec.functionName),
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_LAMBDA_RUNTIME_API: input.runtimeApi,
    LAMBDA_TASK_ROOT: spec.codeDir,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
    TZ: ':UTC',
    // Onward maps a 12-digit access key to that account, so the function's own calls act in its account.
    AWS_ACCESS_KEY_ID: spec.accountId,
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
  };
  // OS-only runtimes have no AWS_EXECUTION_ENV on AWS.
  if (input.family !== 'provided') reserved.AWS_EXECUTION_ENV = `AWS_Lambda_${spec.runtime}`;

  const own = Object.fromEntries(Object.entries(spec.environment).filter(([name]) => !RESERVED_VARIABLES.includes(name)));
  const host = Object.fromEntries(
    Object.entries(input.host).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { ...host, ...defaults, ...own, ...reserved };
}
