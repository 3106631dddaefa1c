import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppDescription } from './app-description.ts';
import { loadApp } from './find-app.ts';
import type { LoadOptions } from './load-options.ts';
import { formatWarnings } from './unsupported.ts';

// The seeds that run as examples are loaded from examples/; the others are fixtures.
const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/apps');
const EXAMPLE_APPS = new Set([
  'payments',
  'sam-walkthrough',
  'random-failure-cdk',
  'destinations-same-service',
  'destinations-arn-based',
  'destinations-stage-based',
]);
const load = (name: string, options: LoadOptions = {}) =>
  loadApp(path.join(EXAMPLE_APPS.has(name) ? EXAMPLES : FIXTURES, name), options);
const ACCOUNT = '000000000000';

/** The description is plain data: what the apply step consumes. */
function expectSerialisable(app: AppDescription): void {
  expect(JSON.parse(JSON.stringify(app))).toEqual(app);
}

describe('seed 000: payments (serverless.yml, POST -> SNS -> processPayment -> success/failure queues)', () => {
  it('describes the whole flow with stage develop by default', () => {
    const app = load('payments');
    expectSerialisable(app);
    expect(app.warnings).toEqual([]);
    const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:payments-develop-payments`;
    const success = `arn:aws:sqs:us-east-1:${ACCOUNT}:payments-develop-payment-success`;
    const failure = `arn:aws:sqs:us-east-1:${ACCOUNT}:payments-develop-payment-failure`;
    expect(app.httpRoutes.map(({ origin: _o, ...r }) => r)).toEqual([
      {
        api: 'rest',
        apiName: 'develop-payments',
        method: 'POST',
        path: '/payment',
        pathParameters: [],
        stage: 'develop',
        integration: { kind: 'sns', topicArn },
      },
    ]);
    expect(app.topics.map((t) => t.arn)).toEqual([topicArn]);
    expect(app.subscriptions.map((s) => [s.topicArn, s.protocol, s.endpoint])).toEqual([
      [topicArn, 'lambda', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:payments-develop-processPayment`],
    ]);
    const processPayment = app.functions.find((f) => f.name === 'payments-develop-processPayment')!;
    expect(processPayment.asyncConfigs).toEqual([
      {
        qualifier: '$LATEST',
        maximumRetryAttempts: 0,
        onSuccess: { type: 'sqs', arn: success },
        onFailure: { type: 'sqs', arn: failure },
      },
    ]);
    expect(processPayment.code).toMatchObject({
      handlerFile: 'src/process-payment.ts',
      bundle: { entry: 'src/process-payment.ts', exportName: 'handler' },
    });
    expect(app.eventSourceMappings.map((m) => [m.functionName, m.eventSourceArn, m.batchSize])).toEqual([
      ['payments-develop-notifyCustomer', success, 1],
      ['payments-develop-failedPaymentsTeam', failure, 1],
    ]);
    expect(app.functions.map((f) => [f.name, f.memorySizeMb, f.timeoutSeconds, f.environment])).toEqual([
      ['payments-develop-processPayment', 256, 6, { STAGE: 'develop' }],
      ['payments-develop-notifyCustomer', 256, 6, { STAGE: 'develop' }],
      ['payments-develop-failedPaymentsTeam', 256, 10, { STAGE: 'develop' }],
    ]);
    expect(app.outputs).toEqual([{ stack: 'payments-develop', key: 'PaymentsTopicArn', value: topicArn }]);
  });

  it('--stage, --region and the account change every name and ARN', () => {
    const app = load('payments', { stage: 'prod', region: 'eu-west-1', accountId: '123456789012' });
    expect(app.functions[0]!.arn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:payments-prod-processPayment');
    expect(app.functions[0]!.asyncConfigs[0]!.onSuccess!.arn).toBe(
      'arn:aws:sqs:eu-west-1:123456789012:payments-prod-payment-success',
    );
    expect(app.httpRoutes[0]!.integration).toEqual({
      kind: 'sns',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:payments-prod-payments',
    });
    expect(app.queues[0]!.url).toBe('http://localhost:4566/123456789012/payments-prod-payment-success');
  });
});

