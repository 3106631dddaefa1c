import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import type { LoadOptions } from './load-options.ts';
import { loadServerlessApp } from './serverless-loader.ts';

function load(yml: string, options: LoadOptions = {}, files: Record<string, string> = {}) {
  const dir = tempApp({ 'serverless.yml': yml, 'handler.js': 'export const hello = async () => 1;', ...files });
  return { app: loadServerlessApp(path.join(dir, 'serverless.yml'), options, 'serverless.yml'), dir };
}

const head = (provider = '') => `service: shop\nprovider:\n  name: aws\n  runtime: nodejs20.x\n${provider}functions:\n`;

describe('serverless.yml', () => {
  it('names functions <service>-<stage>-<key>, with provider defaults and overrides', () => {
    const { app, dir } = load(
      `${head('  environment:\n    SHARED: a\n    OVERRIDE: provider\n')}  hello:\n    handler: handler.hello\n  custom-name_fn:\n    handler: src/typed.main\n    name: my-own-name\n    runtime: nodejs18.x\n    memorySize: 256\n    timeout: 30\n    environment:\n      OVERRIDE: function\n    reservedConcurrency: 5\n    onError: arn:aws:sqs:us-east-1:000000000000:dlq\n`,
      { stage: 'prod', region: 'eu-west-1' },
      { 'src/typed.ts': 'export const main = async () => 1;' },
    );
    expect(app).toMatchObject({ format: 'serverless', name: 'shop', stage: 'prod', region: 'eu-west-1' });
    expect(app.stacks[0]!.name).toBe('shop-prod');
    expect(app.functions[0]).toEqual({
      origin: { stack: 'shop-prod', logicalId: 'HelloLambdaFunction' },
      name: 'shop-prod-hello',
      arn: 'arn:aws:lambda:eu-west-1:000000000000:function:shop-prod-hello',
      runtime: 'nodejs20.x',
      handler: 'handler.hello',
      code: { kind: 'directory', path: dir, handlerFile: 'handler.js' },
      memorySizeMb: 1024,
      timeoutSeconds: 6,
      environment: { SHARED: 'a', OVERRIDE: 'provider' },
      role: 'arn:aws:iam::000000000000:role/shop-prod-eu-west-1-lambdaRole',
      asyncConfigs: [],
      tags: {},
    });
    expect(app.functions[1]).toMatchObject({
      origin: { logicalId: 'CustomDashnameUnderscorefnLambdaFunction' },
      name: 'my-own-name',
      runtime: 'nodejs18.x',
      memorySizeMb: 256,
      timeoutSeconds: 30,
      environment: { SHARED: 'a', OVERRIDE: 'function' },
      reservedConcurrency: 5,
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      code: { kind: 'directory', path: dir, handlerFile: 'src/typed.ts', bundle: { entry: 'src/typed.ts', exportName: 'main' } },
    });
  });

  it('destinations: a function of the service, an ARN, or {type, arn} with Ref/GetAtt', () => {
    const { app } = load(`${head()}  start:
    handler: handler.hello
    maximumRetryAttempts: 1
    maximumEventAge: 7200
    destinations:
      onSuccess: done
      onFailure: arn:aws:sns:us-east-1:000000000000:alerts
  done:
    handler: handler.hello
    destinations:
      onSuccess: { type: sqs, arn: !GetAtt Results.Arn }
      onFailure: { type: eventBus, arn: { 'Fn::GetAtt': [Bus, Arn] } }
  last:
    handler: handler.hello
    destinations:
      onFailure: { type: sns, arn: { Ref: Topic } }
resources:
  Resources:
    Results: { Type: AWS::SQS::Queue, Properties: { QueueName: results } }
    Bus: { Type: AWS::Events::EventBus, Properties: { Name: app } }
    Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: last-failures } }
`);
    expect(app.functions.map((f) => f.asyncConfigs)).toEqual([
      [
        {
          qualifier: '$LATEST',
          maximumRetryAttempts: 1,
          maximumEventAgeSeconds: 7200,
          onSuccess: { type: 'lambda', arn: 'arn:aws:lambda:us-east-1:000000000000:function:shop-dev-done' },
          onFailure: { type: 'sns', arn: 'arn:aws:sns:us-east-1:000000000000:alerts' },
        },
      ],
      [
        {
          qualifier: '$LATEST',
          onSuccess: { type: 'sqs', arn: 'arn:aws:sqs:us-east-1:000000000000:results' },
          onFailure: { type: 'eventbus', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/app' },
        },
      ],
      [{ qualifier: '$LATEST', onFailure: { type: 'sns', arn: 'arn:aws:sns:us-east-1:000000000000:last-failures' } }],
    ]);
  });

  it('destination errors name the function and the path', () => {
    expect(() => load(`${head()}  a:\n    handler: handler.hello\n    destinations:\n      onSuccess: nope\n`)).toThrow(
      'serverless.yml: functions.a.destinations.onSuccess: "nope" is neither a function of this service (a) nor an ARN',
    );
    expect(() =>
      load(
        `${head()}  a:\n    handler: handler.hello\n    destinations:\n      onFailure: { type: s3, arn: 'arn:aws:s3:::b' }\n`,
      ),
    ).toThrow(
      'functions.a.destinations.onFailure.type: UNSUPPORTED_DESTINATION_TARGET: s3 is not one of function, sns, sqs, eventBus',
    );
    expect(() => load(`${head()}  a:\n    handler: handler.hello\n    destinations:\n      onFailure: { type: sqs }\n`)).toThrow(
      'functions.a.destinations.onFailure.arn: is required with type',
    );
    expect(() => load(`${head()}  a:\n    runtime: nodejs20.x\n`)).toThrow('serverless.yml: functions.a.handler: is required');
  });

  it('http and httpApi events become routes with path parameters', () => {
    const { app } = load(`${head()}  api:
    handler: handler.hello
    events:
      - http: GET users/{id}
      - http:
          path: /files/{proxy+}
          method: any
      - httpApi: 'POST /orders'
      - httpApi: '*'
      - httpApi:
          method: delete
          path: /orders/{orderId}
`);
    expect(app.httpRoutes.map((r) => [r.api, r.apiName, r.method, r.path, r.pathParameters, r.stage])).toEqual([
      ['rest', 'dev-shop', 'GET', '/users/{id}', ['id'], 'dev'],
      ['rest', 'dev-shop', 'ANY', '/files/{proxy+}', ['proxy'], 'dev'],
      ['http', 'dev-shop', 'POST', '/orders', [], undefined],
      ['http', 'dev-shop', 'ANY', '$default', [], undefined],
      ['http', 'dev-shop', 'DELETE', '/orders/{orderId}', ['orderId'], undefined],
    ]);
    expect(app.httpRoutes[0]!.integration).toEqual({
      kind: 'function',
      functionName: 'shop-dev-api',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:shop-dev-api',
    });
  });

  it('sns events by name (creating the topic once) and by ARN, with filter policy and redrive', () => {
    const { app } = load(`${head()}  a:
    handler: handler.hello
    events:
      - sns: orders
      - sns:
          arn: arn:aws:sns:us-east-1:000000000000:external
          filterPolicy: { kind: [refund] }
          filterPolicyScope: MessageBody
          redrivePolicy: { deadLetterTargetRef: Dlq }
  b:
    handler: handler.hello
    events:
      - sns: { topicName: orders, displayName: Orders }
resources:
  Resources:
    Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: sns-dlq } }
`);
    expect(app.topics.map((t) => [t.origin.logicalId, t.name])).toEqual([['SNSTopicOrders', 'orders']]);
    expect(app.subscriptions.map(({ origin, ...s }) => [origin.logicalId, s])).toEqual([
      [
        'ASnsSubscriptionOrders',
        {
          topicArn: 'arn:aws:sns:us-east-1:000000000000:orders',
          protocol: 'lambda',
          endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:shop-dev-a',
          rawMessageDelivery: false,
        },
      ],
      [
        'ASnsSubscriptionExternal',
        {
          topicArn: 'arn:aws:sns:us-east-1:000000000000:external',
          protocol: 'lambda',
          endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:shop-dev-a',
          rawMessageDelivery: false,
          filterPolicy: { kind: ['refund'] },
          filterPolicyScope: 'MessageBody',
          redrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:sns-dlq' },
        },
      ],
      [
        'BSnsSubscriptionOrders',
        {
          topicArn: 'arn:aws:sns:us-east-1:000000000000:orders',
          protocol: 'lambda',
          endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:shop-dev-b',
          rawMessageDelivery: false,
        },
      ],
    ]);
  });

  it('sqs and Kinesis stream events become event source mappings with all their settings', () => {
    const { app } = load(`${head()}  a:
    handler: handler.hello
    events:
      - sqs: arn:aws:sqs:us-east-1:000000000000:plain
      - sqs:
          arn: !GetAtt Jobs.Arn
          batchSize: 3
          maximumBatchingWindow: 10
          functionResponseType: ReportBatchItemFailures
          filterPatterns: [{ body: { kind: [a] } }]
          maximumConcurrency: 4
          enabled: false
      - stream:
          arn: !GetAtt Clicks.Arn
          batchSize: 100
          startingPosition: LATEST
          bisectBatchOnFunctionError: true
          maximumRetryAttempts: 2
          maximumRecordAgeInSeconds: 300
          parallelizationFactor: 2
          functionResponseType: ReportBatchItemFailures
          destinations:
            onFailure: { arn: !GetAtt Jobs.Arn, type: sqs }
      - stream: arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2020
resources:
  Resources:
    Jobs: { Type: AWS::SQS::Queue, Properties: { QueueName: jobs } }
    Clicks: { Type: AWS::Kinesis::Stream, Properties: { Name: clicks } }
`);
    const [plain, jobs, clicks] = app.eventSourceMappings.map(({ origin, uuid: _u, ...m }) => ({ id: origin.logicalId, ...m }));
    expect(plain).toEqual({
      id: 'AEventSourceMappingSQSPlain',
      functionName: 'shop-dev-a',
      eventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:plain',
      enabled: true,
      batchSize: 10,
      functionResponseTypes: [],
      filterPatterns: [],
    });
    expect(jobs).toEqual({
      id: 'AEventSourceMappingSQSJobs',
      functionName: 'shop-dev-a',
      eventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs',
      enabled: false,
      batchSize: 3,
      maximumBatchingWindowSeconds: 10,
      functionResponseTypes: ['ReportBatchItemFailures'],
      filterPatterns: ['{"body":{"kind":["a"]}}'],
      maximumConcurrency: 4,
    });
    expect(clicks).toEqual({
      id: 'AEventSourceMappingKinesisClicks',
      functionName: 'shop-dev-a',
      eventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks',
      enabled: true,
      batchSize: 100,
      startingPosition: 'LATEST',
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 2,
      maximumRecordAgeSeconds: 300,
      parallelizationFactor: 2,
      functionResponseTypes: ['ReportBatchItemFailures'],
      filterPatterns: [],
      onFailureDestinationArn: 'arn:aws:sqs:us-east-1:000000000000:jobs',
    });
    expect(app.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'functions.a.events[3].stream: dynamodb streams are not supported (Kinesis is)',
    ]);
  });

  it('schedule events: string, list, input, inputPath, inputTransformer, enabled, name', () => {
    const { app } = load(`${head()}  cron:
    handler: handler.hello
    events:
      - schedule: rate(10 minutes)
      - schedule:
          rate: [cron(0 12 * * ? *), rate(1 hour)]
          enabled: false
          input: { key: value }
          name: twice
      - schedule:
          rate: rate(2 days)
          inputTransformer: { inputPathsMap: { t: $.time }, inputTemplate: '{"time": <t>}' }
`);
    expect(
      app.rules.map((r) => [
        r.origin.logicalId,
        r.scheduleExpression,
        r.state,
        r.name.startsWith('shop-dev-CronEventsRuleSchedule') ? 'generated' : r.name,
      ]),
    ).toEqual([
      ['CronEventsRuleSchedule1', 'rate(10 minutes)', 'ENABLED', 'generated'],
      ['CronEventsRuleSchedule2', 'cron(0 12 * * ? *)', 'DISABLED', 'twice-2'],
      ['CronEventsRuleSchedule3', 'rate(1 hour)', 'DISABLED', 'twice-3'],
      ['CronEventsRuleSchedule4', 'rate(2 days)', 'ENABLED', 'generated'],
    ]);
    expect(app.rules[1]!.targets).toEqual([
      { id: 'cronSchedule', arn: 'arn:aws:lambda:us-east-1:000000000000:function:shop-dev-cron', input: '{"key":"value"}' },
    ]);
    expect(app.rules[3]!.targets[0]!.inputTransformer).toEqual({
      inputPathsMap: { t: '$.time' },
      inputTemplate: '{"time": <t>}',
    });
  });

  it('eventBridge events: pattern on a named bus (created), ARN bus, schedule, retry policy and DLQ', () => {
    const { app } = load(`${head()}  on:
    handler: handler.hello
    events:
      - eventBridge:
          eventBus: orders
          pattern: { source: [shop], detail-type: [OrderPlaced] }
          inputPath: $.detail
          retryPolicy: { maximumEventAge: 3600, maximumRetryAttempts: 3 }
          deadLetterQueueArn: !GetAtt Dlq.Arn
      - eventBridge:
          eventBus: arn:aws:events:us-east-1:000000000000:event-bus/shared
          pattern: { source: [billing] }
          name: billing-rule
      - eventBridge:
          schedule: rate(5 minutes)
          input: { ping: true }
resources:
  Resources:
    Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: eb-dlq } }
`);
    expect(app.eventBuses.map((b) => b.name)).toEqual(['orders']);
    expect(app.rules.map((r) => [r.name, r.eventBusName, r.eventPattern, r.scheduleExpression])).toEqual([
      ['shop-dev-on-rule-1', 'orders', { source: ['shop'], 'detail-type': ['OrderPlaced'] }, undefined],
      ['billing-rule', 'shared', { source: ['billing'] }, undefined],
      ['shop-dev-on-rule-3', 'default', undefined, 'rate(5 minutes)'],
    ]);
    expect(app.rules[0]!.targets[0]).toEqual({
      id: 'shop-dev-on-rule-1-target',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:shop-dev-on',
      inputPath: '$.detail',
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 3600 },
      deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:eb-dlq',
    });
    expect(app.rules[2]!.targets[0]!.input).toBe('{"ping":true}');
  });

  it('resources: Outputs and Conditions, resources as a list of ${file()} fragments, overrides of compiled resources', () => {
    const { app, dir } = load(
      `${head()}  a:\n    handler: handler.hello\nresources:\n  - \${file(./queues.yml)}\n  - Resources:\n      ALambdaFunction:\n        Properties:\n          MemorySize: 2048\n    Outputs:\n      QueueUrl: { Value: !Ref Q }\n`,
      {},
      { 'queues.yml': 'Resources:\n  Q: { Type: AWS::SQS::Queue, Properties: { QueueName: "${self:service}-q" } }\n' },
    );
    expect(app.queues[0]!.name).toBe('shop-q');
    expect(app.functions[0]!.memorySizeMb).toBe(2048);
    expect(app.outputs).toEqual([{ stack: 'shop-dev', key: 'QueueUrl', value: 'http://localhost:4566/000000000000/shop-q' }]);
    expect(app.sourceFiles).toEqual([path.join(dir, 'serverless.yml'), path.join(dir, 'queues.yml')]);
  });

  it('reads .env.<stage> (else .env) from the service folder; the environment passed in wins', () => {
    const yml = `${head('  stage: ${opt:stage, "dev"}\n  environment:\n    TABLE: ${env:TABLE}\n    MODE: ${env:MODE, "none"}\n')}  a:\n    handler: handler.hello\n`;
    const files = { '.env': 'TABLE=dev-table\nMODE=from-dotenv # comment\n', '.env.prod': 'export TABLE="prod-table"\n' };
    const dev = load(yml, {}, files);
    expect(dev.app.functions[0]!.environment).toEqual({ TABLE: 'dev-table', MODE: 'from-dotenv' });
    expect(dev.app.sourceFiles).toEqual([path.join(dev.dir, 'serverless.yml'), path.join(dev.dir, '.env')]);
    expect(load(yml, { stage: 'prod' }, files).app.functions[0]!.environment).toEqual({ TABLE: 'prod-table', MODE: 'none' });
    expect(load(yml, { env: { TABLE: 'shell' } }, files).app.functions[0]!.environment).toEqual({
      TABLE: 'shell',
      MODE: 'from-dotenv',
    });
  });

  it('lists unsupported events, plugins, provider and function settings as warnings', () => {
    const { app } = load(`service: shop
plugins: [serverless-offline, serverless-step-functions]
provider:
  name: aws
  runtime: nodejs20.x
  vpcEndpointIds: [x]
functions:
  a:
    handler: handler.hello
    provisionedConcurrency: 2
    events:
      - s3: photos
      - websocket: $connect
      - http: { path: x, method: get, integration: lambda }
stepFunctions: {}
`);
    expect(app.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'stepFunctions: stepFunctions is not supported and is ignored',
      'provider.vpcEndpointIds: provider.vpcEndpointIds is not supported and is ignored',
      'plugins: plugin serverless-step-functions is not run; what it adds to the stack is missing',
      'functions.a.provisionedConcurrency: function property provisionedConcurrency is not supported and is ignored',
      'functions.a.events[0].s3: s3 events are not supported',
      'functions.a.events[1].websocket: websocket events are not supported',
      'functions.a.events[2].http.integration: integration lambda is not supported; the route uses lambda-proxy',
    ]);
  });

  it('clear errors for a broken serverless.yml', () => {
    expect(() => load('service: shop\nprovider:\n  name: azure\nfunctions: {}\n')).toThrow(
      'serverless.yml: provider.name: provider azure is not supported; Onward runs AWS apps',
    );
    expect(() => load('provider: { name: aws }\n')).toThrow('serverless.yml: service: is required');
    expect(() => load(`${head('  environment: A=1\n')}  a:\n    handler: handler.hello\n`)).toThrow(
      'serverless.yml: provider.environment: must be a map of names to values',
    );
    expect(() => load('service: shop\nprovider: { name: aws }\n')).toThrow(
      'serverless.yml: functions: the service defines no functions and no resources',
    );
    expect(() => load(`${head()}  a:\n    handler: handler.hello\n    events:\n      - { sqs: x, sns: y }\n`)).toThrow(
      'functions.a.events[0]: an event must have exactly one type',
    );
    expect(() => load(`${head()}  a:\n    handler: handler.hello\n    events:\n      - schedule: { enabled: true }\n`)).toThrow(
      'functions.a.events[0].schedule: a schedule needs rate: rate(...) or cron(...)',
    );
  });
});
