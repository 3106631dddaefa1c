/**
 * Seed 002 ("Getting started with AWS serverless: Lambda Destinations"): a rule fires a function every
 * minute, the function fails at random, its failure destination is an SNS topic with a queue and an
 * email subscribed. After ten clock minutes (and the retries' three more), every failed invocation has
 * exactly one record in the queue and one email in the outbox, with the rule's input kept; the
 * successes left nothing. Driven with SDK v3, the email confirmed through its SubscribeURL as a reader
 * of the email would.
 */
import { EventBridgeClient, DisableRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateFunctionCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOnward, TEST_ACCOUNT, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let lambda: LambdaClient;
let sns: SNSClient;
let sqs: SQSClient;
let events: EventBridgeClient;
const EMAIL = 'pchol.pro@gmail.com';
const FUNCTION = 'LambdaDestinationsStack-LambdaFunction';
const INPUT = { veryImportantData: 'this should not be lost !!!' };

beforeAll(async () => {
  onward = await startTestOnward();
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  lambda = new LambdaClient(config);
  sns = new SNSClient(config);
  sqs = new SQSClient(config);
  events = new EventBridgeClient(config);
});

afterAll(async () => {
  for (const client of [lambda, sns, sqs, events]) client.destroy();
  await onward.stop();
});

interface OutboxMessage {
  type: string;
  endpoint: string;
  subject?: string;
  body: string;
}

async function outbox(): Promise<OutboxMessage[]> {
  const response = await fetch(`${onward.url}/_onward/outbox?protocol=email`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

async function invocations(status: string): Promise<Array<{ requestId: string }>> {
  const response = await fetch(`${onward.url}/_onward/invocations?function=${FUNCTION}&status=${status}&limit=100`);
  return ((await response.json()) as { invocations: Array<{ requestId: string }> }).invocations;
}

describe('seed 002: a cron-fired function failing at random, failures to SNS -> SQS + email', { timeout: 180_000 }, () => {
  it('keeps one record per failed invocation in the queue and the outbox, with the input intact', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'OnFailureTopic' }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'FailedEventsQueue' }));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:FailedEventsQueue`,
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: EMAIL }));

    // The confirmation email is in the outbox; following its link confirms the subscription.
    const [confirmation] = await outbox();
    expect(confirmation!.endpoint).toBe(EMAIL);
    const subscribeUrl = /(http:\/\/\S+Action=ConfirmSubscription\S+)/.exec(confirmation!.body)?.[1];
    expect(subscribeUrl, confirmation!.body).toBeDefined();
    expect((await fetch(subscribeUrl!)).status).toBe(200);
    const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(Subscriptions!.find((s) => s.Protocol === 'email')!.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));

    const code = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/seeds/002-random-failure/index.js'), 'utf8');
    const { FunctionArn } = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: FUNCTION,
        Runtime: 'nodejs18.x',
        Role: `arn:aws:iam::${TEST_ACCOUNT}:role/lambda-role`,
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': strToU8(code) }) },
      }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: FUNCTION,
        DestinationConfig: { OnFailure: { Destination: TopicArn } },
      }),
    );
    await events.send(new PutRuleCommand({ Name: 'CronTrigger', ScheduleExpression: 'rate(1 minute)' }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'CronTrigger',
        Targets: [{ Id: 'Target0', Arn: FunctionArn, Input: JSON.stringify(INPUT), RetryPolicy: { MaximumRetryAttempts: 1 } }],
      }),
    );

    await onward.advance(600);
    await events.send(new DisableRuleCommand({ Name: 'CronTrigger' }));
    await onward.advance(180); // the last invocations' retries
    const failed = await invocations('failed');
    const succeeded = await invocations('succeeded');
    expect(failed.length + succeeded.length).toBe(10);
    expect(await invocations('queued')).toEqual([]);

    const records: Array<Record<string, any>> = [];
    for (;;) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 0 }),
      );
      if (!Messages?.length) break;
      records.push(...Messages.map((m) => JSON.parse(JSON.parse(m.Body!).Message)));
    }
    expect(records.map((r) => r.requestContext.requestId).sort()).toEqual(failed.map((i) => i.requestId).sort());
    for (const record of records) {
      expect(record).toMatchObject({
        requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: INPUT,
        responsePayload: { errorType: 'Error', errorMessage: 'Something went wrong!' },
      });
    }
    const emails = (await outbox()).filter((m) => m.type !== confirmation!.type);
    expect(emails).toHaveLength(failed.length);
    for (const email of emails) expect(email.body).toContain('this should not be lost !!!');
  });
});
