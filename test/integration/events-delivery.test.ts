/**
 * EventBridge delivery: PutEvents -> matching rules -> SQS (standard and FIFO), Lambda, SNS, another bus;
 * input shaping (Input, InputPath, InputTransformer); the DLQ of a target that does not exist; the bus
 * publisher Lambda destinations use.
 */
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type PutEventsRequestEntry,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { CreateFunctionCommand, LambdaClient, PutFunctionEventInvokeConfigCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { createQueue } from '../helpers/queues.ts';

let onward: TestOnward;
let events: EventBridgeClient;
let sqs: SQSClient;
let lambda: LambdaClient;
let sns: SNSClient;
const ACCOUNT_PREFIX = 'arn:aws:events:us-east-1:000000000000';

beforeAll(async () => {
  onward = await startTestOnward();
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  events = new EventBridgeClient(config);
  sqs = new SQSClient(config);
  lambda = new LambdaClient(config);
  sns = new SNSClient(config);
});

afterAll(async () => {
  events.destroy();
  sqs.destroy();
  lambda.destroy();
  sns.destroy();
  await onward.stop();
});

/** The EventBridge counters as a user reads them: from the Prometheus text at /_onward/metrics. */
async function eventsMetrics(): Promise<Record<string, number>> {
  const text = await (await fetch(`${onward.url}/_onward/metrics`)).text();
  const counters: Record<string, number> = {};
  for (const match of text.matchAll(/^onward_events_(\w+)_total (\d+)$/gm)) {
    const camel = match[1]!.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    counters[camel] = Number(match[2]);
  }
  return counters;
}

const queue = (name: string, attributes: Record<string, string> = {}) => createQueue(sqs, name, attributes);

async function receive(url: string, waitSeconds = 0): Promise<Message[]> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ['All'],
      AttributeNames: ['All'],
    }),
  );
  return Messages ?? [];
}

async function rule(name: string, pattern: unknown, targets: Target[], bus?: string): Promise<void> {
  await events.send(
    new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern), ...(bus ? { EventBusName: bus } : {}) }),
  );
  await events.send(new PutTargetsCommand({ Rule: name, Targets: targets, ...(bus ? { EventBusName: bus } : {}) }));
}

async function put(entry: PutEventsRequestEntry): Promise<string> {
  const answer = await events.send(new PutEventsCommand({ Entries: [entry] }));
  expect(answer.FailedEntryCount).toBe(0);
  return answer.Entries![0]!.EventId!;
}

