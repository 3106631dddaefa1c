/** SNS through @aws-sdk/client-sns (Query protocol), as an application uses it, with SQS and Lambda subscribers. */
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SNSServiceException,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { DeleteQueueCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { CreateFunctionCommand, LambdaClient, PutFunctionEventInvokeConfigCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { createQueue } from '../helpers/queues.ts';

const ACCOUNT = '000000000000';
const TOPIC_PREFIX = `arn:aws:sns:${TEST_REGION}:${ACCOUNT}:`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;

let onward: TestOnward;
let sns: SNSClient;
let sqs: SQSClient;
let lambda: LambdaClient;

beforeAll(async () => {
  onward = await startTestOnward();
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  sns = new SNSClient(config);
  sqs = new SQSClient(config);
  lambda = new LambdaClient(config);
});

afterAll(async () => {
  sns.destroy();
  sqs.destroy();
  lambda.destroy();
  await onward.stop();
});

async function topic(name: string, attributes?: Record<string, string>): Promise<string> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }));
  return TopicArn!;
}

const queue = (name: string, attributes?: Record<string, string>) => createQueue(sqs, name, attributes);

async function subscribeQueue(topicArn: string, queueArn: string, attributes?: Record<string, string>): Promise<string> {
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: attributes }),
  );
  return SubscriptionArn!;
}

async function receive(url: string, waitSeconds = 0): Promise<Message[]> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      VisibilityTimeout: 600,
    }),
  );
  return Messages ?? [];
}

async function rejection(promise: Promise<unknown>): Promise<SNSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as SNSServiceException;
  }
  throw new Error('expected the call to fail');
}

async function expectError(promise: Promise<unknown>, name: string, message: string | RegExp, status = 400): Promise<void> {
  const error = await rejection(promise);
  expect(error.name).toBe(name);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(error.$metadata.httpStatusCode).toBe(status);
}

