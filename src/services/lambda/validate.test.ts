import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../aws/service-error.ts';
import {
  checkConfigurationChange,
  checkEnvironment,
  checkRuntime,
  checkRuntimeAndHandler,
  readConfigurationChange,
} from './validate.ts';

function thrown(body: () => void): ServiceError {
  try {
    body();
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected an error');
}

describe('runtime', () => {
  it('accepts what Onward runs', () => {
    for (const runtime of [
      'nodejs18.x',
      'nodejs24.x',
      'python3.9',
      'python3.13',
      'provided',
      'provided.al2',
      'provided.al2023',
    ]) {
      expect(() => checkRuntime(runtime)).not.toThrow();
    }
  });

  it('answers AWS errors for deprecated and unknown runtimes, and Onward one for the rest', () => {
    expect(thrown(() => checkRuntime('nodejs14.x'))).toMatchObject({
      code: 'InvalidParameterValueException',
      message:
        'The runtime parameter of nodejs14.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
    });
    const unknown = thrown(() => checkRuntime('PYTHON3.9'));
    expect(unknown.code).toBe('InvalidParameterValueException');
    expect(unknown.message).toMatch(
      /^Value PYTHON3\.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, .*, java8\.al2\] or be a valid ARN$/,
    );
    expect(thrown(() => checkRuntime('ruby3.3')).message).toMatch(/^Onward cannot run the runtime ruby3\.3/);
  });

  it('needs a handler except for provided runtimes', () => {
    expect(() => checkRuntimeAndHandler('provided.al2023', null)).not.toThrow();
    expect(thrown(() => checkRuntimeAndHandler('python3.12', null)).message).toBe(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
    expect(() => checkRuntimeAndHandler(undefined, 'index.handler')).toThrow(ServiceError);
  });
});

describe('configuration members', () => {
  it('reads the given members and leaves the others out', () => {
    const violations: string[] = [];
    expect(
      readConfigurationChange(
        {
          Role: 'arn:aws:iam::000000000000:role/r',
          Handler: 'index.handler',
          Timeout: 900,
          MemorySize: '256',
          Environment: { Variables: { STAGE: 'dev' } },
          DeadLetterConfig: { TargetArn: '' },
        },
        violations,
      ),
    ).toEqual({
      role: 'arn:aws:iam::000000000000:role/r',
      handler: 'index.handler',
      timeoutSeconds: 900,
      memorySizeMb: 256,
      environment: { STAGE: 'dev' },
      deadLetterTargetArn: null,
    });
    expect(violations).toEqual([]);
    expect(readConfigurationChange({ DeadLetterConfig: {} }, violations)).toEqual({});
    expect(readConfigurationChange({ Environment: {} }, violations)).toEqual({ environment: {} });
  });

  it('collects Coral violations in member order', () => {
    const violations: string[] = [];
    readConfigurationChange(
      { Role: 'r1', Handler: 'has space', Timeout: 901, MemorySize: 127, Description: 'x'.repeat(257) },
      violations,
    );
    expect(violations).toEqual([
      String.raw`Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`,
      String.raw`Value 'has space' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\s]+`,
      `Value '${'x'.repeat(257)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`,
      "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
      "Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    ]);
  });

  it('holds memory to 10240 MB and the environment to its rules', () => {
    expect(thrown(() => checkConfigurationChange({ memorySizeMb: 10241 })).message).toBe(
      "'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
    expect(() => checkConfigurationChange({ memorySizeMb: 10240 })).not.toThrow();
    expect(thrown(() => checkEnvironment({ AWS_REGION: 'x', LAMBDA_TASK_ROOT: 'y' })).message).toMatch(
      /Reserved keys used in this request: AWS_REGION, LAMBDA_TASK_ROOT$/,
    );
    // 4 KB measured on the JSON of the variables: {"KEY":""} is 10 bytes plus the value.
    expect(() => checkEnvironment({ KEY: 'x'.repeat(4096 - 10) })).not.toThrow();
    expect(() => checkEnvironment({ KEY: 'x'.repeat(4096 - 9) })).toThrow(/exceeded the 4KB limit/);
  });
});
