import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { loadCloudFormationApp } from './cloudformation-loader.ts';
import { parseSamConfig } from './samconfig.ts';

describe('samconfig.toml', () => {
  it('reads the default stack name and parameter overrides', () => {
    const text = [
      'version = 0.1',
      '[default.deploy.parameters]',
      'stack_name = "payments-app"',
      'parameter_overrides = "Stage=\\"prod\\" Email=ops@example.com"',
      '[staging.deploy.parameters]',
      'stack_name = "other"',
    ].join('\n');
    expect(parseSamConfig(text)).toEqual({
      stackName: 'payments-app',
      parameterOverrides: { Stage: 'prod', Email: 'ops@example.com' },
    });
    expect(
      parseSamConfig('[default.deploy.parameters]\nparameter_overrides = ["A=1", "B=two words"]\n').parameterOverrides,
    ).toEqual({ A: '1', B: 'two words' });
  });

  it('gives a template its stack name and parameters; --param and the stack name option win', () => {
    const dir = tempApp({
      'template.yaml':
        'Parameters:\n  Stage: { Type: String, Default: dev }\nResources:\n  Q: { Type: AWS::SQS::Queue, Properties: { QueueName: !Sub "${AWS::StackName}-${Stage}" } }\n',
      'samconfig.toml': '[default.deploy.parameters]\nstack_name = "shop"\nparameter_overrides = "Stage=prod"\n',
    });
    const file = path.join(dir, 'template.yaml');
    expect(loadCloudFormationApp(file).queues[0]!.name).toBe('shop-prod');
    expect(loadCloudFormationApp(file, { stackName: 'cli', params: { Stage: 'qa' } }).queues[0]!.name).toBe('cli-qa');
    expect(loadCloudFormationApp(file).sourceFiles).toEqual([file, path.join(dir, 'samconfig.toml')]);
  });
});