describe('topics', () => {
  it('creates a topic idempotently and refuses the same name with other attributes', async () => {
    const arn = await topic('orders', { DisplayName: 'Orders' });
    expect(arn).toBe(`${TOPIC_PREFIX}orders`);
    expect(await topic('orders', { DisplayName: 'Orders' })).toBe(arn);
    expect(await topic('orders')).toBe(arn);
    await expectError(
      topic('orders', { DisplayName: 'Other' }),
      'InvalidParameterException',
      'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    );
    await expectError(topic('bad name!'), 'InvalidParameterException', 'Invalid parameter: Topic Name');
    await expectError(topic('x'.repeat(257)), 'InvalidParameterException', 'Invalid parameter: Topic Name');
    await expectError(
      topic('plain', { FifoTopic: 'true' }),
      'InvalidParameterException',
      /Fifo Topic names must end with \.fifo/,
    );
    await expectError(topic('nofifo.fifo'), 'InvalidParameterException', 'Invalid parameter: Topic Name');
    await expectError(topic('attrs', { Colour: 'red' }), 'InvalidParameterException', 'Invalid parameter: AttributeName');
    await expectError(
      topic('cbd', { ContentBasedDeduplication: 'true' }),
      'InvalidParameterException',
      'Invalid parameter: ContentBasedDeduplication Reason: Content based deduplication can only be set for FIFO topics',
    );
    const { Topics } = await sns.send(new ListTopicsCommand({}));
    expect(Topics!.map((t) => t.TopicArn)).not.toContain(`${TOPIC_PREFIX}attrs`);
  });

  it('reports every attribute AWS reports and changes them with SetTopicAttributes', async () => {
    const arn = await topic('attributes-topic');
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(Attributes).toEqual({
      Policy: expect.any(String),
      DisplayName: '',
      TopicArn: arn,
      Owner: ACCOUNT,
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: expect.any(String),
    });
    expect(JSON.parse(Attributes!.Policy!)).toMatchObject({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [{ Effect: 'Allow', Resource: arn, Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } }],
    });
    expect(JSON.parse(Attributes!.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy).toEqual({
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    });
    await sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: 'Shown' }));
    await sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'SignatureVersion', AttributeValue: '2' }));
    const after = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!;
    expect(after.DisplayName).toBe('Shown');
    expect(after.SignatureVersion).toBe('2');
    await expectError(
      sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'FifoTopic', AttributeValue: 'true' })),
      'InvalidParameterException',
      'Invalid parameter: AttributeName',
    );
    await expectError(
      sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'SignatureVersion', AttributeValue: '3' })),
      'InvalidParameterException',
      'Invalid parameter: SignatureVersion',
    );
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!.SignatureVersion).toBe('2');
    await expectError(
      sns.send(new GetTopicAttributesCommand({ TopicArn: `${TOPIC_PREFIX}missing` })),
      'NotFoundException',
      'Topic does not exist',
      404,
    );
    await expectError(
      sns.send(new GetTopicAttributesCommand({ TopicArn: 'not-an-arn' })),
      'InvalidParameterException',
      'Invalid parameter: TopicArn',
    );
  });

  it('creates FIFO topics with their attributes', async () => {
    const arn = await topic('events.fifo', { FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(Attributes).toMatchObject({ FifoTopic: 'true', ContentBasedDeduplication: 'true', TopicArn: arn });
  });

  it('pages ListTopics 100 at a time', async () => {
    for (let i = 0; i < 105; i++) await topic(`paged-${String(i).padStart(3, '0')}`);
    const first = await sns.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeTruthy();
    const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    expect(second.NextToken).toBeUndefined();
    const all = [...first.Topics!, ...second.Topics!].map((t) => t.TopicArn);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((arn) => arn!.includes(':paged-'))).toHaveLength(105);
    await expectError(
      sns.send(new ListTopicsCommand({ NextToken: 'garbage' })),
      'InvalidParameterException',
      'Invalid parameter: NextToken',
    );
  });

  it('tags, untags and lists tags', async () => {
    const arn = (await sns.send(new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'team', Value: 'a' }] }))).TopicArn!;
    await sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: 'team', Value: 'a' },
      { Key: 'env', Value: 'dev' },
    ]);
    await sns.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'dev' }]);
    await expectError(
      sns.send(new ListTagsForResourceCommand({ ResourceArn: `${TOPIC_PREFIX}nope` })),
      'ResourceNotFoundException',
      'Resource does not exist',
      404,
    );
    await expectError(
      sns.send(new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }] })),
      'InvalidParameterException',
      'Invalid parameter: Tags Reason: Topic already exists with different tags',
    );
  });

  it('deletes topics idempotently, with their subscriptions', async () => {
    const arn = await topic('doomed');
    const q = await queue('doomed-queue');
    const subscriptionArn = await subscribeQueue(arn, q.arn);
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    await expectError(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })),
      'NotFoundException',
      'Subscription does not exist',
      404,
    );
    await expectError(
      sns.send(new PublishCommand({ TopicArn: arn, Message: 'x' })),
      'NotFoundException',
      'Topic does not exist',
      404,
    );
  });
});

