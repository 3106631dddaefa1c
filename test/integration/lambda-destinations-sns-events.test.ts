/**
 * Async records to SNS topics and EventBridge buses, and a function DLQ that is an SNS topic, driven
 * with Debian's AWS CLI (Query for SNS, JSON 1.1 for EventBridge) as a user sets them up: the exact
 * EventBridge strings (source `lambda`, ASCII hyphen, resources [bus ARN, qualified function ARN]),
 * the record as the SNS Message string, and the DLQ attributes through SNS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { startTestOnward, TEST_ACCOUNT, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let workDir: string;
const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/lambda-role`;
const HANDLER = `exports.handler = async (event) => { if (event.fail) throw new Error('no luck'); return { got: event }; };`;

beforeAll(async () => {
  onward = await startTestOnward();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-destinations-'));
  fs.writeFileSync(path.join(workDir, 'fn.zip'), zipSync({ 'index.js': strToU8(HANDLER) }));
});

afterAll(async () => {
  await onward.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function aws(...args: string[]): Promise<any> {
  const result = await runAws('debian', onward.url, args);
  expect(result.status, `aws ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.json;
}

async function createFunction(name: string): Promise<void> {
  await aws(
    'lambda',
    'create-function',
    '--function-name',
    name,
    '--runtime',
    'nodejs20.x',
    '--role',
    ROLE,
    '--handler',
    'index.handler',
    '--zip-file',
    `fileb://${path.join(workDir, 'fn.zip')}`,
  );
}

async function invokeEvent(name: string, payload: string): Promise<void> {
  const result = await aws(
    'lambda',
    'invoke',
    '--function-name',
    name,
    '--invocation-type',
    'Event',
    '--cli-binary-format',
    'raw-in-base64-out',
    '--payload',
    payload,
    path.join(workDir, 'out.json'),
  );
  expect(result.StatusCode).toBe(202);
}

async function queue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await aws('sqs', 'create-queue', '--queue-name', name);
  return { url: QueueUrl, arn: `arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:${name}` };
}

async function drain(
  url: string,
): Promise<Array<{ Body: string; MessageAttributes?: Record<string, { StringValue: string; DataType: string }> }>> {
  const result = await aws(
    'sqs',
    'receive-message',
    '--queue-url',
    url,
    '--max-number-of-messages',
    '10',
    '--message-attribute-names',
    'All',
    '--visibility-timeout',
    '3600',
  );
  return result?.Messages ?? [];
}

describe('destinations on SNS and EventBridge', { timeout: 180_000 }, () => {
  it('publishes the record to a topic: subscribers get it as the Message string, payload bytes as sent', async () => {
    const { TopicArn } = await aws('sns', 'create-topic', '--name', 'records');
    const inbox = await queue('records-inbox');
    await aws('sns', 'subscribe', '--topic-arn', TopicArn, '--protocol', 'sqs', '--notification-endpoint', inbox.arn);
    await createFunction('to-topic');
    await aws(
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      'to-topic',
      '--destination-config',
      JSON.stringify({ OnSuccess: { Destination: TopicArn } }),
    );
    await invokeEvent('to-topic', '{"n":  1}');
    await onward.advance(0);
    const [message] = await drain(inbox.url);
    const envelope = JSON.parse(message!.Body);
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn });
    expect(envelope.Subject).toBeUndefined();
    expect(typeof envelope.Message).toBe('string');
    expect(envelope.Message).toContain('"requestPayload":{"n":  1}');
    expect(JSON.parse(envelope.Message).requestContext).toMatchObject({ condition: 'Success', approximateInvokeCount: 1 });
  });

  it('puts the record on a bus with source lambda, the ASCII-hyphen detail type and [bus, qualified function] resources', async () => {
    await aws('events', 'create-event-bus', '--name', 'results');
    const busArn = `arn:aws:events:us-east-1:${TEST_ACCOUNT}:event-bus/results`;
    const seen = await queue('results-seen');
    await aws(
      'events',
      'put-rule',
      '--name',
      'failures',
      '--event-bus-name',
      'results',
      '--event-pattern',
      JSON.stringify({ source: ['lambda'], 'detail-type': ['Lambda Function Invocation Result - Failure'] }),
    );
    await aws(
      'events',
      'put-targets',
      '--rule',
      'failures',
      '--event-bus-name',
      'results',
      '--targets',
      JSON.stringify([{ Id: 'q', Arn: seen.arn }]),
    );
    await createFunction('to-bus');
    await aws('lambda', 'publish-version', '--function-name', 'to-bus');
    await aws('lambda', 'create-alias', '--function-name', 'to-bus', '--name', 'live', '--function-version', '1');
    await aws(
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      'to-bus',
      '--qualifier',
      'live',
      '--maximum-retry-attempts',
      '0',
      '--destination-config',
      JSON.stringify({ OnFailure: { Destination: busArn } }),
    );
    await invokeEvent('to-bus:live', '{"fail": true}');
    await onward.advance(0);
    const [message, ...more] = await drain(seen.url);
    expect(more).toEqual([]);
    const event = JSON.parse(message!.Body);
    expect(Object.keys(event)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
    expect(event).toMatchObject({
      version: '0',
      source: 'lambda',
      'detail-type': 'Lambda Function Invocation Result - Failure',
      account: TEST_ACCOUNT,
      region: 'us-east-1',
      resources: [busArn, `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:to-bus:live`],
    });
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(event.detail).toMatchObject({
      requestContext: {
        condition: 'RetriesExhausted',
        approximateInvokeCount: 1,
        functionArn: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:to-bus:live`,
      },
      responseContext: { executedVersion: '1', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'no luck' },
    });
  });

  it('sends the dead letter to an SNS topic with RequestID, ErrorCode and ErrorMessage as message attributes', async () => {
    const { TopicArn } = await aws('sns', 'create-topic', '--name', 'dead-letters');
    const raw = await queue('dead-letters-raw');
    const subscription = await aws(
      'sns',
      'subscribe',
      '--topic-arn',
      TopicArn,
      '--protocol',
      'sqs',
      '--notification-endpoint',
      raw.arn,
      '--attributes',
      'RawMessageDelivery=true',
    );
    expect(subscription.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
    await createFunction('dlq-topic');
    await aws(
      'lambda',
      'update-function-configuration',
      '--function-name',
      'dlq-topic',
      '--dead-letter-config',
      `TargetArn=${TopicArn}`,
    );
    await aws('lambda', 'put-function-event-invoke-config', '--function-name', 'dlq-topic', '--maximum-retry-attempts', '0');
    await invokeEvent('dlq-topic', '{ "fail": true }');
    await onward.advance(0);
    const [letter, ...more] = await drain(raw.url);
    expect(more).toEqual([]);
    expect(letter!.Body).toBe('{ "fail": true }');
    const attributes = letter!.MessageAttributes!;
    expect(attributes.ErrorCode).toEqual({ DataType: 'Number', StringValue: '200' });
    expect(attributes.ErrorMessage).toEqual({ DataType: 'String', StringValue: 'no luck' });
    expect(attributes.RequestID!.DataType).toBe('String');
  });

  it('shows a record for a topic or bus that does not exist as not delivered, with the service error', async () => {
    await createFunction('to-nowhere');
    await aws(
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      'to-nowhere',
      '--destination-config',
      JSON.stringify({
        OnSuccess: { Destination: `arn:aws:events:us-east-1:${TEST_ACCOUNT}:event-bus/gone` },
        OnFailure: { Destination: `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:gone` },
      }),
    );
    await invokeEvent('to-nowhere', '{}');
    await onward.advance(0);
    const response = await fetch(`${onward.url}/_onward/invocations?function=to-nowhere`);
    const [invocation] = ((await response.json()) as { invocations: Array<{ outcome: { deliveries: unknown[] } }> }).invocations;
    expect(invocation!.outcome.deliveries).toEqual([
      expect.objectContaining({ kind: 'OnSuccess', delivered: false, error: 'Event bus gone does not exist.' }),
    ]);
    const metrics = await (await fetch(`${onward.url}/_onward/metrics`)).text();
    expect(metrics).toMatch(/^onward_lambda_destination_delivery_failures_total\{[^}]*function="to-nowhere"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^onward_events_matched_events_total \d+$/m);
  });
});
