/**
 * SNS driven by the real AWS CLIs: the pip CLI v1 and Debian's CLI v2.9 (both Query/XML for SNS). Each
 * case runs with both flavours, concurrently, on one server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws, type CliFlavour } from '../helpers/aws-cli.ts';
import { TEST_ACCOUNT, TEST_REGION, startTestOnward, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;

beforeAll(async () => {
  onward = await startTestOnward();
});

afterAll(async () => {
  await onward?.stop();
});

const FLAVOURS: CliFlavour[] = ['pip', 'debian'];

/** The CLI's error line; CLI v2 adds `(reached max retries: 0)` before the colon. */
function errorLine(code: string, operation: string, message: string): RegExp {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `An error occurred \\(${code}\\) when calling the ${operation} operation(?: \\(reached max retries: \\d+\\))?: ${escaped}$`,
    'm',
  );
}

async function aws(flavour: CliFlavour, ...args: string[]) {
  const result = await runAws(flavour, onward.url, args);
  return result;
}

async function ok(flavour: CliFlavour, ...args: string[]) {
  const result = await aws(flavour, ...args);
  if (result.status !== 0) throw new Error(`aws ${args.join(' ')} failed: ${result.stderr}`);
  return result.json;
}

// CLI processes take seconds to start: both flavours and every case run concurrently, with a long timeout.
describe.concurrent.each(FLAVOURS)('aws sns with the %s CLI', { timeout: 400_000 }, (flavour) => {
  it('creates, lists, describes, tags and deletes topics', async () => {
    const name = `cli-topic-${flavour}`;
    const { TopicArn } = await ok(
      flavour,
      'sns',
      'create-topic',
      '--name',
      name,
      '--attributes',
      'DisplayName=Shown',
      '--tags',
      'Key=team,Value=a',
    );
    expect(TopicArn).toBe(`arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:${name}`);
    const { Topics } = await ok(flavour, 'sns', 'list-topics');
    expect(Topics).toContainEqual({ TopicArn });
    const { Attributes } = await ok(flavour, 'sns', 'get-topic-attributes', '--topic-arn', TopicArn);
    expect(Attributes).toMatchObject({ DisplayName: 'Shown', TopicArn, Owner: TEST_ACCOUNT, SubscriptionsConfirmed: '0' });
    await ok(
      flavour,
      'sns',
      'set-topic-attributes',
      '--topic-arn',
      TopicArn,
      '--attribute-name',
      'DisplayName',
      '--attribute-value',
      'New',
    );
    expect((await ok(flavour, 'sns', 'get-topic-attributes', '--topic-arn', TopicArn)).Attributes.DisplayName).toBe('New');
    expect((await ok(flavour, 'sns', 'list-tags-for-resource', '--resource-arn', TopicArn)).Tags).toEqual([
      { Key: 'team', Value: 'a' },
    ]);
    await ok(flavour, 'sns', 'delete-topic', '--topic-arn', TopicArn);
    const missing = await aws(flavour, 'sns', 'get-topic-attributes', '--topic-arn', TopicArn);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(errorLine('NotFound', 'GetTopicAttributes', 'Topic does not exist'));
  });

  it('subscribes a queue, publishes with attributes and receives the notification', async () => {
    const name = `cli-fanout-${flavour}`;
    const { TopicArn } = await ok(flavour, 'sns', 'create-topic', '--name', name);
    const { QueueUrl } = await ok(flavour, 'sqs', 'create-queue', '--queue-name', `${name}-queue`);
    const queueArn = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${name}-queue`;
    const { SubscriptionArn } = await ok(
      flavour,
      'sns',
      'subscribe',
      '--topic-arn',
      TopicArn,
      '--protocol',
      'sqs',
      '--notification-endpoint',
      queueArn,
      '--attributes',
      '{"FilterPolicy": "{\\"kind\\": [\\"order\\"]}"}',
    );
    expect(SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
    const { Subscriptions } = await ok(flavour, 'sns', 'list-subscriptions-by-topic', '--topic-arn', TopicArn);
    expect(Subscriptions).toEqual([{ SubscriptionArn, Owner: TEST_ACCOUNT, Protocol: 'sqs', Endpoint: queueArn, TopicArn }]);
    await ok(
      flavour,
      'sns',
      'set-subscription-attributes',
      '--subscription-arn',
      SubscriptionArn,
      '--attribute-name',
      'RawMessageDelivery',
      '--attribute-value',
      'true',
    );
    expect(
      (await ok(flavour, 'sns', 'get-subscription-attributes', '--subscription-arn', SubscriptionArn)).Attributes,
    ).toMatchObject({
      RawMessageDelivery: 'true',
      FilterPolicy: '{"kind": ["order"]}',
    });
    const published = await ok(
      flavour,
      'sns',
      'publish',
      '--topic-arn',
      TopicArn,
      '--message',
      'an order',
      '--message-attributes',
      '{"kind": {"DataType": "String", "StringValue": "order"}}',
    );
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    await ok(
      flavour,
      'sns',
      'publish',
      '--topic-arn',
      TopicArn,
      '--message',
      'a refund',
      '--message-attributes',
      '{"kind": {"DataType": "String", "StringValue": "refund"}}',
    );
    const batch = await ok(
      flavour,
      'sns',
      'publish-batch',
      '--topic-arn',
      TopicArn,
      '--publish-batch-request-entries',
      'Id=a,Message=batched',
      'Id=b,Message=',
    );
    expect(batch.Successful.map((s: { Id: string }) => s.Id)).toEqual(['a']);
    expect(batch.Failed).toEqual([
      { Id: 'b', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
    ]);
    const { Messages } = await ok(
      flavour,
      'sqs',
      'receive-message',
      '--queue-url',
      QueueUrl,
      '--max-number-of-messages',
      '10',
      '--message-attribute-names',
      'All',
    );
    expect(Messages.map((m: { Body: string }) => m.Body)).toEqual(['an order']);
    expect(Messages[0].MessageAttributes).toEqual({ kind: { DataType: 'String', StringValue: 'order' } });
    await ok(flavour, 'sns', 'unsubscribe', '--subscription-arn', SubscriptionArn);
    expect((await ok(flavour, 'sns', 'list-subscriptions-by-topic', '--topic-arn', TopicArn)).Subscriptions).toEqual([]);
  });

  it('answers bad input with AWS error codes and messages', async () => {
    const bad = await aws(flavour, 'sns', 'create-topic', '--name', 'bad name');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(errorLine('InvalidParameter', 'CreateTopic', 'Invalid parameter: Topic Name'));
    const { TopicArn } = await ok(flavour, 'sns', 'create-topic', '--name', `cli-bad-${flavour}`);
    const protocol = await aws(
      flavour,
      'sns',
      'subscribe',
      '--topic-arn',
      TopicArn,
      '--protocol',
      'smoke',
      '--notification-endpoint',
      'x',
    );
    expect(protocol.stderr).toMatch(
      errorLine('InvalidParameter', 'Subscribe', 'Invalid parameter: Amazon SNS does not support this protocol string: smoke'),
    );
    const empty = await aws(flavour, 'sns', 'publish', '--topic-arn', TopicArn, '--message', '');
    expect(empty.stderr).toMatch(errorLine('InvalidParameter', 'Publish', 'Invalid parameter: Empty message'));
  });
});
