import { describe, expect, it } from 'vitest';
import { emptyDescription, type AppDescription } from '../app-description.ts';
import type { ApplyReport } from './apply-app.ts';
import { appSummary, arnName, redeployLine } from './app-summary.ts';

const origin = { stack: 'payments-dev', logicalId: 'X' };
const ACCOUNT = '000000000000';
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

function paymentsApp(): AppDescription {
  const app = emptyDescription('serverless', 'payments', 'us-east-1', ACCOUNT);
  app.stage = 'dev';
  app.functions.push({
    origin,
    name: 'payments-dev-process',
    arn: fnArn('payments-dev-process'),
    runtime: 'nodejs20.x',
    handler: 'src/process.handler',
    code: { kind: 'directory', path: '/app' },
    memorySizeMb: 256,
    timeoutSeconds: 6,
    environment: {},
    asyncConfigs: [
      {
        qualifier: '$LATEST',
        maximumRetryAttempts: 0,
        onSuccess: { type: 'sqs', arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:ok` },
        onFailure: { type: 'eventbus', arn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default` },
      },
    ],
    deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dead`,
    tags: {},
  });
  app.topics.push({ origin, name: 'pay', arn: `arn:aws:sns:us-east-1:${ACCOUNT}:pay`, attributes: {}, tags: {} });
  app.subscriptions.push({
    origin,
    topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:pay`,
    protocol: 'lambda',
    endpoint: fnArn('payments-dev-process'),
    rawMessageDelivery: false,
  });
  app.httpRoutes.push({
    origin,
    api: 'rest',
    apiName: 'dev-payments',
    method: 'POST',
    path: '/payment',
    pathParameters: [],
    stage: 'dev',
    integration: { kind: 'sns', topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:pay` },
  });
  return app;
}

const report: ApplyReport = { created: ['a', 'b'], updated: [], removed: [], unchanged: 1, failed: [], notes: [] };

describe('appSummary', () => {
  it('shows each function with its triggers, destinations and DLQ, and routes with their URLs', () => {
    const lines = appSummary(paymentsApp(), report, { endpointUrl: 'http://127.0.0.1:4566', httpUrl: 'http://127.0.0.1:3000' });
    expect(lines).toEqual([
      'payments (serverless, stage dev, us-east-1, account 000000000000)',
      '',
      'Functions',
      '  payments-dev-process  nodejs20.x  src/process.handler',
      '    triggers: sns pay',
      '    async: on success -> sqs ok, on failure -> events default, retries 0',
      '    dead-letter queue -> sqs dead',
      '',
      'Topics',
      '  arn:aws:sns:us-east-1:000000000000:pay  -> lambda payments-dev-process',
      '',
      'HTTP routes on http://127.0.0.1:3000',
      '  POST http://127.0.0.1:3000/dev/payment -> sns pay',
      '',
      'Deployed: 2 created, 1 unchanged.',
    ]);
  });

  it('lists warnings and failures after the counts', () => {
    const app = paymentsApp();
    app.warnings.push({
      kind: 'unsupported-event',
      file: 'serverless.yml',
      path: 'functions.x.events[0].s3',
      message: 'S3 events are not supported',
    });
    const failed: ApplyReport = { ...report, failed: [{ key: 'function f', origin, message: 'boom' }] };
    const lines = appSummary(app, failed, { endpointUrl: 'http://127.0.0.1:4566' });
    expect(lines.slice(-4)).toEqual([
      'Deployed: 2 created, 1 unchanged, 1 failed.',
      'Not supported by Onward, so not deployed (1):',
      '  serverless.yml: functions.x.events[0].s3: S3 events are not supported',
      'Failed: function f (payments-dev X): boom',
    ]);
  });
});

describe('arnName and redeployLine', () => {
  it('names resources by the end of their ARN', () => {
    expect(arnName('arn:aws:sqs:us-east-1:1:q')).toBe('q');
    expect(arnName('arn:aws:events:us-east-1:1:event-bus/b')).toBe('b');
    expect(arnName('arn:aws:lambda:us-east-1:1:function:f:live')).toBe('f:live');
    expect(arnName('not-an-arn')).toBe('not-an-arn');
  });

  it('says what a redeploy changed', () => {
    expect(redeployLine({ ...report, created: ['queue q'], updated: ['function f'], removed: ['topic t'] })).toBe(
      'Redeployed: + queue q; ~ function f; - topic t',
    );
    expect(redeployLine({ ...report, created: [] })).toBe('Redeployed: no resource changed.');
  });
});