describe('subscriptions', () => {
  it('subscribes a queue (confirmed at once), idempotently, and refuses other attributes for the same endpoint', async () => {
    const arn = await topic('subs');
    const q = await queue('subs-queue');
    const subscriptionArn = await subscribeQueue(arn, q.arn);
    expect(subscriptionArn).toMatch(new RegExp(`^${arn}:[0-9a-f-]{36}$`));
    expect(await subscribeQueue(arn, q.arn)).toBe(subscriptionArn);
    await expectError(
      subscribeQueue(arn, q.arn, { RawMessageDelivery: 'true' }),
      'InvalidParameterException',
      'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
    );
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
    expect(Attributes).toEqual({
      ConfirmationWasAuthenticated: 'true',
      PendingConfirmation: 'false',
      Owner: ACCOUNT,
      RawMessageDelivery: 'false',
      TopicArn: arn,
      Endpoint: q.arn,
      Protocol: 'sqs',
      SubscriptionPrincipal: `arn:aws:iam::${ACCOUNT}:root`,
      SubscriptionArn: subscriptionArn,
    });
    const topicAttributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!;
    expect(topicAttributes.SubscriptionsConfirmed).toBe('1');
  });

  it('refuses bad protocols and endpoints with AWS messages, creating nothing', async () => {
    const arn = await topic('subs-bad');
    const subscribe = (Protocol: string, Endpoint: string, Attributes?: Record<string, string>) =>
      sns.send(new SubscribeCommand({ TopicArn: arn, Protocol, Endpoint, Attributes }));
    await expectError(
      subscribe('carrier-pigeon', 'x'),
      'InvalidParameterException',
      'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon',
    );
    await expectError(
      subscribe('firehose', 'arn:aws:firehose:us-east-1:000000000000:deliverystream/x'),
      'InvalidParameterException',
      /Onward does not emulate the firehose protocol/,
    );
    await expectError(
      subscribe('application', 'arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/x'),
      'InvalidParameterException',
      /Onward does not emulate the application protocol/,
    );
    await expectError(
      subscribe('sqs', `${onward.url}/000000000000/q`),
      'InvalidParameterException',
      'Invalid parameter: SQS endpoint ARN',
    );
    await expectError(subscribe('lambda', 'my-function'), 'InvalidParameterException', 'Invalid parameter: Lambda endpoint ARN');
    await expectError(
      subscribe('http', 'https://example.com'),
      'InvalidParameterException',
      'Invalid parameter: Endpoint must match the specified protocol',
    );
    await expectError(subscribe('email', 'not-an-address'), 'InvalidParameterException', 'Invalid parameter: Email address');
    await expectError(
      subscribe('sqs', 'arn:aws:sqs:us-east-1:000000000000:q', { RawMessageDelivery: 'yes' }),
      'InvalidParameterException',
      'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [yes]. Must be true or false.',
    );
    await expectError(
      subscribe('email', 'a@example.com', { RawMessageDelivery: 'true' }),
      'InvalidParameterException',
      'Invalid parameter: Attributes Reason: Delivery protocol [email] does not support raw message delivery.',
    );
    await expectError(
      subscribe('sqs', 'arn:aws:sqs:us-east-1:000000000000:q', { FilterPolicy: '{"a": [' }),
      'InvalidParameterException',
      /^Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON\./,
    );
    await expectError(
      subscribe('sqs', 'arn:aws:sqs:us-east-1:000000000000:q', {
        FilterPolicy: '{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}',
      }),
      'InvalidParameterException',
      'Invalid parameter: Attributes Reason: FilterPolicy: Filter policy can not have more than 5 keys',
    );
    await expectError(
      subscribe('sqs', 'arn:aws:sqs:us-east-1:000000000000:q', { FilterPolicyScope: 'Body' }),
      'InvalidParameterException',
      'Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes',
    );
    await expectError(
      subscribe('sqs', 'arn:aws:sqs:us-east-1:000000000000:q', { RedrivePolicy: '{"deadLetterTargetArn":"nope"}' }),
      'InvalidParameterException',
      /^Invalid parameter: Attributes Reason: RedrivePolicy: Invalid deadLetterTargetArn/,
    );
    await expectError(
      sns.send(
        new SubscribeCommand({
          TopicArn: `${TOPIC_PREFIX}absent`,
          Protocol: 'sqs',
          Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q',
        }),
      ),
      'NotFoundException',
      'Topic does not exist',
      404,
    );
    const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(Subscriptions).toEqual([]);
  });

  it('keeps email subscriptions pending until confirmed with the token of the outbox confirmation', async () => {
    const arn = await topic('mail');
    const pending = await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'email', Endpoint: 'dev@example.com' }));
    expect(pending.SubscriptionArn).toBe('pending confirmation');
    const withArn = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'email', Endpoint: 'dev@example.com', ReturnSubscriptionArn: true }),
    );
    expect(withArn.SubscriptionArn).toMatch(new RegExp(`^${arn}:`));
    const listed = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions!;
    expect(listed).toEqual([
      { SubscriptionArn: 'PendingConfirmation', Owner: ACCOUNT, Protocol: 'email', Endpoint: 'dev@example.com', TopicArn: arn },
    ]);
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!.SubscriptionsPending).toBe('1');

    const outbox = (await (await fetch(`${onward.url}/_onward/outbox?topicArn=${encodeURIComponent(arn)}`)).json()) as {
      messages: Array<{ type: string; body: string; subject: string; endpoint: string }>;
    };
    expect(outbox.messages).toHaveLength(1);
    expect(outbox.messages[0]).toMatchObject({
      type: 'SubscriptionConfirmation',
      endpoint: 'dev@example.com',
      subject: 'AWS Notifications - Subscription Confirmation',
    });
    const url = /(http:\/\/\S+)/.exec(outbox.messages[0]!.body)![1]!;
    const token = new URL(url).searchParams.get('Token')!;
    await expectError(
      sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: 'wrong' })),
      'InvalidParameterException',
      'Invalid parameter: Invalid token',
    );
    const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: token }));
    expect(confirmed.SubscriptionArn).toBe(withArn.SubscriptionArn);
    const attributes = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: confirmed.SubscriptionArn })))
      .Attributes!;
    expect(attributes.PendingConfirmation).toBe('false');

    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'Hello by mail', Subject: 'Greetings' }));
    const after = (await (
      await fetch(`${onward.url}/_onward/outbox?topicArn=${encodeURIComponent(arn)}&protocol=email`)
    ).json()) as {
      messages: Array<{ type: string; body: string; subject: string }>;
    };
    expect(after.messages[0]).toMatchObject({ type: 'Notification', body: 'Hello by mail', subject: 'Greetings' });
    expect(after.messages).toHaveLength(2);
  });

  it('lists subscriptions with paging and unsubscribes idempotently', async () => {
    const arn = await topic('many-subs');
    const arns: string[] = [];
    for (let i = 0; i < 102; i++) {
      const { SubscriptionArn } = await sns.send(
        new SubscribeCommand({ TopicArn: arn, Protocol: 'sms', Endpoint: `+1555000${String(i).padStart(4, '0')}` }),
      );
      arns.push(SubscriptionArn!);
    }
    const first = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(first.Subscriptions).toHaveLength(100);
    const second = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn, NextToken: first.NextToken }));
    expect([...first.Subscriptions!, ...second.Subscriptions!].map((s) => s.SubscriptionArn)).toEqual(arns);
    let all: string[] = [];
    let token: string | undefined;
    do {
      const page = await sns.send(new ListSubscriptionsCommand({ NextToken: token }));
      all = all.concat(page.Subscriptions!.map((s) => s.SubscriptionArn!));
      token = page.NextToken;
    } while (token);
    expect(all).toEqual(expect.arrayContaining(arns));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: arns[0] }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: arns[0] }));
    await expectError(
      sns.send(new UnsubscribeCommand({ SubscriptionArn: 'nonsense' })),
      'InvalidParameterException',
      'Invalid parameter: SubscriptionArn',
    );
    const again = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(again.Subscriptions![0]!.SubscriptionArn).toBe(arns[1]);
  });

  it('sets subscription attributes with validation', async () => {
    const arn = await topic('sub-attrs');
    const q = await queue('sub-attrs-queue');
    const subscriptionArn = await subscribeQueue(arn, q.arn);
    const set = (AttributeName: string, AttributeValue: string) =>
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn, AttributeName, AttributeValue }));
    await set('RawMessageDelivery', 'true');
    await set('FilterPolicy', '{"colour":["red"]}');
    await set('RedrivePolicy', JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:dlq` }));
    await expectError(set('Colour', 'x'), 'InvalidParameterException', 'Invalid parameter: AttributeName');
    await expectError(
      set('FilterPolicy', '{"a": {"b": ["c"]}}'),
      'InvalidParameterException',
      'Invalid parameter: FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    await set('FilterPolicyScope', 'MessageBody');
    await set('FilterPolicy', '{"a": {"b": ["c"]}}');
    await expectError(
      set('FilterPolicyScope', 'MessageAttributes'),
      'InvalidParameterException',
      /^Invalid parameter: FilterPolicy: Filter policy scope MessageAttributes does not support nested/,
    );
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
    expect(Attributes).toMatchObject({
      RawMessageDelivery: 'true',
      FilterPolicy: '{"a": {"b": ["c"]}}',
      FilterPolicyScope: 'MessageBody',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:dlq` }),
    });
    await expectError(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: `${arn}:00000000-0000-0000-0000-000000000000` })),
      'NotFoundException',
      'Subscription does not exist',
      404,
    );
  });
});

