/**
 * SNS deliveries that leave the request: HTTP/HTTPS endpoints (a node:http server in the test) with the
 * confirmation handshake, AWS headers, retries on the manual clock and the dead-letter queue; and the
 * email/email-json/sms outbox, over HTTP and through `onward outbox`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { runOnward } from '../helpers/process.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let onward: TestOnward;
let sns: SNSClient;
let sqs: SQSClient;
let endpoint: http.Server;
let endpointUrl: string;
let received: Received[] = [];
/** Status the endpoint answers, per path. */
const statusFor = new Map<string, number>();

beforeAll(async () => {
  onward = await startTestOnward();
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  sns = new SNSClient(config);
  sqs = new SQSClient(config);
  endpoint = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url ?? '/', headers: request.headers, body });
      response.statusCode = statusFor.get(request.url ?? '/') ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
});

afterAll(async () => {
  sns.destroy();
  sqs.destroy();
  await new Promise((resolve) => endpoint.close(resolve));
  await onward.stop();
});

beforeEach(() => {
  received = [];
});

async function topic(name: string): Promise<string> {
  return (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
}

/** Waits (real time) for the endpoint to have received `count` posts on `path`. */
async function posts(path: string, count: number): Promise<Received[]> {
  for (let i = 0; i < 200; i++) {
    const matching = received.filter((r) => r.path === path);
    if (matching.length >= count) return matching;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`expected ${count} posts to ${path}, got ${received.filter((r) => r.path === path).length}`);
}

/** Subscribes an HTTP endpoint and confirms it by GETting the SubscribeURL, as a real endpoint would. */
async function subscribeHttp(topicArn: string, path: string, attributes?: Record<string, string>): Promise<string> {
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `${endpointUrl}${path}`, Attributes: attributes }),
  );
  expect(SubscriptionArn).toBe('pending confirmation');
  const [confirmation] = await posts(path, 1);
  const message = JSON.parse(confirmation!.body);
  const answer = await fetch(message.SubscribeURL);
  expect(answer.status).toBe(200);
  const xml = await answer.text();
  return /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(xml)![1]!;
}

describe('http endpoints', () => {
  it('posts a SubscriptionConfirmation with AWS headers and a SubscribeURL that confirms against Onward', async () => {
    const arn = await topic('web');
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'http', Endpoint: `${endpointUrl}/confirm` }));
    const [confirmation] = await posts('/confirm', 1);
    expect(confirmation!.headers).toMatchObject({
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
      'x-amz-sns-topic-arn': arn,
      'content-type': 'text/plain; charset=UTF-8',
    });
    expect(confirmation!.headers['x-amz-sns-subscription-arn']).toBeUndefined();
    const message = JSON.parse(confirmation!.body);
    expect(Object.keys(message)).toEqual([
      'Type',
      'MessageId',
      'Token',
      'TopicArn',
      'Message',
      'SubscribeURL',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
    ]);
    expect(message).toMatchObject({
      Type: 'SubscriptionConfirmation',
      MessageId: confirmation!.headers['x-amz-sns-message-id'],
      TopicArn: arn,
      Message: `You have chosen to subscribe to the topic ${arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    });
    expect(message.SubscribeURL).toBe(
      `${onward.url}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(arn)}&Token=${message.Token}`,
    );
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(listed.Subscriptions![0]!.SubscriptionArn).toBe('PendingConfirmation');
    // Nothing is posted to a pending subscription.
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'too early' }));
    const answer = await fetch(message.SubscribeURL);
    expect(answer.status).toBe(200);
    const subscriptionArn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await answer.text())![1];
    expect(subscriptionArn).toMatch(new RegExp(`^${arn}:`));
    const attributes = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }))).Attributes!;
    expect(attributes.PendingConfirmation).toBe('false');
    expect(received.filter((r) => r.path === '/confirm')).toHaveLength(1);
  });

  it('posts notifications with AWS headers, raw or not', async () => {
    const arn = await topic('web-notify');
    const subscriptionArn = await subscribeHttp(arn, '/notify');
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Message: 'hi',
        Subject: 'S',
        MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } },
      }),
    );
    const [, notification] = await posts('/notify', 2);
    expect(notification!.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': MessageId,
      'x-amz-sns-topic-arn': arn,
      'x-amz-sns-subscription-arn': subscriptionArn,
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
    });
    expect(JSON.parse(notification!.body)).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn: arn,
      Subject: 'S',
      Message: 'hi',
      MessageAttributes: { a: { Type: 'String', Value: 'b' } },
    });
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: 'RawMessageDelivery',
        AttributeValue: 'true',
      }),
    );
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'raw body' }));
    const [, , raw] = await posts('/notify', 3);
    expect(raw!.body).toBe('raw body');
    expect(raw!.headers['x-amz-sns-rawdelivery']).toBe('true');
  });

  it('retries a failing endpoint 3 times 20 s apart on the clock, then moves the message to the DLQ', async () => {
    const arn = await topic('web-retry');
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'web-retry-dlq' }));
    await subscribeHttp(arn, '/flaky', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${TEST_REGION}:000000000000:web-retry-dlq` }),
    });
    statusFor.set('/flaky', 500);
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'keep trying' }));
    await posts('/flaky', 2);
    await onward.advance(19);
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(2);
    await onward.advance(1);
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(3);
    await onward.advance(20);
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(4);
    const none = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(none.Messages).toBeUndefined();
    await onward.advance(20);
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(5);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(JSON.parse(Messages![0]!.Body!)).toMatchObject({ MessageId, Message: 'keep trying' });
    await onward.advance(600);
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(5);
  });

  it('follows a subscription DeliveryPolicy and stops once the endpoint answers 2xx', async () => {
    const arn = await topic('web-policy');
    await subscribeHttp(arn, '/policy', {
      DeliveryPolicy: JSON.stringify({
        healthyRetryPolicy: { numRetries: 5, minDelayTarget: 1, maxDelayTarget: 1, numNoDelayRetries: 1 },
      }),
    });
    statusFor.set('/policy', 503);
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'again' }));
    // The first attempt and the no-delay retry happen at once.
    await posts('/policy', 3);
    await onward.advance(0);
    statusFor.set('/policy', 200);
    await onward.advance(1);
    const count = received.filter((r) => r.path === '/policy').length;
    expect(count).toBe(4);
    await onward.advance(10);
    expect(received.filter((r) => r.path === '/policy')).toHaveLength(count);
  });
});

