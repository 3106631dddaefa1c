import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { loadCdkAssembly } from './cdk-assembly-loader.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../examples/random-failure-cdk/cdk.out');

function stackTemplate(resources: Record<string, unknown>, outputs: Record<string, unknown> = {}) {
  return JSON.stringify({
    Resources: resources,
    Outputs: outputs,
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Rules: { CheckBootstrapVersion: { Assertions: [] } },
  });
}

describe('CDK cloud assembly', () => {
  it('maps Lambda code in the CDK staging bucket to the asset folder through the asset manifest', () => {
    const app = loadCdkAssembly(FIXTURE, {}, 'cdk.out');
    const hash = Object.keys(
      JSON.parse(readFileSync(path.join(FIXTURE, 'LambdaDestinationsStack.assets.json'), 'utf8')).files,
    )[0]!;
    expect(app.format).toBe('cdk');
    expect(app.functions).toHaveLength(1);
    expect(app.functions[0]!.code).toEqual({
      kind: 'directory',
      path: path.join(FIXTURE, `asset.${hash}`),
      handlerFile: 'index.js',
    });
    expect(app.warnings).toEqual([]);
  });

  it('falls back to aws:asset:path metadata, and warns when neither finds the code', () => {
    const dir = tempApp({
      'manifest.json': JSON.stringify({
        version: '55.0.0',
        artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } },
      }),
      'S.template.json': stackTemplate({
        Meta: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Code: { S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, S3Key: 'abc.zip' },
            Handler: 'index.handler',
            Runtime: 'nodejs20.x',
          },
          Metadata: { 'aws:asset:path': 'asset.abc' },
        },
        Lost: {
          Type: 'AWS::Lambda::Function',
          Properties: { Code: { S3Bucket: 'b', S3Key: 'zzz.zip' }, Handler: 'index.handler', Runtime: 'nodejs20.x' },
        },
      }),
      'asset.abc/index.js': 'exports.handler = async () => 1;',
    });
    const app = loadCdkAssembly(dir, {}, 'cdk.out');
    expect(app.functions.map((f) => f.code.kind)).toEqual(['directory', 'unavailable']);
    expect(app.warnings.map((w) => `${w.file}: ${w.path}`)).toEqual(['cdk.out/S.template.json: Resources.Lost.Properties.Code']);
  });

  it('loads nested assemblies (stages) and stacks in dependency order, sharing exports', () => {
    const dir = tempApp({
      'manifest.json': JSON.stringify({
        version: '55.0.0',
        artifacts: {
          Consumer: {
            type: 'aws:cloudformation:stack',
            properties: { templateFile: 'Consumer.template.json', stackName: 'prod-consumer' },
            dependencies: ['Producer'],
          },
          Producer: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Producer.template.json' } },
          Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Stage', displayName: 'Stage' } },
          Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
        },
      }),
      'Producer.template.json': stackTemplate(
        { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shared' } } },
        { Arn: { Value: { 'Fn::GetAtt': ['Q', 'Arn'] }, Export: { Name: 'Producer:QueueArn' } } },
      ),
      'Consumer.template.json': stackTemplate({
        F: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Code: { ZipFile: 'x' },
            Handler: 'index.handler',
            Runtime: 'nodejs20.x',
            DeadLetterConfig: { TargetArn: { 'Fn::ImportValue': 'Producer:QueueArn' } },
          },
        },
      }),
      'assembly-Stage/manifest.json': JSON.stringify({
        version: '55.0.0',
        artifacts: {
          StageStack: {
            type: 'aws:cloudformation:stack',
            properties: { templateFile: 'StageStack.template.json', stackName: 'Stage-StageStack' },
          },
        },
      }),
      'assembly-Stage/StageStack.template.json': stackTemplate({ T: { Type: 'AWS::SNS::Topic' } }),
    });
    const app = loadCdkAssembly(dir, {}, 'cdk.out');
    expect(app.stacks.map((s) => s.name)).toEqual(['Producer', 'prod-consumer', 'Stage-StageStack']);
    expect(app.name).toBe('Producer,prod-consumer,Stage-StageStack');
    expect(app.functions[0]!.deadLetterTargetArn).toBe('arn:aws:sqs:us-east-1:000000000000:shared');
    expect(app.functions[0]!.name).toMatch(/^prod-consumer-F-/);
    expect(app.topics[0]!.name).toMatch(/^Stage-StageStack-T-/);
    expect(app.warnings).toEqual([]);
  });

  it('explains a missing or empty assembly', () => {
    expect(() => loadCdkAssembly(tempApp({ 'x.txt': '' }), {}, 'cdk.out')).toThrow(
      'cdk.out/manifest.json: not found: is this a cdk.out folder? Run `npx cdk synth` first',
    );
    expect(() => loadCdkAssembly(tempApp({ 'manifest.json': '{"version":"55.0.0","artifacts":{}}' }), {}, 'cdk.out')).toThrow(
      'cdk.out/manifest.json: artifacts: the assembly holds no CloudFormation stack',
    );
    expect(() => loadCdkAssembly(tempApp({ 'manifest.json': '{not json' }), {}, 'cdk.out')).toThrow(
      'cdk.out/manifest.json: cannot be read as JSON',
    );
  });
});