describe('publishing to queues', () => {
  it('delivers the JSON notification with AWS key order to a subscribed queue', async () => {
    const arn = await topic('envelope');
    const q = await queue('envelope-queue');
    const subscriptionArn = await subscribeQueue(arn, q.arn);
    const { MessageId, SequenceNumber } = await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Message: 'hello',
        Subject: 'Greeting',
        MessageAttributes: {
          count: { DataType: 'Number', StringValue: '100.12' },
          bin: { DataType: 'Binary', BinaryValue: new Uint8Array([2, 3, 4]) },
          tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
        },
      }),
    );
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(SequenceNumber).toBeUndefined();
    const [message] = await receive(q.url);
    const body = JSON.parse(message!.Body!);
    expect(Object.keys(body)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    expect(body).toEqual({
      Type: 'Notification',
      MessageId,
      TopicArn: arn,
      Subject: 'Greeting',
      Message: 'hello',
      Timestamp: new Date(onward.clock.now()).toISOString(),
      SignatureVersion: '1',
      Signature: expect.stringMatching(/^[A-Za-z0-9+/=]{40,}$/),
      SigningCertURL: expect.stringMatching(
        /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]+\.pem$/,
      ),
      UnsubscribeURL: `${onward.url}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`,
      MessageAttributes: {
        count: { Type: 'Number', Value: '100.12' },
        bin: { Type: 'Binary', Value: 'AgME' },
        tags: { Type: 'String.Array', Value: '["a","b"]' },
      },
    });
    expect(message!.MessageAttributes).toBeUndefined();

    // Without Subject and attributes, both keys are left out; the UnsubscribeURL works against Onward.
    await sns.send(new PublishCommand({ TargetArn: arn, Message: 'plain' }));
    const [second] = await receive(q.url);
    const plain = JSON.parse(second!.Body!);
    expect(plain.Subject).toBeUndefined();
    expect(plain.MessageAttributes).toBeUndefined();
    const unsubscribe = await fetch(plain.UnsubscribeURL);
    expect(unsubscribe.status).toBe(200);
    expect(await unsubscribe.text()).toContain('<UnsubscribeResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">');
    expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions).toEqual([]);
  });

  it('delivers raw messages with SNS attributes as SQS message attributes', async () => {
    const arn = await topic('raw');
    const q = await queue('raw-queue');
    await subscribeQueue(arn, q.arn, { RawMessageDelivery: 'true' });
    await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Message: '{"order": 1}',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'order' },
          price: { DataType: 'Number', StringValue: '9.5' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) },
        },
      }),
    );
    const [message] = await receive(q.url);
    expect(message!.Body).toBe('{"order": 1}');
    expect(message!.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'order' },
      price: { DataType: 'Number', StringValue: '9.5' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) },
    });
  });

  it('sends each protocol its MessageStructure=json entry', async () => {
    const arn = await topic('structured');
    const q = await queue('structured-queue');
    await subscribeQueue(arn, q.arn, { RawMessageDelivery: 'true' });
    await sns.send(
      new PublishCommand({ TopicArn: arn, MessageStructure: 'json', Message: JSON.stringify({ default: 'd', sqs: 'for sqs' }) }),
    );
    await sns.send(
      new PublishCommand({ TopicArn: arn, MessageStructure: 'json', Message: JSON.stringify({ default: 'only default' }) }),
    );
    const bodies = (await receive(q.url)).map((m) => m.Body);
    expect(bodies.sort()).toEqual(['for sqs', 'only default']);
  });

  it('refuses bad messages with AWS messages and delivers nothing', async () => {
    const arn = await topic('bad-publish');
    const q = await queue('bad-publish-queue');
    await subscribeQueue(arn, q.arn);
    const publish = (input: Record<string, unknown>) => sns.send(new PublishCommand({ TopicArn: arn, Message: 'm', ...input }));
    await expectError(publish({ Message: '' }), 'InvalidParameterException', 'Invalid parameter: Empty message');
    await expectError(
      publish({ Message: 'x'.repeat(262_145) }),
      'InvalidParameterException',
      'Invalid parameter: Message too long',
    );
    await expectError(publish({ Subject: '' }), 'InvalidParameterException', 'Invalid parameter: Subject');
    await expectError(publish({ Subject: 'line\nbreak' }), 'InvalidParameterException', 'Invalid parameter: Subject');
    await expectError(publish({ Subject: 's'.repeat(101) }), 'InvalidParameterException', 'Invalid parameter: Subject');
    await expectError(
      publish({ MessageStructure: 'json', Message: '{"sqs": "x"}' }),
      'InvalidParameterException',
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
    await expectError(
      publish({ MessageStructure: 'json', Message: 'not json' }),
      'InvalidParameterException',
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
    await expectError(
      publish({ MessageAttributes: { a: { DataType: 'Number', StringValue: 'abc' } } }),
      'InvalidParameterException',
      "Invalid parameter: MessageAttributes Reason: Could not cast message attribute 'a' value to number.",
    );
    await expectError(
      publish({ MessageAttributes: { a: { DataType: 'Date', StringValue: 'x' } } }),
      'InvalidParameterException',
      "Invalid parameter: MessageAttributes Reason: The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    );
    await expectError(
      publish({ MessageAttributes: { a: { DataType: 'String', StringValue: '' } } }),
      'InvalidParameterException',
      "Invalid parameter: MessageAttributes Reason: The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    );
    await expectError(
      publish({ MessageDeduplicationId: 'd' }),
      'InvalidParameterException',
      /^Invalid parameter: MessageDeduplicationId Reason/,
    );
    await expectError(
      sns.send(new PublishCommand({ TopicArn: arn, TargetArn: arn, Message: 'm' })),
      'InvalidParameterException',
      /^Invalid parameter: TopicArn or TargetArn/,
    );
    await expectError(
      sns.send(new PublishCommand({ Message: 'm' })),
      'InvalidParameterException',
      'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    );
    await expectError(
      sns.send(new PublishCommand({ TopicArn: `${TOPIC_PREFIX}gone`, Message: 'm' })),
      'NotFoundException',
      'Topic does not exist',
      404,
    );
    expect(await receive(q.url)).toEqual([]);
  });

  it('publishes batches with per-entry results and refuses bad batches', async () => {
    const arn = await topic('batch');
    const q = await queue('batch-queue');
    await subscribeQueue(arn, q.arn, { RawMessageDelivery: 'true' });
    const result = await sns.send(
      new PublishBatchCommand({
        TopicArn: arn,
        PublishBatchRequestEntries: [
          { Id: 'one', Message: 'first' },
          { Id: 'two', Message: '' },
          { Id: 'three', Message: 'third', Subject: 'S' },
        ],
      }),
    );
    expect(result.Successful!.map((s) => s.Id)).toEqual(['one', 'three']);
    expect(result.Successful![0]!.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Failed).toEqual([
      { Id: 'two', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
    ]);
    expect((await receive(q.url)).map((m) => m.Body).sort()).toEqual(['first', 'third']);

    const batch = (entries: Array<{ Id: string; Message: string }>) =>
      sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: entries }));
    await expectError(batch([]), 'EmptyBatchRequestException', "The batch request doesn't contain any entries.");
    await expectError(
      batch(Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, Message: 'm' }))),
      'TooManyEntriesInBatchRequestException',
      'The batch request contains more entries than permissible.',
    );
    await expectError(
      batch([
        { Id: 'a', Message: 'm' },
        { Id: 'a', Message: 'm' },
      ]),
      'BatchEntryIdsNotDistinctException',
      'Two or more batch entries in the request have the same Id.',
    );
    await expectError(
      batch([{ Id: 'bad id', Message: 'm' }]),
      'InvalidBatchEntryIdException',
      /^A batch entry id can only contain/,
    );
    await expectError(
      batch([
        { Id: 'a', Message: 'x'.repeat(200_000) },
        { Id: 'b', Message: 'x'.repeat(100_000) },
      ]),
      'BatchRequestTooLongException',
      'The length of all the messages put together is more than the limit.',
    );
    expect(await receive(q.url)).toEqual([]);
  });

  it('keeps FIFO order fields and deduplicates within the window on FIFO topics', async () => {
    const arn = await topic('orders.fifo', { FifoTopic: 'true' });
    const q = await queue('orders-queue.fifo', { FifoQueue: 'true' });
    await subscribeQueue(arn, q.arn);
    await expectError(
      subscribeQueue(arn, (await queue('standard-for-fifo')).arn),
      'InvalidParameterException',
      /FIFO SNS Topics currently only support FIFO SQS queues as endpoints/,
    );
    await expectError(
      subscribeQueue(await topic('std-topic'), q.arn),
      'InvalidParameterException',
      /FIFO SQS Queues can not be subscribed to standard SNS topics/,
    );
    await expectError(
      sns.send(new PublishCommand({ TopicArn: arn, Message: 'm' })),
      'InvalidParameterException',
      'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
    );
    await expectError(
      sns.send(new PublishCommand({ TopicArn: arn, Message: 'm', MessageGroupId: 'g' })),
      'InvalidParameterException',
      'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
    const first = await sns.send(
      new PublishCommand({ TopicArn: arn, Message: 'a', MessageGroupId: 'g1', MessageDeduplicationId: 'd1' }),
    );
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    const duplicate = await sns.send(
      new PublishCommand({ TopicArn: arn, Message: 'a', MessageGroupId: 'g1', MessageDeduplicationId: 'd1' }),
    );
    expect(duplicate.MessageId).toBe(first.MessageId);
    const second = await sns.send(
      new PublishCommand({ TopicArn: arn, Message: 'b', MessageGroupId: 'g1', MessageDeduplicationId: 'd2' }),
    );
    expect(BigInt(second.SequenceNumber!)).toBeGreaterThan(BigInt(first.SequenceNumber!));
    const messages = await receive(q.url);
    expect(messages.map((m) => JSON.parse(m.Body!).Message)).toEqual(['a', 'b']);
    expect(messages[0]!.Attributes).toMatchObject({ MessageGroupId: 'g1', MessageDeduplicationId: 'd1' });
    expect(JSON.parse(messages[0]!.Body!).SequenceNumber).toBe(first.SequenceNumber);
    // After the 5-minute window the same id is a new message.
    await onward.advance(301);
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'a', MessageGroupId: 'g2', MessageDeduplicationId: 'd1' }));
    expect((await receive(q.url)).map((m) => JSON.parse(m.Body!).Message)).toEqual(['a']);
  });
});