describe('outbox', () => {
  it('keeps email-json and sms messages and shows them over HTTP and in `onward outbox`', async () => {
    const arn = await topic('people');
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sms', Endpoint: '+15550001111' }));
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'email-json', Endpoint: 'ops@example.com', ReturnSubscriptionArn: true }),
    );
    const confirmation = (await (await fetch(`${onward.url}/_onward/outbox?endpoint=ops%40example.com`)).json()) as {
      messages: Array<{ type: string; body: string }>;
    };
    expect(confirmation.messages).toHaveLength(1);
    const envelope = JSON.parse(confirmation.messages[0]!.body);
    expect(envelope.Type).toBe('SubscriptionConfirmation');
    expect((await fetch(envelope.SubscribeURL)).status).toBe(200);
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!.PendingConfirmation).toBe(
      'false',
    );

    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'Your code is 1234', Subject: 'Code' }));
    const all = (await (await fetch(`${onward.url}/_onward/outbox?topicArn=${encodeURIComponent(arn)}`)).json()) as {
      messages: Array<{ type: string; protocol: string; endpoint: string; body: string; subject?: string }>;
    };
    expect(all.messages.map((m) => [m.protocol, m.type])).toEqual([
      ['email-json', 'Notification'],
      ['sms', 'Notification'],
      ['email-json', 'SubscriptionConfirmation'],
    ]);
    expect(JSON.parse(all.messages[0]!.body)).toMatchObject({
      Type: 'Notification',
      Message: 'Your code is 1234',
      Subject: 'Code',
    });
    expect(all.messages[1]).toMatchObject({ endpoint: '+15550001111', body: 'Your code is 1234', subject: 'Code' });
    const sms = (await (await fetch(`${onward.url}/_onward/outbox?protocol=sms`)).json()) as { messages: unknown[] };
    expect(sms.messages).toHaveLength(1);

    const cli = await runOnward(['outbox', '--endpoint', onward.url, '--protocol', 'sms']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('sms to +15550001111  (Notification)');
    expect(cli.stdout).toContain(`topic:   ${arn}`);
    expect(cli.stdout).toContain('subject: Code');
    expect(cli.stdout).toContain('  Your code is 1234');
    expect(cli.stdout).not.toContain('email-json');
    const empty = await runOnward(['outbox', '--endpoint', onward.url, '--to', 'nobody@example.com']);
    expect(empty.stdout).toContain('The outbox is empty');
  });
});