describe('seed 001: destinations walkthrough', () => {
  it('as a SAM template: success to SNS, failure to a function, retries 2, max age from a mapping', () => {
    const app = load('sam-walkthrough');
    expectSerialisable(app);
    expect(app.format).toBe('sam');
    expect(app.warnings).toEqual([]);
    const [main, onFailure] = app.functions;
    expect(main).toMatchObject({ name: 'event-destinations', runtime: 'nodejs20.x', timeoutSeconds: 10, memorySizeMb: 128 });
    expect(main!.environment).toEqual({
      STAGE: 'dev',
      SUCCESS_TOPIC: `arn:aws:sns:us-east-1:${ACCOUNT}:sam-walkthrough-success`,
    });
    expect(main!.asyncConfigs).toEqual([
      {
        qualifier: '$LATEST',
        maximumRetryAttempts: 2,
        maximumEventAgeSeconds: 600,
        onSuccess: { type: 'sns', arn: `arn:aws:sns:us-east-1:${ACCOUNT}:sam-walkthrough-success` },
        onFailure: { type: 'lambda', arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:event-destinations-on-failure-dev` },
      },
    ]);
    expect(onFailure).toMatchObject({ name: 'event-destinations-on-failure-dev', memorySizeMb: 256 });
    expect(app.subscriptions).toEqual([]);
    expect(app.outputs.map((o) => [o.key, o.exportName])).toEqual([
      ['FunctionArn', undefined],
      ['SuccessTopicArn', 'sam-walkthrough-SuccessTopicArn'],
    ]);
  });

  it('parameters switch conditions, mappings and the optional email subscription', () => {
    const app = load('sam-walkthrough', {
      params: { Stage: 'prod', NotificationEmail: 'ops@example.com', RetryAttempts: '0' },
      stackName: 'walkthrough',
    });
    expect(app.functions[0]!.asyncConfigs[0]).toMatchObject({
      maximumRetryAttempts: 0,
      maximumEventAgeSeconds: 3600,
      onFailure: { arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:event-destinations-on-failure-prod` },
    });
    expect(app.functions[1]!.memorySizeMb).toBe(512);
    expect(app.subscriptions.map((s) => [s.topicArn, s.protocol, s.endpoint])).toEqual([
      [`arn:aws:sns:us-east-1:${ACCOUNT}:walkthrough-success`, 'email', 'ops@example.com'],
    ]);
    expect(() => load('sam-walkthrough', { params: { Stage: 'staging' } })).toThrow(
      'template.yaml: Parameters.Stage: parameter Stage value "staging" is not one of the AllowedValues ["dev","prod"]',
    );
  });

  it("as the article's plain CloudFormation with inline code", () => {
    const app = load('cloudformation-walkthrough');
    expectSerialisable(app);
    expect(app.format).toBe('cloudformation');
    expect(app.warnings).toEqual([]);
    expect(app.functions.map((f) => [f.name, f.code.kind])).toEqual([
      ['YourLambdaFunctionWithEventInvokeConfig', 'inline'],
      ['YourLambdaFunctionOnFailure', 'inline'],
    ]);
    expect(app.functions[0]!.asyncConfigs).toEqual([
      {
        qualifier: '$LATEST',
        maximumRetryAttempts: 0,
        maximumEventAgeSeconds: 600,
        onSuccess: { type: 'sns', arn: `arn:aws:sns:us-east-1:${ACCOUNT}:YourSNSTopicOnSuccess` },
        onFailure: { type: 'lambda', arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:YourLambdaFunctionOnFailure` },
      },
    ]);
  });
});

describe('seed 002: random-failure cron (CDK cloud assembly)', () => {
  it('cron rule -> function (1 retry) -> failure topic -> queue and email', () => {
    const app = load('random-failure-cdk');
    expectSerialisable(app);
    expect(app.format).toBe('cdk');
    expect(app.warnings).toEqual([]);
    const fn = app.functions[0]!;
    expect(app.functions).toHaveLength(1);
    expect(fn.name).toMatch(/^LambdaDestinationsStack-LambdaFunctionBF21E41F-[A-Z0-9]{12}$/);
    expect(fn).toMatchObject({
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code: { kind: 'directory', handlerFile: 'index.js' },
    });
    const topic = app.topics[0]!;
    expect(fn.asyncConfigs).toEqual([{ qualifier: '$LATEST', onFailure: { type: 'sns', arn: topic.arn } }]);
    expect(app.rules).toHaveLength(1);
    expect(app.rules[0]).toMatchObject({
      scheduleExpression: 'rate(1 minute)',
      state: 'ENABLED',
      targets: [
        {
          id: 'Target0',
          arn: fn.arn,
          input: '{"veryImportantData":"this should not be lost !!!"}',
          retryPolicy: { maximumRetryAttempts: 1 },
        },
      ],
    });
    expect(app.subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'pchol.pro@gmail.com'],
      ['sqs', app.queues[0]!.arn],
    ]);
    expect(app.stacks).toEqual([
      { name: 'LambdaDestinationsStack', templateFile: 'cdk.out/LambdaDestinationsStack.template.json', parameters: {} },
    ]);
  });
});

describe('seed 003: serverless destinations variants', () => {
  it('same-service functions as destinations', () => {
    const app = load('destinations-same-service');
    expectSerialisable(app);
    expect(app.functions.map((f) => f.name)).toEqual([
      'same-service-destinations-dev-helloStarting',
      'same-service-destinations-dev-helloSuccess',
      'same-service-destinations-dev-helloFailure',
    ]);
    expect(app.functions[0]!.asyncConfigs[0]).toEqual({
      qualifier: '$LATEST',
      onSuccess: {
        type: 'lambda',
        arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:same-service-destinations-dev-helloSuccess`,
      },
      onFailure: {
        type: 'lambda',
        arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:same-service-destinations-dev-helloFailure`,
      },
    });
    expect(app.functions[0]).toMatchObject({
      runtime: 'python3.12',
      memorySizeMb: 1024,
      timeoutSeconds: 6,
      code: { handlerFile: 'handler.py' },
    });
    expect(app.warnings).toEqual([]);
  });

  it('ARN-based destinations: the ARNs as written, account and region from the deployment', () => {
    const app = load('destinations-arn-based');
    expect(app.functions.map((f) => f.name)).toEqual(['arn-based-destinations-dev-helloStarting']);
    expect(app.functions[0]!.asyncConfigs[0]).toEqual({
      qualifier: '$LATEST',
      onSuccess: { type: 'sqs', arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:successQueue` },
      onFailure: { type: 'lambda', arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:failureFunction` },
    });
    expect(app.queues).toEqual([]);
    const elsewhere = load('destinations-arn-based', { accountId: '444455556666', region: 'eu-west-1' });
    expect(elsewhere.functions[0]!.asyncConfigs[0]).toMatchObject({
      onSuccess: { arn: 'arn:aws:sqs:eu-west-1:444455556666:successQueue' },
      onFailure: { arn: 'arn:aws:lambda:eu-west-1:444455556666:function:failureFunction' },
    });
    expect(app.warnings).toEqual([]);
  });

  it('stage-based destinations follow --stage', () => {
    const dev = load('destinations-stage-based');
    const prod = load('destinations-stage-based', { stage: 'prod' });
    expect(dev.functions[0]!.asyncConfigs[0]).toMatchObject({
      onSuccess: { type: 'sqs', arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:successQueue-dev` },
      onFailure: { type: 'sns', arn: `arn:aws:sns:us-east-1:${ACCOUNT}:failureTopic-dev` },
    });
    expect(dev.queues.map((q) => q.name)).toEqual(['successQueue-dev', 'failureQueue-dev']);
    expect(prod.functions[0]!.name).toBe('stage-based-destinations-prod-helloStarting');
    expect(prod.functions[0]!.asyncConfigs[0]).toMatchObject({
      onSuccess: { arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:successQueue-prod` },
      onFailure: { arn: `arn:aws:sns:us-east-1:${ACCOUNT}:failureTopic-prod` },
    });
    expect(prod.topics.map((t) => t.arn)).toEqual([`arn:aws:sns:us-east-1:${ACCOUNT}:failureTopic-prod`]);
    expect(prod.subscriptions.map((s) => [s.topicArn, s.protocol, s.endpoint])).toEqual([
      [`arn:aws:sns:us-east-1:${ACCOUNT}:failureTopic-prod`, 'sqs', `arn:aws:sqs:us-east-1:${ACCOUNT}:failureQueue-prod`],
    ]);
    expect(prod.warnings).toEqual([]);
  });
});

describe('seed 004: S3 upload flow (S3 not in Onward yet)', () => {
  it('loads the function and its destination queues, and lists the S3 parts as unsupported', () => {
    const app = load('s3-upload');
    expect(app.functions.map((f) => f.name)).toEqual(['s3-upload-dev-lambdaS3']);
    expect(app.functions[0]!.asyncConfigs[0]).toEqual({
      qualifier: '$LATEST',
      onSuccess: { type: 'sqs', arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:S3-success` },
      onFailure: { type: 'sqs', arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:S3-failure` },
    });
    expect(formatWarnings(app.warnings)).toBe(
      [
        '2 part(s) of this app are not supported by Onward and were skipped:',
        '  - serverless.yml: functions.lambdaS3.events[0].s3: s3 events are not supported',
        '  - serverless.yml: Resources.UploadsBucketPolicy: resource type AWS::S3::BucketPolicy is not supported',
      ].join('\n'),
    );
  });
});