describe('SQS targets', () => {
  it('delivers the envelope with AWS key order and second-precision time, only to matching rules', async () => {
    const q = await queue('eb-plain');
    await rule('plain', { source: ['shop'], detail: { total: [{ numeric: ['>', 10] }] } }, [{ Id: 'q', Arn: q.arn }]);
    const id = await put({
      Source: 'shop',
      DetailType: 'Order',
      Detail: '{"total": 42}',
      Resources: ['r1'],
      Time: new Date('2024-05-13T12:27:07.456Z'),
    });
    await put({ Source: 'shop', DetailType: 'Order', Detail: '{"total": 5}' });
    await put({ Source: 'other', DetailType: 'Order', Detail: '{"total": 42}' });
    const messages = await receive(q.url);
    expect(messages).toHaveLength(1);
    const body = messages[0]!.Body!;
    expect(Object.keys(JSON.parse(body))).toEqual([
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
    expect(JSON.parse(body)).toEqual({
      version: '0',
      id,
      'detail-type': 'Order',
      source: 'shop',
      account: '000000000000',
      time: '2024-05-13T12:27:07Z',
      region: 'us-east-1',
      resources: ['r1'],
      detail: { total: 42 },
    });
  });

  it('stamps the time of the clock when Time is absent', async () => {
    const q = await queue('eb-time');
    await rule('time', { source: ['clock'] }, [{ Id: 'q', Arn: q.arn }]);
    await put({ Source: 'clock', DetailType: 'Tick', Detail: '{}' });
    const [message] = await receive(q.url);
    const expected = new Date(Math.floor(onward.clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    expect(JSON.parse(message!.Body!).time).toBe(expected);
  });

  it('delivers to a FIFO queue with the target MessageGroupId', async () => {
    const q = await queue('eb-orders.fifo', { FifoQueue: 'true' });
    await rule('fifo', { source: ['fifo'] }, [{ Id: 'q', Arn: q.arn, SqsParameters: { MessageGroupId: 'group-1' } }]);
    const first = await put({ Source: 'fifo', DetailType: 'A', Detail: '{"n": 1}' });
    const second = await put({ Source: 'fifo', DetailType: 'A', Detail: '{"n": 2}' });
    const messages = await receive(q.url);
    expect(messages.map((m) => JSON.parse(m.Body!).id)).toEqual([first, second]);
    expect(messages[0]!.Attributes!.MessageGroupId).toBe('group-1');
  });

  it('matches events on a custom bus named by ARN, not the default bus', async () => {
    await events.send(new CreateEventBusCommand({ Name: 'app-bus' }));
    const q = await queue('eb-custom');
    await rule('custom', { source: ['app'] }, [{ Id: 'q', Arn: q.arn }], 'app-bus');
    await put({
      Source: 'app',
      DetailType: 'X',
      Detail: '{"on": "custom"}',
      EventBusName: `${ACCOUNT_PREFIX}:event-bus/app-bus`,
    });
    await put({ Source: 'app', DetailType: 'X', Detail: '{"on": "default"}' });
    const messages = await receive(q.url);
    expect(messages.map((m) => JSON.parse(m.Body!).detail.on)).toEqual(['custom']);
  });

  it('does not deliver for a disabled rule', async () => {
    const q = await queue('eb-disabled');
    await rule('disabled', { source: ['off'] }, [{ Id: 'q', Arn: q.arn }]);
    await events.send(
      new PutRuleCommand({ Name: 'disabled', EventPattern: JSON.stringify({ source: ['off'] }), State: 'DISABLED' }),
    );
    await put({ Source: 'off', DetailType: 'X', Detail: '{}' });
    expect(await receive(q.url)).toEqual([]);
  });
});

describe('input shaping', () => {
  const detail = JSON.stringify({
    command: 'update-account',
    payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
    list: ['HIGH'],
  });

  async function shaped(name: string, target: Omit<Target, 'Id' | 'Arn'>): Promise<string> {
    const q = await queue(`eb-shape-${name}`);
    await rule(`shape-${name}`, { source: [`shape.${name}`] }, [{ Id: 'q', Arn: q.arn, ...target }]);
    await put({ Source: `shape.${name}`, DetailType: 'core.update-account-command', Detail: detail });
    const messages = await receive(q.url);
    expect(messages).toHaveLength(1);
    return messages[0]!.Body!;
  }

  it('Input replaces the event', async () => {
    expect(await shaped('input', { Input: '{"constant": true}' })).toBe('{"constant": true}');
  });

  it('InputPath selects an object, and a string as a quoted JSON string', async () => {
    expect(JSON.parse(await shaped('path-object', { InputPath: '$.detail.payload' }))).toEqual({
      acc_id: '0a787ecb-4015',
      sf_id: 'baz',
    });
    expect(await shaped('path-string', { InputPath: '$.detail.payload.sf_id' })).toBe('"baz"');
    expect(await shaped('path-index', { InputPath: '$.detail.list[0]' })).toBe('"HIGH"');
  });

  it('InputTransformer fills a string template (values as text, missing as empty)', async () => {
    const body = await shaped('string', {
      InputTransformer: {
        InputPathsMap: {
          type: '$.detail-type',
          command: '$.detail.command',
          missing: '$.detail.nope',
          payload: '$.detail.payload',
          list: '$.detail.list',
        },
        InputTemplate: '"Event of <type> type: <command>, <missing>, <payload>, <list>"',
      },
    });
    expect(body).toBe('"Event of core.update-account-command type: update-account, , {acc_id:0a787ecb-4015,sf_id:baz}, [HIGH]"');
  });

  it('InputTransformer fills a JSON template (values as JSON outside quotes, text inside)', async () => {
    const body = await shaped('json', {
      InputTransformer: {
        InputPathsMap: {
          type: '$.detail-type',
          user: '$.detail.payload.acc_id',
          payload: '$.detail.payload',
          missing: '$.detail.nope',
        },
        InputTemplate: '{"type": <type>, "path": "users/<user>", "body": <payload>, "missing": <missing>, "ids": [<user>, "x"]}',
      },
    });
    expect(JSON.parse(body)).toEqual({
      type: 'core.update-account-command',
      path: 'users/0a787ecb-4015',
      body: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
      missing: '',
      ids: ['0a787ecb-4015', 'x'],
    });
  });

  it('InputTransformer offers the reserved placeholders', async () => {
    const body = await shaped('reserved', {
      InputTransformer: {
        InputTemplate:
          '{"rule": "<aws.events.rule-name>", "arn": <aws.events.rule-arn>, "event": <aws.events.event>, "json": <aws.events.event.json>}',
      },
    });
    const parsed = JSON.parse(body);
    expect(parsed.rule).toBe('shape-reserved');
    expect(parsed.arn).toBe(`${ACCOUNT_PREFIX}:rule/shape-reserved`);
    expect(parsed.event.detailType).toBe('core.update-account-command');
    expect(parsed.event.detail).toBeUndefined();
    expect(parsed.json.detail.command).toBe('update-account');
  });
});

describe('Lambda, SNS and bus targets', () => {
  const RECORDER = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RECORD_QUEUE, MessageBody: JSON.stringify(event) }));
  return { recorded: true };
};`;

  async function recorder(name: string, recordQueueUrl: string): Promise<string> {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/lambda-role',
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': strToU8(RECORDER) }) },
        Environment: { Variables: { RECORD_QUEUE: recordQueueUrl } },
      }),
    );
    return `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
  }

  it('invokes a Lambda target asynchronously with the (transformed) event', async () => {
    const record = await queue('eb-lambda-record');
    const fn = await recorder('eb-target', record.url);
    await rule('to-lambda', { source: ['lambda.test'] }, [
      { Id: 'plain', Arn: fn },
      { Id: 'shaped', Arn: fn, InputPath: '$.detail' },
    ]);
    const id = await put({ Source: 'lambda.test', DetailType: 'Run', Detail: '{"n": 7}' });
    await onward.advance(0);
    const bodies = (await receive(record.url, 10)).map((m) => JSON.parse(m.Body!));
    const more = bodies.length < 2 ? (await receive(record.url, 10)).map((m) => JSON.parse(m.Body!)) : [];
    const all = [...bodies, ...more];
    expect(all).toHaveLength(2);
    expect(all).toContainEqual({ n: 7 });
    expect(all.find((b) => b.id)).toMatchObject({ id, source: 'lambda.test', 'detail-type': 'Run', detail: { n: 7 } });
  }, 30_000);

  it('publishes to an SNS topic', async () => {
    const q = await queue('eb-sns-sub');
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'eb-topic' }));
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }),
    );
    await rule('to-sns', { source: ['sns.test'] }, [{ Id: 't', Arn: TopicArn! }]);
    const id = await put({ Source: 'sns.test', DetailType: 'Pub', Detail: '{}' });
    await onward.advance(0);
    const messages = await receive(q.url, 5);
    expect(messages.map((m) => JSON.parse(m.Body!).id)).toEqual([id]);
  });

  it('forwards to another bus, whose rules deliver the same event', async () => {
    await events.send(new CreateEventBusCommand({ Name: 'downstream' }));
    const q = await queue('eb-downstream');
    await rule('downstream-rule', { source: ['chain'] }, [{ Id: 'q', Arn: q.arn }], 'downstream');
    await rule('upstream', { source: ['chain'] }, [{ Id: 'bus', Arn: `${ACCOUNT_PREFIX}:event-bus/downstream` }]);
    const id = await put({ Source: 'chain', DetailType: 'Hop', Detail: '{"hop": 1}' });
    const messages = await receive(q.url);
    expect(messages.map((m) => JSON.parse(m.Body!))).toMatchObject([{ id, source: 'chain', detail: { hop: 1 } }]);
  });

  it('takes Lambda destination records on a bus (source lambda, resources [bus, function])', async () => {
    await events.send(new CreateEventBusCommand({ Name: 'destinations' }));
    const q = await queue('eb-destination-records');
    const record = await queue('eb-destination-fn-record');
    const fn = await recorder('eb-destination-fn', record.url);
    const busArn = `${ACCOUNT_PREFIX}:event-bus/destinations`;
    await rule(
      'results',
      { source: ['lambda'], 'detail-type': ['Lambda Function Invocation Result - Success'] },
      [{ Id: 'q', Arn: q.arn }],
      'destinations',
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: fn, DestinationConfig: { OnSuccess: { Destination: busArn } } }),
    );
    await lambda.send(
      new InvokeCommand({ FunctionName: 'eb-destination-fn', InvocationType: 'Event', Payload: Buffer.from('{"hello": 1}') }),
    );
    await onward.advance(0);
    const messages = await receive(q.url, 10);
    expect(messages).toHaveLength(1);
    const event = JSON.parse(messages[0]!.Body!);
    expect(event).toMatchObject({ source: 'lambda', 'detail-type': 'Lambda Function Invocation Result - Success' });
    expect(event.resources[0]).toBe(busArn);
    expect(event.detail.requestPayload).toEqual({ hello: 1 });
  }, 30_000);
});