describe('filter policies', () => {
  async function filtered(name: string, policy: unknown, scope?: 'MessageAttributes' | 'MessageBody') {
    const arn = await topic(name);
    const q = await queue(`${name}-queue`);
    await subscribeQueue(arn, q.arn, {
      RawMessageDelivery: 'true',
      FilterPolicy: JSON.stringify(policy),
      ...(scope ? { FilterPolicyScope: scope } : {}),
    });
    return { arn, url: q.url };
  }

  it('filters on message attributes: strings, numbers, arrays, prefix, anything-but, exists', async () => {
    const { arn, url } = await filtered('filter-attrs', {
      store: ['example_corp'],
      price: [{ numeric: ['>=', 100] }],
      interests: ['rugby'],
      region: [{ 'anything-but': { prefix: 'eu-' } }],
      canary: [{ exists: false }],
    });
    const send = (id: string, attributes: Record<string, { DataType: string; StringValue: string }>) =>
      sns.send(new PublishCommand({ TopicArn: arn, Message: id, MessageAttributes: attributes }));
    const base = {
      store: { DataType: 'String', StringValue: 'example_corp' },
      price: { DataType: 'Number', StringValue: '150' },
      interests: { DataType: 'String.Array', StringValue: '["soccer","rugby"]' },
      region: { DataType: 'String', StringValue: 'us-east-1' },
    };
    await send('match', base);
    await send('cheap', { ...base, price: { DataType: 'Number', StringValue: '99.5' } });
    await send('price-as-string', { ...base, price: { DataType: 'String', StringValue: '150' } });
    await send('no-rugby', { ...base, interests: { DataType: 'String.Array', StringValue: '["soccer"]' } });
    await send('eu', { ...base, region: { DataType: 'String', StringValue: 'eu-west-1' } });
    await send('canary', { ...base, canary: { DataType: 'String', StringValue: 'yes' } });
    await send('missing-store', { price: base.price, interests: base.interests, region: base.region });
    expect((await receive(url)).map((m) => m.Body)).toEqual(['match']);
  });

  it('filters on the message body with nested keys and $or', async () => {
    const { arn, url } = await filtered(
      'filter-body',
      { detail: { $or: [{ kind: ['order'] }, { amount: [{ numeric: ['>', 10] }] }] } },
      'MessageBody',
    );
    for (const [id, body] of [
      ['kind', { detail: { kind: 'order', amount: 1 } }],
      ['amount', { detail: { kind: 'refund', amount: 11 } }],
      ['neither', { detail: { kind: 'refund', amount: 5 } }],
    ] as const) {
      await sns.send(new PublishCommand({ TopicArn: arn, Message: JSON.stringify({ id, ...body }) }));
    }
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'not json' }));
    expect((await receive(url)).map((m) => JSON.parse(m.Body!).id)).toEqual(['kind', 'amount']);
  });
});

