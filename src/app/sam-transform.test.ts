import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { loadCloudFormationApp } from './cloudformation-loader.ts';
import { mergeGlobals } from './sam-transform.ts';

function load(body: string, globals = '') {
  const dir = tempApp({
    'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n${globals}Resources:\n${body}`,
    'src/index.js': 'exports.handler = async () => 1;',
  });
  return { app: loadCloudFormationApp(path.join(dir, 'template.yaml'), { stackName: 'sam-app' }, 'template.yaml'), dir };
}

const fn = (name: string, props = '') => `
  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/${props}`;

describe('SAM transform', () => {
  it('AWS::Serverless::Function: SAM defaults, CodeUri, InlineCode, DeadLetterQueue, Tags', () => {
    const { app, dir } = load(`${fn(
      'Worker',
      `
      DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }
      Tags: { team: core }`,
    )}
  Inline:
    Type: AWS::Serverless::Function
    Properties: { FunctionName: inline, Handler: index.handler, Runtime: python3.12, InlineCode: "def handler(e, c): pass" }
  Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: dlq } }
`);
    expect(app.format).toBe('sam');
    const worker = app.functions[0]!;
    expect(worker).toMatchObject({
      memorySizeMb: 128,
      timeoutSeconds: 3,
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      tags: { team: 'core' },
      code: { kind: 'directory', path: path.join(dir, 'src'), handlerFile: 'index.js' },
    });
    expect(worker.name).toMatch(/^sam-app-Worker-[A-Z0-9]{12}$/);
    expect(worker.role).toMatch(/^arn:aws:iam::000000000000:role\/sam-app-WorkerRole-/);
    expect(app.functions[1]!.code).toEqual({ kind: 'inline', source: 'def handler(e, c): pass', fileName: 'index.py' });
    expect(() => load(fn('F', '\n      DeadLetterQueue: { Type: Kinesis, TargetArn: x }'))).toThrow(
      'template.yaml: Resources.F.Properties.DeadLetterQueue.Type: must be SQS or SNS, got Kinesis',
    );
  });

  it('Globals.Function: resource values win, maps merge, lists concatenate', () => {
    expect(
      mergeGlobals(
        { Timeout: 10, Environment: { Variables: { A: '1', B: '2' } }, Layers: ['g'] },
        { Timeout: 5, Environment: { Variables: { B: 'x' } }, Layers: ['r'] },
      ),
    ).toEqual({
      Timeout: 5,
      Environment: { Variables: { A: '1', B: 'x' } },
      Layers: ['g', 'r'],
    });
    const { app } = load(
      fn('F', '\n      Environment: { Variables: { OWN: own } }'),
      'Globals:\n  Function:\n    Timeout: 20\n    MemorySize: 512\n    Environment: { Variables: { SHARED: yes } }\n',
    );
    expect(app.functions[0]).toMatchObject({ timeoutSeconds: 20, memorySizeMb: 512, environment: { SHARED: 'yes', OWN: 'own' } });
    const withApi = load(
      fn('F'),
      'Globals:\n  Api:\n    Cors: "\'*\'"\n  SimpleTable:\n    SSESpecification: { SSEEnabled: true }\n',
    ).app;
    expect(withApi.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'Globals.Api.Cors: Globals.Api.Cors is not supported',
      'Globals.SimpleTable: Globals.SimpleTable is not supported',
    ]);
  });

  it('EventInvokeConfig with SAM destination types, auto-created queues and AutoPublishAlias', () => {
    const { app } = load(`${fn('Target', '\n      FunctionName: target')}
  Bus: { Type: AWS::Events::EventBus, Properties: { Name: results } }
${fn(
  'Producer',
  `
      FunctionName: producer
      AutoPublishAlias: live
      EventInvokeConfig:
        MaximumRetryAttempts: 1
        MaximumEventAgeInSeconds: 120
        DestinationConfig:
          OnSuccess: { Type: EventBridge, Destination: !GetAtt Bus.Arn }
          OnFailure: { Type: SQS }`,
).slice(1)}
${fn(
  'Other',
  `
      FunctionName: other
      EventInvokeConfig:
        DestinationConfig:
          OnSuccess: { Type: Lambda, Destination: !GetAtt Target.Arn }
          OnFailure: { Type: SNS }`,
).slice(1)}
Outputs:
  Queue: { Value: !GetAtt Producer.DestinationQueue.Arn }
  Alias: { Value: !Ref Producer.Alias }
`);
    const producer = app.functions.find((f) => f.name === 'producer')!;
    expect(producer.asyncConfigs).toEqual([
      {
        qualifier: 'live',
        maximumRetryAttempts: 1,
        maximumEventAgeSeconds: 120,
        onSuccess: { type: 'eventbus', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/results' },
        onFailure: { type: 'sqs', arn: app.queues[0]!.arn },
      },
    ]);
    expect(app.queues[0]!.name).toMatch(/^sam-app-ProducerEventInvokeConfigOnFailureQueue-/);
    expect(app.versions).toMatchObject([{ functionName: 'producer', version: '1' }]);
    expect(app.aliases).toMatchObject([
      {
        functionName: 'producer',
        name: 'live',
        functionVersion: '1',
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:producer:live',
      },
    ]);
    expect(app.outputs.map((o) => o.value)).toEqual([
      app.queues[0]!.arn,
      'arn:aws:lambda:us-east-1:000000000000:function:producer:live',
    ]);
    const other = app.functions.find((f) => f.name === 'other')!;
    expect(other.asyncConfigs[0]).toMatchObject({
      qualifier: '$LATEST',
      onSuccess: { type: 'lambda', arn: 'arn:aws:lambda:us-east-1:000000000000:function:target' },
      onFailure: { type: 'sns' },
    });
    expect(app.topics[0]!.name).toMatch(/^sam-app-OtherEventInvokeConfigOnFailureTopic-/);
  });

  it('EventInvokeConfig errors: unknown Type, Lambda without Destination, S3 on success', () => {
    const config = (d: string) => fn('F', `\n      EventInvokeConfig:\n        DestinationConfig:\n          ${d}`);
    expect(() => load(config('OnSuccess: { Type: Kinesis, Destination: x }'))).toThrow(
      'Resources.F.Properties.EventInvokeConfig.DestinationConfig.OnSuccess.Type: must be one of SQS, SNS, S3, Lambda, EventBridge, got Kinesis',
    );
    expect(() => load(config('OnFailure: { Type: Lambda }'))).toThrow('OnFailure.Destination: is required for Type Lambda');
    expect(() => load(config('OnSuccess: { Type: S3, Destination: arn:aws:s3:::b }'))).toThrow(
      'S3 is only a destination for OnFailure',
    );
  });

  it('Events: SQS, SNS (with SqsSubscription), Schedule, EventBridgeRule, Kinesis, Api, HttpApi', () => {
    const { app } = load(`${fn(
      'Fn',
      `
      FunctionName: handler
      Events:
        Jobs:
          Type: SQS
          Properties: { Queue: !GetAtt Q.Arn, BatchSize: 7, FunctionResponseTypes: [ReportBatchItemFailures], ScalingConfig: { MaximumConcurrency: 2 } }
        Note:
          Type: SNS
          Properties: { Topic: !Ref T, FilterPolicy: { kind: [a] }, FilterPolicyScope: MessageAttributes }
        Buffered:
          Type: SNS
          Properties: { Topic: !Ref T, SqsSubscription: true }
        Cron:
          Type: Schedule
          Properties: { Schedule: rate(5 minutes), Input: '{"x":1}', Enabled: false, RetryPolicy: { MaximumRetryAttempts: 0 } }
        Orders:
          Type: EventBridgeRule
          Properties:
            EventBusName: orders
            Pattern: { source: [shop] }
            InputPath: $.detail
            DeadLetterConfig: { Arn: !GetAtt Q.Arn }
        Clicks:
          Type: Kinesis
          Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST, BisectBatchOnFunctionError: true, DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Q.Arn } } }
        Get:
          Type: Api
          Properties: { Path: '/items/{id}', Method: get }
        Any:
          Type: HttpApi`,
    )}
  Q: { Type: AWS::SQS::Queue, Properties: { QueueName: q } }
  T: { Type: AWS::SNS::Topic, Properties: { TopicName: t } }
  S: { Type: AWS::Kinesis::Stream, Properties: { Name: s } }
Outputs:
  Url: { Value: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/items" }
`);
    const fnArn = 'arn:aws:lambda:us-east-1:000000000000:function:handler';
    expect(app.eventSourceMappings.map((m) => [m.origin.logicalId, m.eventSourceArn])).toEqual([
      ['FnJobs', 'arn:aws:sqs:us-east-1:000000000000:q'],
      ['FnBufferedEventSourceMapping', app.queues.find((q) => q.origin.logicalId === 'FnBufferedQueue')!.arn],
      ['FnClicks', 'arn:aws:kinesis:us-east-1:000000000000:stream/s'],
    ]);
    expect(app.eventSourceMappings[0]).toMatchObject({
      batchSize: 7,
      functionResponseTypes: ['ReportBatchItemFailures'],
      maximumConcurrency: 2,
    });
    expect(app.eventSourceMappings[2]).toMatchObject({
      startingPosition: 'LATEST',
      bisectBatchOnFunctionError: true,
      onFailureDestinationArn: 'arn:aws:sqs:us-east-1:000000000000:q',
    });
    expect(app.subscriptions.map((s) => [s.protocol, s.endpoint, s.filterPolicy, s.filterPolicyScope])).toEqual([
      ['lambda', fnArn, { kind: ['a'] }, 'MessageAttributes'],
      ['sqs', app.queues.find((q) => q.origin.logicalId === 'FnBufferedQueue')!.arn, undefined, undefined],
    ]);
    expect(app.rules[0]).toMatchObject({
      scheduleExpression: 'rate(5 minutes)',
      state: 'DISABLED',
      targets: [{ id: 'FnCronLambdaTarget', arn: fnArn, input: '{"x":1}', retryPolicy: { maximumRetryAttempts: 0 } }],
    });
    expect(app.rules[1]).toMatchObject({
      eventBusName: 'orders',
      eventPattern: { source: ['shop'] },
      targets: [{ inputPath: '$.detail', deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:q' }],
    });
    expect(app.httpRoutes.map(({ origin: _o, ...r }) => r)).toEqual([
      {
        api: 'rest',
        apiName: 'ServerlessRestApi',
        method: 'GET',
        path: '/items/{id}',
        pathParameters: ['id'],
        stage: 'Prod',
        integration: { kind: 'function', functionName: 'handler', functionArn: fnArn },
      },
      {
        api: 'http',
        apiName: 'ServerlessHttpApi',
        method: 'ANY',
        path: '$default',
        pathParameters: [],
        integration: { kind: 'function', functionName: 'handler', functionArn: fnArn },
      },
    ]);
    expect(app.outputs[0]!.value).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/Prod\/items$/);
    expect(app.warnings).toEqual([]);
  });

  it('explicit AWS::Serverless::Api gives its StageName to routes; unsupported events and properties warn', () => {
    const { app } = load(`
  MyApi: { Type: AWS::Serverless::Api, Properties: { StageName: v1 } }
${fn(
  'Fn',
  `
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 }
      Events:
        Get: { Type: Api, Properties: { Path: /, Method: any, RestApiId: !Ref MyApi } }
        Upload: { Type: S3, Properties: { Bucket: !Ref B, Events: s3:ObjectCreated:* } }`,
).slice(1)}
  B: { Type: AWS::S3::Bucket }
  Table: { Type: AWS::Serverless::SimpleTable }
`);
    expect(app.httpRoutes[0]).toMatchObject({ apiName: 'MyApi', method: 'ANY', path: '/', stage: 'v1' });
    expect(app.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'Resources.Fn.Properties.ProvisionedConcurrencyConfig: AWS::Serverless::Function property ProvisionedConcurrencyConfig is not supported and is ignored',
      'Resources.Fn.Properties.Events.Upload: S3 events are not supported',
      'Resources.B: resource type AWS::S3::Bucket is not supported',
      'Resources.Table: resource type AWS::Serverless::SimpleTable is not supported',
    ]);
  });
});