describe('failures', () => {
  it('sends the event of a target that does not exist to its DLQ with AWS attributes', async () => {
    const dlq = await queue('eb-dlq');
    const missing = 'arn:aws:sqs:us-east-1:000000000000:does-not-exist';
    await rule('broken', { source: ['broken'] }, [{ Id: 'gone', Arn: missing, DeadLetterConfig: { Arn: dlq.arn } }]);
    const before = await eventsMetrics();
    const id = await put({ Source: 'broken', DetailType: 'X', Detail: '{}' });
    const [message] = await receive(dlq.url);
    expect(JSON.parse(message!.Body!)).toMatchObject({ id, source: 'broken' });
    const attributes = message!.MessageAttributes!;
    expect(attributes.RULE_ARN).toEqual({ DataType: 'String', StringValue: `${ACCOUNT_PREFIX}:rule/broken` });
    expect(attributes.TARGET_ARN).toEqual({ DataType: 'String', StringValue: missing });
    expect(attributes.ERROR_CODE!.StringValue).toBe('RESOURCE_NOT_FOUND');
    expect(attributes.ERROR_MESSAGE!.StringValue).toBe('The specified queue does not exist.');
    expect(attributes.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
    const after = await eventsMetrics();
    expect(after.failedInvocations! - before.failedInvocations!).toBe(1);
    expect(after.invocationsSentToDlq! - before.invocationsSentToDlq!).toBe(1);
  });

  it('a missing Lambda target goes to the DLQ as well', async () => {
    const dlq = await queue('eb-dlq-lambda');
    const missing = 'arn:aws:lambda:us-east-1:000000000000:function:no-such-fn';
    await rule('broken-lambda', { source: ['broken.lambda'] }, [
      { Id: 'gone', Arn: missing, DeadLetterConfig: { Arn: dlq.arn } },
    ]);
    await put({ Source: 'broken.lambda', DetailType: 'X', Detail: '{}' });
    const [message] = await receive(dlq.url);
    expect(message!.MessageAttributes!.TARGET_ARN!.StringValue).toBe(missing);
    expect(message!.MessageAttributes!.ERROR_CODE!.StringValue).toBe('RESOURCE_NOT_FOUND');
  });
});