describe('failed deliveries', () => {
  it('moves a message for a deleted queue to the RedrivePolicy queue, and drops it without one', async () => {
    const arn = await topic('redrive');
    const gone = await queue('redrive-gone');
    const dlq = await queue('redrive-dlq');
    const kept = await queue('redrive-kept');
    await subscribeQueue(arn, gone.arn, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) });
    await subscribeQueue(arn, kept.arn);
    const gone2 = await queue('redrive-gone-2');
    await subscribeQueue(arn, gone2.arn);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: gone.url }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: gone2.url }));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'to the dlq' }));
    const [dead] = await receive(dlq.url);
    expect(JSON.parse(dead!.Body!)).toMatchObject({ Type: 'Notification', MessageId, Message: 'to the dlq' });
    expect((await receive(kept.url)).map((m) => JSON.parse(m.Body!).Message)).toEqual(['to the dlq']);
  });

  it('moves a message for a missing function to the RedrivePolicy queue', async () => {
    const arn = await topic('redrive-lambda');
    const dlq = await queue('redrive-lambda-dlq');
    await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'lambda',
        Endpoint: `arn:aws:lambda:${TEST_REGION}:${ACCOUNT}:function:does-not-exist`,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) },
      }),
    );
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'nobody home' }));
    const [dead] = await receive(dlq.url);
    expect(JSON.parse(dead!.Body!).Records[0].Sns.Message).toBe('nobody home');
  });
});

