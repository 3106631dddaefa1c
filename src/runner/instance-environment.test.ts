import { describe, expect, it } from 'vitest';
import type { FunctionInstanceSpec } from './function-runner.ts';
import { instanceEnvironment } from './instance-environment.ts';

const spec: FunctionInstanceSpec = {
  poolKey: 'k',
  functionName: 'fn',
  functionVersion: '3',
  functionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:fn',
  runtime: 'python3.12',
  handler: 'app.handler',
  codeDir: '/code',
  memorySizeMb: 512,
  timeoutSeconds: 3,
  environment: { MINE: '1', AWS_REGION: 'us-west-2', LAMBDA_TASK_ROOT: '/elsewhere', PATH: '/custom/bin', NODE_PATH: '/mine' },
  region: 'eu-west-1',
  accountId: '111122223333',
  endpointUrl: 'http://127.0.0.1:4566',
};

const input = {
  spec,
  family: 'python' as const,
  runtimeApi: '127.0.0.1:9001',
  logStreamName: '2025/01/01/[3]abc',
  runtimeDir: '/onward/runtimes/python',
  nodeModulesDirs: ['/onward/node_modules'],
  host: { PATH: '/usr/bin', HOME: '/home/u', TMPDIR: undefined },
};

describe('the instance environment', () => {
  it('sets what AWS defines; the function’s own variables override defaults, never reserved ones', () => {
    expect(instanceEnvironment(input)).toEqual({
      PATH: '/custom/bin',
      HOME: '/home/u',
      LANG: 'en_US.UTF-8',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      PYTHONDONTWRITEBYTECODE: '1',
      MINE: '1',
      NODE_PATH: '/mine',
      _HANDLER: 'app.handler',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.12',
      AWS_LAMBDA_FUNCTION_NAME: 'fn',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '3',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
      AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[3]abc',
      AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
      LAMBDA_TASK_ROOT: '/code',
      LAMBDA_RUNTIME_DIR: '/onward/runtimes/python',
      TZ: ':UTC',
      AWS_ACCESS_KEY_ID: '111122223333',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
    });
  });

  it('gives Node functions a NODE_PATH with Onward’s node_modules, and OS-only runtimes no AWS_EXECUTION_ENV', () => {
    const node = instanceEnvironment({ ...input, family: 'node', spec: { ...spec, runtime: 'nodejs22.x', environment: {} } });
    expect(node.NODE_PATH).toBe('/onward/node_modules:/code/node_modules:/code');
    expect(node.AWS_EXECUTION_ENV).toBe('AWS_Lambda_nodejs22.x');
    const provided = instanceEnvironment({ ...input, family: 'provided', spec: { ...spec, runtime: 'provided.al2023' } });
    expect(provided.AWS_EXECUTION_ENV).toBeUndefined();
  });
});
