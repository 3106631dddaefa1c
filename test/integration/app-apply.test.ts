/**
 * Applying an app through the service operations: everything it describes exists afterwards as the SDK
 * sees it; applying again changes nothing; an edit changes only what changed; a removal removes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDescription } from '../../src/app/app-description.ts';
import { applyApp, type ApplyReport } from '../../src/app/apply/apply-app.ts';
import { operationResult, type ServiceCall } from '../../src/app/apply/service-call.ts';
import { loadApp } from '../../src/app/find-app.ts';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { tempApp } from '../helpers/temp-app.ts';

const HANDLER = `export const handler = async (event) => ({ greeting: process.env.GREETING, event });\n`;
const TS_HANDLER = `export const handler = async (): Promise<{ bundled: string }> => ({ bundled: 'v1' as string });\n`;

function serverlessYml(extra: { memory: number; withAudit: boolean; greeting: string }): string {
  return `service: shop
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    GREETING: ${extra.greeting}
functions:
  orders:
    handler: orders.handler
    memorySize: ${extra.memory}
    maximumRetryAttempts: 1
    destinations:
      onSuccess:
        type: sqs
        arn: !GetAtt DoneQueue.Arn
      onFailure:
        type: sns
        arn: !Ref FailedTopic
    events:
      - sqs: { arn: !GetAtt OrdersQueue.Arn, batchSize: 5 }
      - schedule: rate(5 minutes)
  typed:
    handler: typed.handler
resources:
  Resources:
    OrdersQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: shop-orders
        VisibilityTimeout: 60
        RedrivePolicy: { deadLetterTargetArn: !GetAtt OrdersDlq.Arn, maxReceiveCount: 3 }
    OrdersDlq:
      Type: AWS::SQS::Queue
      Properties: { QueueName: shop-orders-dlq }
    DoneQueue:
      Type: AWS::SQS::Queue
      Properties: { QueueName: shop-done }
    FailedTopic:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: shop-failed
        Subscription:
          - { Protocol: sqs, Endpoint: !GetAtt DoneQueue.Arn }
${
  extra.withAudit
    ? `    AuditQueue:
      Type: AWS::SQS::Queue
      Properties: { QueueName: shop-audit }
`
    : ''
}`;
}

describe('applying an app', { timeout: 120_000 }, () => {
  let onward: TestOnward;
  let dir: string;
  let call: ServiceCall;
  const clients = () => {
    const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS };
    return {
      lambda: new LambdaClient(config),
      sqs: new SQSClient(config),
      sns: new SNSClient(config),
      events: new EventBridgeClient(config),
    };
  };
  const load = (): AppDescription => loadApp(dir, { endpoint: onward.url, env: {} });
  const apply = (verify = false): Promise<ApplyReport> => applyApp(load(), { call, dataDir: onward.dataDir, verify });

  beforeAll(async () => {
    dir = tempApp({
      'serverless.yml': serverlessYml({ memory: 256, withAudit: true, greeting: 'hello' }),
      'orders.js': HANDLER,
      'typed.ts': TS_HANDLER,
      'package.json': '{"type":"module"}',
    });
    // The data dir inside an ES module app, as `onward up` makes it by default: the CommonJS bundle
    // written there must still load as CommonJS.
    onward = await startTestOnward({ dataDir: path.join(dir, '.onward') });
    call = async (service, operation, input) => operationResult(await onward.call(service, operation, input));
  });
  afterAll(async () => {
    await onward?.stop();
  });

  it('creates every resource the app describes, as the SDK then sees them', async () => {
    const report = await apply();
    expect(report.failed).toEqual([]);
    expect(report.created.length).toBeGreaterThan(8);
    const { lambda, sqs, sns, events } = clients();

    const queues = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'shop-' }));
    expect((queues.QueueUrls ?? []).map((url) => url.split('/').pop()).sort()).toEqual([
      'shop-audit',
      'shop-done',
      'shop-orders',
      'shop-orders-dlq',
    ]);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'shop-orders' }));
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(attributes.Attributes?.VisibilityTimeout).toBe('60');
    expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:shop-orders-dlq',
      maxReceiveCount: 3,
    });

    const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'shop-dev-orders' }));
    expect(configuration.MemorySize).toBe(256);
    expect(configuration.Environment?.Variables?.GREETING).toBe('hello');
    const asyncConfig = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'shop-dev-orders' }));
    expect(asyncConfig.MaximumRetryAttempts).toBe(1);
    expect(asyncConfig.DestinationConfig).toEqual({
      OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:shop-done' },
      OnFailure: { Destination: 'arn:aws:sns:us-east-1:000000000000:shop-failed' },
    });
    const mappings = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'shop-dev-orders' }));
    expect(mappings.EventSourceMappings?.map((m) => [m.EventSourceArn, m.BatchSize])).toEqual([
      ['arn:aws:sqs:us-east-1:000000000000:shop-orders', 5],
    ]);
    const subscriptions = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:shop-failed' }),
    );
    expect(subscriptions.Subscriptions?.map((s) => [s.Protocol, s.Endpoint])).toEqual([
      ['sqs', 'arn:aws:sqs:us-east-1:000000000000:shop-done'],
    ]);
    const rules = await events.send(new ListRulesCommand({}));
    const schedule = rules.Rules?.find((rule) => rule.ScheduleExpression === 'rate(5 minutes)');
    expect(schedule).toBeDefined();
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: schedule!.Name! }));
    expect(targets.Targets?.map((t) => t.Arn)).toEqual(['arn:aws:lambda:us-east-1:000000000000:function:shop-dev-orders']);
  });

  it('bundles a TypeScript handler with esbuild and runs it', async () => {
    const { lambda } = clients();
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'shop-dev-typed' }));
    expect(result.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(result.Payload!).toString())).toEqual({ bundled: 'v1' });
  });

  it('changes nothing when applied again', async () => {
    const report = await apply();
    expect(report).toMatchObject({ created: [], updated: [], removed: [], failed: [] });
    expect(report.unchanged).toBeGreaterThan(8);
  });

  it('after an edit, changes only what changed, removes what was removed, and re-bundles TypeScript', async () => {
    writeFileSync(path.join(dir, 'serverless.yml'), serverlessYml({ memory: 512, withAudit: false, greeting: 'hello' }));
    writeFileSync(path.join(dir, 'typed.ts'), TS_HANDLER.replace("'v1'", "'v2'"));
    const report = await apply();
    expect(report.failed).toEqual([]);
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual(['function arn:aws:lambda:us-east-1:000000000000:function:shop-dev-orders']);
    expect(report.removed).toEqual(['queue arn:aws:sqs:us-east-1:000000000000:shop-audit']);

    const { lambda, sqs } = clients();
    const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'shop-dev-orders' }));
    expect(configuration.MemorySize).toBe(512);
    const queues = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'shop-' }));
    expect(queues.QueueUrls?.some((url) => url.endsWith('/shop-audit'))).toBe(false);
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'shop-dev-typed' }));
    expect(JSON.parse(Buffer.from(result.Payload!).toString())).toEqual({ bundled: 'v2' });
  });

  it('reports a resource Onward refuses, deploys the rest, and retries it on the next apply', async () => {
    writeFileSync(path.join(dir, 'serverless.yml'), serverlessYml({ memory: 20_000, withAudit: true, greeting: 'hello' }));
    const failing = await apply();
    expect(failing.created).toEqual(['queue arn:aws:sqs:us-east-1:000000000000:shop-audit']);
    expect(failing.failed.map((f) => f.key)).toEqual(['function arn:aws:lambda:us-east-1:000000000000:function:shop-dev-orders']);
    expect(failing.failed[0]!.message).toMatch(/'MemorySize' value failed to satisfy constraint/);

    writeFileSync(path.join(dir, 'serverless.yml'), serverlessYml({ memory: 512, withAudit: true, greeting: 'hello' }));
    const fixed = await apply();
    expect(fixed.failed).toEqual([]);
    expect(fixed.updated).toEqual(['function arn:aws:lambda:us-east-1:000000000000:function:shop-dev-orders']);
  });

  it('with verify, creates again what was deleted by hand; without, trusts its state', async () => {
    const { sqs, lambda } = clients();
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'shop-audit' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'shop-dev-typed' }));

    expect(await apply()).toMatchObject({ created: [], updated: [], failed: [] });
    const verified = await apply(true);
    expect(verified.failed).toEqual([]);
    expect(verified.created).toEqual([
      'queue arn:aws:sqs:us-east-1:000000000000:shop-audit',
      'function arn:aws:lambda:us-east-1:000000000000:function:shop-dev-typed',
    ]);
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'shop-dev-typed' }));
    expect(JSON.parse(Buffer.from(result.Payload!).toString())).toEqual({ bundled: 'v2' });
  });
});

const TEMPLATE = (withStream: boolean) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: cfn-fn
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::000000000000:role/r
      Code:
        ZipFile: "exports.handler = async (e) => ({ inline: true, e });"
  FnVersion:
    Type: AWS::Lambda::Version
    Properties: { FunctionName: !Ref Fn }
  LiveAlias:
    Type: AWS::Lambda::Alias
    Properties: { FunctionName: !Ref Fn, Name: live, FunctionVersion: !GetAtt FnVersion.Version }
  LiveConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Fn
      Qualifier: live
      MaximumRetryAttempts: 0
      DestinationConfig: { OnSuccess: { Destination: !GetAtt Sink.Arn } }
  Sink:
    Type: AWS::SQS::Queue
    Properties: { QueueName: cfn-sink }
  Bus:
    Type: AWS::Events::EventBus
    Properties: { Name: cfn-bus }
  Jobs:
    Type: AWS::Scheduler::ScheduleGroup
    Properties: { Name: cfn-jobs }
  Hourly:
    Type: AWS::Scheduler::Schedule
    Properties:
      Name: hourly
      GroupName: !Ref Jobs
      ScheduleExpression: rate(1 hour)
      FlexibleTimeWindow: { Mode: 'OFF' }
      Target: { Arn: !GetAtt Sink.Arn, RoleArn: arn:aws:iam::000000000000:role/r, Input: '{"hourly":true}' }
  OrdersRule:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern: { source: [shop] }
      Targets: [{ Id: sink, Arn: !GetAtt Sink.Arn }]
${
  withStream
    ? `  Stream:
    Type: AWS::Kinesis::Stream
    Properties: { Name: cfn-stream, ShardCount: 2 }
  StreamMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Stream.Arn, StartingPosition: TRIM_HORIZON }
`
    : ''
}`;

describe('applying a CloudFormation template', { timeout: 120_000 }, () => {
  let onward: TestOnward;
  let dir: string;
  let call: ServiceCall;
  const apply = () =>
    applyApp(loadApp(dir, { endpoint: onward.url, env: {}, stackName: 'cfn' }), { call, dataDir: onward.dataDir });

  beforeAll(async () => {
    onward = await startTestOnward();
    call = async (service, operation, input) => operationResult(await onward.call(service, operation, input));
    dir = tempApp({ 'template.yaml': TEMPLATE(true) });
  });
  afterAll(async () => {
    await onward?.stop();
  });

  it('publishes the version, points the alias at it, and configures the alias; streams and rules exist', async () => {
    const report = await apply();
    expect(report.failed).toEqual([]);
    expect(report.notes).toEqual([]);
    const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS };
    const lambda = new LambdaClient(config);
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'cfn-fn', Name: 'live' }));
    expect(alias.FunctionVersion).toBe('1');
    const asyncConfig = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'cfn-fn', Qualifier: 'live' }));
    expect(asyncConfig.DestinationConfig?.OnSuccess?.Destination).toBe('arn:aws:sqs:us-east-1:000000000000:cfn-sink');
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'cfn-fn', Qualifier: 'live', Payload: '{"a":1}' }));
    expect(JSON.parse(Buffer.from(result.Payload!).toString())).toEqual({ inline: true, e: { a: 1 } });
    expect(result.ExecutedVersion).toBe('1');
    const mappings = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'cfn-fn' }));
    expect(mappings.EventSourceMappings?.map((m) => m.EventSourceArn)).toEqual([
      'arn:aws:kinesis:us-east-1:000000000000:stream/cfn-stream',
    ]);
    const events = new EventBridgeClient(config);
    const rules = await events.send(new ListRulesCommand({ EventBusName: 'cfn-bus' }));
    expect(rules.Rules?.map((r) => JSON.parse(r.EventPattern!))).toEqual([{ source: ['shop'] }]);
    const scheduler = new SchedulerClient(config);
    const schedule = await scheduler.send(new GetScheduleCommand({ Name: 'hourly', GroupName: 'cfn-jobs' }));
    expect(schedule).toMatchObject({
      Arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/cfn-jobs/hourly',
      ScheduleExpression: 'rate(1 hour)',
      Target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:cfn-sink', Input: '{"hourly":true}' },
    });
  });

  it('applied again changes nothing; removing the stream removes its mapping first, then the stream', async () => {
    expect(await apply()).toMatchObject({ created: [], updated: [], removed: [], failed: [] });
    writeFileSync(path.join(dir, 'template.yaml'), TEMPLATE(false));
    const report = await apply();
    expect(report.failed).toEqual([]);
    expect(report.removed).toEqual([
      expect.stringMatching(/^event-source-mapping /),
      'stream arn:aws:kinesis:us-east-1:000000000000:stream/cfn-stream',
    ]);
    const lambda = new LambdaClient({ endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mappings = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'cfn-fn' }));
    expect(mappings.EventSourceMappings).toEqual([]);
  });
});