describe('lambda subscribers and publishers', () => {
  /** Forwards its event to the queue named in the environment. */
  const FORWARD = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT_QUEUE, MessageBody: JSON.stringify(event) }));
  return { ok: true };
};`;

  it('invokes a subscribed function asynchronously with the Records[].Sns event', async () => {
    const out = await queue('lambda-events');
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'sns-forwarder',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': strToU8(FORWARD) }) },
        Environment: { Variables: { OUT_QUEUE: out.url } },
      }),
    );
    const arn = await topic('to-lambda');
    const functionArn = `arn:aws:lambda:${TEST_REGION}:${ACCOUNT}:function:sns-forwarder`;
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: functionArn }),
    );
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'Hello from SNS!' }));
    const [message] = await receive(out.url, 20);
    const event = JSON.parse(message!.Body!);
    expect(event).toEqual({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: SubscriptionArn,
          Sns: {
            Type: 'Notification',
            MessageId,
            TopicArn: arn,
            Subject: null,
            Message: 'Hello from SNS!',
            Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            SignatureVersion: '1',
            Signature: expect.any(String),
            SigningCertUrl: expect.stringMatching(/^https:\/\/sns\.us-east-1\.amazonaws\.com\//),
            UnsubscribeUrl: `${onward.url}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(SubscriptionArn!)}`,
            MessageAttributes: {},
          },
        },
      ],
    });
    expect(Object.keys(event.Records[0].Sns)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertUrl',
      'UnsubscribeUrl',
      'MessageAttributes',
    ]);

    // A Lambda destination publishes through SNS's topic publisher, which fans out like Publish.
    const results = await topic('invocation-results');
    const resultQueue = await queue('invocation-results-queue');
    await subscribeQueue(results, resultQueue.arn, { RawMessageDelivery: 'true' });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'sns-forwarder',
        DestinationConfig: { OnSuccess: { Destination: results } },
      }),
    );
    await lambda.send(
      new InvokeCommand({ FunctionName: 'sns-forwarder', InvocationType: 'Event', Payload: Buffer.from('{"n":1}') }),
    );
    const [record] = await receive(resultQueue.url, 20);
    expect(JSON.parse(record!.Body!)).toMatchObject({ requestContext: { condition: 'Success' }, requestPayload: { n: 1 } });
  });
});
