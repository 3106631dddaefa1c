import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { loadCloudFormationApp } from './cloudformation-loader.ts';
import type { LoadOptions } from './load-options.ts';

function load(template: string, options: LoadOptions = {}, extra: Record<string, string> = {}) {
  const dir = tempApp({ 'template.yaml': template, ...extra });
  return { app: loadCloudFormationApp(path.join(dir, 'template.yaml'), { stackName: 'demo', ...options }, 'template.yaml'), dir };
}

const FN = (name = 'Fn', extra = '') => `
  ${name}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { ZipFile: "exports.handler = async () => 1" }${extra}`;

describe('CloudFormation templates', () => {
  it('Parameters: Default, --param overrides, AllowedValues, Number and lists', () => {
    const template = `
Parameters:
  Stage: { Type: String, Default: dev, AllowedValues: [dev, prod] }
  Size: { Type: Number, Default: 256 }
  Names: { Type: CommaDelimitedList, Default: "a,b" }
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "\${Stage}-\${Size}-\${Names}"
      DelaySeconds: !Select [1, !Ref Names]
`;
    expect(load(template).app.queues[0]!.name).toBe('dev-256-a,b');
    expect(load(template, { params: { Stage: 'prod', Names: 'x, 7' } }).app.queues[0]).toMatchObject({
      name: 'prod-256-x,7',
      attributes: { DelaySeconds: '7' },
    });
    expect(load(template).app.stacks[0]).toEqual({
      name: 'demo',
      templateFile: 'template.yaml',
      parameters: { Stage: 'dev', Size: '256', Names: 'a,b' },
    });
    expect(() => load(template, { params: { Stage: 'qa' } })).toThrow(
      'template.yaml: Parameters.Stage: parameter Stage value "qa" is not one of the AllowedValues ["dev","prod"]',
    );
    expect(() => load(template, { params: { Size: 'big' } })).toThrow('parameter Size must be a Number, got "big"');
    expect(() => load('Parameters:\n  Key: { Type: String }\nResources:\n  Q: { Type: AWS::SQS::Queue }\n')).toThrow(
      'template.yaml: Parameters.Key: parameter Key has no Default; pass --param Key=VALUE',
    );
  });

  it('Conditions decide which resources exist; a Ref to a missing one is an error', () => {
    const template = (ref: string) => `
Parameters:
  Stage: { Type: String, Default: dev }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  ProdQueue: { Type: AWS::SQS::Queue, Condition: IsProd, Properties: { QueueName: prod-q } }
  DevQueue: { Type: AWS::SQS::Queue, Condition: IsDev, Properties: { QueueName: dev-q } }
  Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: !If [IsProd, !GetAtt ProdQueue.QueueName, ${ref}] } }
Outputs:
  ProdOnly: { Condition: IsProd, Value: !Ref ProdQueue }
  Always: { Value: !GetAtt Topic.TopicName }
`;
    const dev = load(template('plain')).app;
    expect(dev.queues.map((q) => q.name)).toEqual(['dev-q']);
    expect(dev.topics[0]!.name).toBe('plain');
    expect(dev.outputs).toEqual([{ stack: 'demo', key: 'Always', value: 'plain' }]);
    expect(load(template('plain'), { params: { Stage: 'prod' } }).app.topics[0]!.name).toBe('prod-q');
    expect(() => load(template('!GetAtt ProdQueue.QueueName'))).toThrow(
      'template.yaml: Resources.Topic.Properties.TopicName.Fn::If[2].Fn::GetAtt: Fn::GetAtt ProdQueue.QueueName, which is not created (its Condition is false)',
    );
  });

  it('orders resources by references and DependsOn, and reports cycles', () => {
    const ok = load(`
Resources:
  Sub: { Type: AWS::SNS::Subscription, Properties: { TopicArn: !Ref T, Protocol: sqs, Endpoint: !GetAtt Q.Arn } }
  T: { Type: AWS::SNS::Topic, DependsOn: Q }
  Q: { Type: AWS::SQS::Queue }
`).app;
    expect(ok.subscriptions[0]).toMatchObject({ topicArn: ok.topics[0]!.arn, endpoint: ok.queues[0]!.arn, protocol: 'sqs' });
    expect(() =>
      load(`
Resources:
  A: { Type: AWS::SQS::Queue, Properties: { QueueName: !GetAtt B.QueueName } }
  B: { Type: AWS::SQS::Queue, DependsOn: C }
  C: { Type: AWS::SQS::Queue, Properties: { QueueName: !Sub "\${A.QueueName}-c" } }
`),
    ).toThrow('template.yaml: Resources.A: circular dependency between resources: A -> B -> C -> A');
    expect(() => load('Resources:\n  A: { Type: AWS::SQS::Queue, DependsOn: Nope }\n')).toThrow(
      'Resources.A.DependsOn: Nope is not a resource of this template',
    );
  });

  it('names unnamed resources <stack>-<logicalId>-<suffix>, the same on every load', () => {
    const template = `Resources:${FN('MyFunction')}\n  Q: { Type: AWS::SQS::Queue, Properties: { FifoQueue: true } }\n`;
    const first = load(template, { accountId: '123456789012', region: 'eu-west-1' }).app;
    const second = load(template, { accountId: '123456789012', region: 'eu-west-1' }).app;
    expect(first.functions[0]!.name).toMatch(/^demo-MyFunction-[A-Z0-9]{12}$/);
    expect(first.functions[0]!.arn).toBe(`arn:aws:lambda:eu-west-1:123456789012:function:${first.functions[0]!.name}`);
    expect(first.queues[0]!.name).toMatch(/^demo-Q-[A-Z0-9]{12}\.fifo$/);
    expect(first.queues[0]!.url).toBe(`http://localhost:4566/123456789012/${first.queues[0]!.name}`);
    expect(second.functions[0]!.name).toBe(first.functions[0]!.name);
    const long = load(`Resources:${FN('AVeryLongLogicalIdentifierForAFunctionThatKeepsGoingOnAndOn')}\n`, {
      stackName: 'a-rather-long-stack-name-for-testing',
    }).app;
    expect(long.functions[0]!.name.length).toBeLessThanOrEqual(64);
  });

  it('Lambda functions: defaults, environment, DLQ, reserved concurrency, local code and TypeScript handlers', () => {
    const { app, dir } = load(
      `
Resources:
  Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: dlq } }
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: my-fn
      Runtime: nodejs20.x
      Handler: src/app.handler
      Code: ./code
      MemorySize: 512
      Timeout: 30
      Environment: { Variables: { QUEUE_URL: !Ref Dlq, COUNT: 3 } }
      DeadLetterConfig: { TargetArn: !GetAtt Dlq.Arn }
      ReservedConcurrentExecutions: 2
      Tags: [{ Key: team, Value: payments }]
      TracingConfig: { Mode: Active }
  Py:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: py, Runtime: python3.12, Handler: pkg.mod.handler, Code: ./py }
  Inline:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: inline, Runtime: python3.12, Handler: index.handler, Code: { ZipFile: "def handler(e, c): pass" } }
`,
      {},
      { 'code/src/app.ts': 'export const handler = async () => 1;', 'py/pkg/mod.py': 'def handler(e, c): pass' },
    );
    expect(app.functions[0]).toEqual({
      origin: { stack: 'demo', logicalId: 'Fn' },
      name: 'my-fn',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:my-fn',
      runtime: 'nodejs20.x',
      handler: 'src/app.handler',
      code: {
        kind: 'directory',
        path: path.join(dir, 'code'),
        handlerFile: 'src/app.ts',
        bundle: { entry: 'src/app.ts', exportName: 'handler' },
      },
      memorySizeMb: 512,
      timeoutSeconds: 30,
      environment: { QUEUE_URL: 'http://localhost:4566/000000000000/dlq', COUNT: '3' },
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      reservedConcurrency: 2,
      asyncConfigs: [],
      tags: { team: 'payments' },
    });
    expect(app.functions[1]!.code).toEqual({ kind: 'directory', path: path.join(dir, 'py'), handlerFile: 'pkg/mod.py' });
    expect(app.functions[2]).toMatchObject({
      memorySizeMb: 128,
      timeoutSeconds: 3,
      code: { kind: 'inline', source: 'def handler(e, c): pass', fileName: 'index.py' },
    });
    expect(app.warnings).toEqual([]);
  });

  it('S3 and container image code are unavailable, with a warning', () => {
    const { app } = load(`
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { S3Bucket: my-bucket, S3Key: code.zip } }
  Img:
    Type: AWS::Lambda::Function
    Properties: { PackageType: Image, Code: { ImageUri: "123.dkr.ecr.us-east-1.amazonaws.com/x:latest" } }
`);
    expect(app.functions.map((f) => f.code.kind)).toEqual(['unavailable', 'unavailable']);
    expect(app.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'Resources.Fn.Properties.Code: code in s3://my-bucket/code.zip cannot be fetched; use a local path (Code: ./dir) or a CDK asset',
      'Resources.Img.Properties.Code.ImageUri: container image functions need Docker, which Onward does not use',
    ]);
  });

  it('event invoke configs, versions, aliases and event source mappings', () => {
    const { app } = load(`
Resources:${FN('Fn', '\n      FunctionName: worker')}
  Q: { Type: AWS::SQS::Queue, Properties: { QueueName: jobs } }
  Failures: { Type: AWS::SNS::Topic, Properties: { TopicName: failures } }
  Bus: { Type: AWS::Events::EventBus, Properties: { Name: app-bus } }
  Stream: { Type: AWS::Kinesis::Stream, Properties: { Name: clicks, ShardCount: 2 } }
  V1: { Type: AWS::Lambda::Version, Properties: { FunctionName: !Ref Fn } }
  V2: { Type: AWS::Lambda::Version, DependsOn: V1, Properties: { FunctionName: !GetAtt Fn.Arn, Description: second } }
  Live: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, FunctionVersion: !GetAtt V2.Version, Name: live } }
  Latest:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Fn
      Qualifier: $LATEST
      MaximumRetryAttempts: 1
      MaximumEventAgeInSeconds: 3600
      DestinationConfig:
        OnSuccess: { Destination: !GetAtt Bus.Arn }
        OnFailure: { Destination: !Ref Failures }
  AliasConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: { FunctionName: !Ref Fn, Qualifier: live, MaximumRetryAttempts: 0 }
  SqsMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Live
      EventSourceArn: !GetAtt Q.Arn
      BatchSize: 5
      MaximumBatchingWindowInSeconds: 2
      FunctionResponseTypes: [ReportBatchItemFailures]
      FilterCriteria: { Filters: [{ Pattern: '{"body":{"type":["order"]}}' }, { Pattern: { body: { n: [{ numeric: [">", 1] }] } } }] }
      ScalingConfig: { MaximumConcurrency: 3 }
  KinesisMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: worker
      EventSourceArn: !GetAtt Stream.Arn
      StartingPosition: TRIM_HORIZON
      BisectBatchOnFunctionError: true
      MaximumRetryAttempts: 2
      MaximumRecordAgeInSeconds: 120
      ParallelizationFactor: 2
      Enabled: false
      DestinationConfig: { OnFailure: { Destination: !GetAtt Q.Arn } }
  Perm: { Type: AWS::Lambda::Permission, Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Fn, Principal: sns.amazonaws.com } }
`);
    const fnArn = 'arn:aws:lambda:us-east-1:000000000000:function:worker';
    expect(app.functions[0]!.asyncConfigs).toEqual([
      {
        qualifier: '$LATEST',
        maximumRetryAttempts: 1,
        maximumEventAgeSeconds: 3600,
        onSuccess: { type: 'eventbus', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/app-bus' },
        onFailure: { type: 'sns', arn: 'arn:aws:sns:us-east-1:000000000000:failures' },
      },
      { qualifier: 'live', maximumRetryAttempts: 0 },
    ]);
    expect(app.versions.map((v) => [v.version, v.arn, v.description])).toEqual([
      ['1', `${fnArn}:1`, undefined],
      ['2', `${fnArn}:2`, 'second'],
    ]);
    expect(app.aliases).toEqual([
      {
        origin: { stack: 'demo', logicalId: 'Live' },
        functionName: 'worker',
        name: 'live',
        functionVersion: '2',
        arn: `${fnArn}:live`,
      },
    ]);
    expect(app.streams).toEqual([
      {
        origin: { stack: 'demo', logicalId: 'Stream' },
        name: 'clicks',
        arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks',
        shardCount: 2,
        retentionPeriodHours: 24,
        streamMode: 'PROVISIONED',
      },
    ]);
    const [sqs, kinesis] = app.eventSourceMappings;
    expect(sqs).toMatchObject({
      functionName: 'worker:live',
      eventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs',
      enabled: true,
      batchSize: 5,
      maximumBatchingWindowSeconds: 2,
      functionResponseTypes: ['ReportBatchItemFailures'],
      filterPatterns: ['{"body":{"type":["order"]}}', '{"body":{"n":[{"numeric":[">",1]}]}}'],
      maximumConcurrency: 3,
    });
    expect(sqs!.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(kinesis).toMatchObject({
      functionName: 'worker',
      eventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks',
      enabled: false,
      startingPosition: 'TRIM_HORIZON',
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 2,
      maximumRecordAgeSeconds: 120,
      parallelizationFactor: 2,
      onFailureDestinationArn: 'arn:aws:sqs:us-east-1:000000000000:jobs',
    });
    expect(app.warnings).toEqual([]);
  });

  it('rejects out-of-range async settings and unknown destinations', () => {
    const base = (props: string) =>
      `Resources:${FN()}\n  C:\n    Type: AWS::Lambda::EventInvokeConfig\n    Properties: { FunctionName: !Ref Fn, Qualifier: $LATEST, ${props} }\n`;
    expect(() => load(base('MaximumRetryAttempts: 3'))).toThrow(
      'Resources.C.Properties.MaximumRetryAttempts: must be 0, 1 or 2, got 3',
    );
    expect(() => load(base('MaximumEventAgeInSeconds: 30'))).toThrow('must be between 60 and 21600, got 30');
    expect(() => load(base('DestinationConfig: { OnFailure: { Destination: "arn:aws:dynamodb:us-east-1:1:table/t" } }'))).toThrow(
      'Resources.C.Properties.DestinationConfig.OnFailure.Destination: arn:aws:dynamodb:us-east-1:1:table/t is not the ARN of a Lambda function',
    );
  });

  it('queues with attributes and redrive, topics with inline subscriptions, subscriptions with filters', () => {
    const { app } = load(`
Resources:
  Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: dlq, MessageRetentionPeriod: 1209600 } }
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: work
      VisibilityTimeout: 60
      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3 }
  T:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: orders.fifo
      FifoTopic: true
      DisplayName: Orders
      Subscription: [{ Protocol: sqs, Endpoint: !GetAtt Q.Arn }]
  S:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref T
      Protocol: sqs
      Endpoint: !GetAtt Dlq.Arn
      RawMessageDelivery: 'true'
      FilterPolicyScope: MessageBody
      FilterPolicy: '{"kind":["refund"]}'
      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn }
`);
    expect(app.queues[1]).toMatchObject({
      name: 'work',
      attributes: {
        VisibilityTimeout: '60',
        RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":3}',
      },
      redrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq', maxReceiveCount: 3 },
    });
    expect(app.topics[0]).toMatchObject({ name: 'orders.fifo', attributes: { DisplayName: 'Orders', FifoTopic: 'true' } });
    expect(app.subscriptions.map(({ origin: _o, ...s }) => s)).toEqual([
      {
        topicArn: 'arn:aws:sns:us-east-1:000000000000:orders.fifo',
        protocol: 'sqs',
        endpoint: 'arn:aws:sqs:us-east-1:000000000000:work',
        rawMessageDelivery: false,
      },
      {
        topicArn: 'arn:aws:sns:us-east-1:000000000000:orders.fifo',
        protocol: 'sqs',
        endpoint: 'arn:aws:sqs:us-east-1:000000000000:dlq',
        rawMessageDelivery: true,
        filterPolicy: { kind: ['refund'] },
        filterPolicyScope: 'MessageBody',
        redrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
      },
    ]);
  });

  it('event buses and rules with pattern, schedule, input, transformer, retry policy and DLQ', () => {
    const { app } = load(`
Resources:${FN('Fn', '\n      FunctionName: target')}
  Bus: { Type: AWS::Events::EventBus, Properties: { Name: orders } }
  Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: rule-dlq } }
  OnOrder:
    Type: AWS::Events::Rule
    Properties:
      Name: on-order
      EventBusName: !Ref Bus
      EventPattern: { source: [shop], detail-type: [OrderPlaced] }
      Targets:
        - Id: fn
          Arn: !GetAtt Fn.Arn
          InputTransformer: { InputPathsMap: { id: $.detail.id }, InputTemplate: '{"order": <id>}' }
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 600 }
          DeadLetterConfig: { Arn: !GetAtt Dlq.Arn }
  Tick:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 12 * * ? *)
      State: DISABLED
      Targets: [{ Id: t, Arn: !GetAtt Fn.Arn, Input: '{"a":1}' }, { Id: p, Arn: !GetAtt Fn.Arn, InputPath: $.detail }]
Outputs:
  RuleRef: { Value: !Ref OnOrder }
  RuleArn: { Value: !GetAtt OnOrder.Arn }
`);
    expect(app.eventBuses).toEqual([
      {
        origin: { stack: 'demo', logicalId: 'Bus' },
        name: 'orders',
        arn: 'arn:aws:events:us-east-1:000000000000:event-bus/orders',
      },
    ]);
    expect(app.rules[0]).toEqual({
      origin: { stack: 'demo', logicalId: 'OnOrder' },
      name: 'on-order',
      arn: 'arn:aws:events:us-east-1:000000000000:rule/orders/on-order',
      eventBusName: 'orders',
      eventPattern: { source: ['shop'], 'detail-type': ['OrderPlaced'] },
      state: 'ENABLED',
      targets: [
        {
          id: 'fn',
          arn: 'arn:aws:lambda:us-east-1:000000000000:function:target',
          inputTransformer: { inputPathsMap: { id: '$.detail.id' }, inputTemplate: '{"order": <id>}' },
          retryPolicy: { maximumRetryAttempts: 4, maximumEventAgeSeconds: 600 },
          deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:rule-dlq',
        },
      ],
    });
    expect(app.rules[1]).toMatchObject({ eventBusName: 'default', scheduleExpression: 'cron(0 12 * * ? *)', state: 'DISABLED' });
    expect(app.rules[1]!.targets.map((t) => [t.input, t.inputPath])).toEqual([
      ['{"a":1}', undefined],
      [undefined, '$.detail'],
    ]);
    expect(app.outputs.map((o) => o.value)).toEqual([
      'orders|on-order',
      'arn:aws:events:us-east-1:000000000000:rule/orders/on-order',
    ]);
  });

  it('collects unsupported resource types, properties, attributes and sections into one warning list', () => {
    const { app } = load(`
Rules:
  MyRule: { Assertions: [] }
Resources:
  Bucket: { Type: AWS::S3::Bucket, Properties: { BucketName: b } }
  Table: { Type: AWS::DynamoDB::Table }
  Custom: { Type: Custom::Thing, Properties: { ServiceToken: x } }
  Role: { Type: AWS::IAM::Role, Properties: { RoleName: r } }
  Logs: { Type: AWS::Logs::LogGroup }
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "\${Bucket}-q"
      Shiny: true
  T: { Type: AWS::SNS::Topic, Properties: { TopicName: !GetAtt Q.Whatever } }
Outputs:
  RoleArn: { Value: !GetAtt Role.Arn }
  Imported: { Value: !ImportValue other-stack-queue }
`);
    expect(app.warnings.map((w) => `${w.kind} ${w.path}: ${w.message}`)).toEqual([
      'unsupported-property Rules.MyRule: template rules are not checked',
      'unsupported-resource Resources.Bucket: resource type AWS::S3::Bucket is not supported',
      'unsupported-resource Resources.Table: resource type AWS::DynamoDB::Table is not supported',
      'unsupported-resource Resources.Custom: custom resource Custom::Thing is not run',
      'unsupported-property Resources.Q.Properties.Shiny: AWS::SQS::Queue property Shiny is not supported and is ignored',
      'unsupported-intrinsic Resources.T.Properties.TopicName.Fn::GetAtt: AWS::SQS::Queue Q has no attribute Whatever in Onward (known: Arn, QueueName, QueueUrl)',
      'unsupported-intrinsic Outputs.Imported.Value.Fn::ImportValue: Fn::ImportValue other-stack-queue: no stack of this app exports it; the value is left empty',
    ]);
    expect(app.queues[0]!.name).toMatch(/^demo-Bucket-[A-Z0-9]{12}-q$/);
    expect(app.outputs.find((o) => o.key === 'RoleArn')!.value).toBe('arn:aws:iam::000000000000:role/r');
  });

  it('clear errors for malformed templates', () => {
    expect(() => load('Resources: {}\n')).toThrow('template.yaml: Resources: a template needs at least one resource');
    expect(() => load('- a\n- b\n')).toThrow('template.yaml: is not a CloudFormation template');
    expect(() => load('Resources:\n  Q: { Properties: {} }\n')).toThrow('template.yaml: Resources.Q.Type: is required');
    expect(() =>
      load(`Resources:\n  Fn: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs20.x, Code: { ZipFile: x } } }\n`),
    ).toThrow('template.yaml: Resources.Fn.Properties.Handler: is required');
    expect(() => loadCloudFormationApp('/nonexistent/template.yaml', {}, 'template.yaml')).toThrow(
      'template.yaml: cannot be read',
    );
  });
});
