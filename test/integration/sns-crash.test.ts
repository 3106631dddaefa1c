/**
 * SNS durability across SIGKILL: a Publish that was answered has fanned out to every subscribed queue
 * (same transaction), and HTTP deliveries waiting for a retry resume after a restart.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { killableOnwards } from '../helpers/killable.ts';
import { TEST_CREDENTIALS, TEST_REGION } from '../helpers/onward.ts';
import { drainBodies } from '../helpers/queues.ts';

const onwards = killableOnwards();

async function start(dataDir: string) {
  const onward = await onwards.spawn(dataDir);
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return { onward, sqs: new SQSClient(config), sns: new SNSClient(config) };
}

describe('SNS across a SIGKILL', () => {
  it('keeps every acknowledged publish in both subscribed queues, exactly once', async () => {
    const dataDir = onwards.dataDir();
    const first = await start(dataDir);
    const { TopicArn } = await first.sns.send(new CreateTopicCommand({ Name: 'durable-topic' }));
    const queues: string[] = [];
    for (const name of ['fan-a', 'fan-b']) {
      queues.push((await first.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!);
      await first.sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: `arn:aws:sqs:${TEST_REGION}:000000000000:${name}`,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
    }

    const acknowledged = await onwards.loadThenKill(first.onward, {
      workers: 12,
      atLeast: 200,
      send: async (body) => {
        await first.sns.send(new PublishCommand({ TopicArn, Message: body }));
        return true;
      },
    });
    first.sns.destroy();
    first.sqs.destroy();

    const second = await start(dataDir);
    const [a, b] = [await drainBodies(second.sqs, queues[0]!), await drainBodies(second.sqs, queues[1]!)];
    for (const stored of [a, b]) {
      const storedSet = new Set(stored);
      expect(acknowledged.filter((body) => !storedSet.has(body))).toEqual([]);
      expect(storedSet.size).toBe(stored.length);
    }
    // Publish and fan-out commit together: a message is in both queues or in neither.
    expect([...a].sort()).toEqual([...b].sort());
    second.sns.destroy();
    second.sqs.destroy();
  });

  it('resumes an HTTP delivery waiting for its retry after a restart', async () => {
    const received: string[] = [];
    let status = 500;
    const endpoint = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(`${request.headers['x-amz-sns-message-type']}:${body}`);
        response.statusCode = status;
        response.end();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook`;
    try {
      const dataDir = onwards.dataDir();
      const first = await start(dataDir);
      const { TopicArn } = await first.sns.send(new CreateTopicCommand({ Name: 'hooked' }));
      const { SubscriptionArn } = await first.sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'http',
          Endpoint: url,
          Attributes: { RawMessageDelivery: 'true' },
          ReturnSubscriptionArn: true,
        }),
      );
      // The confirmation got a 500 too (its retry waits on the clock): its first post carries the token.
      while (received.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
      const token = JSON.parse(received[0]!.split(':').slice(1).join(':')).Token as string;
      const confirmed = await fetch(
        `${first.onward.url}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TopicArn!)}&Token=${token}`,
      );
      expect(await confirmed.text()).toContain(SubscriptionArn);
      await first.sns.send(new PublishCommand({ TopicArn, Message: 'survive' }));
      while (!received.includes('Notification:survive')) await new Promise((resolve) => setTimeout(resolve, 20));
      await onwards.kill(first.onward);
      first.sns.destroy();
      first.sqs.destroy();

      status = 200;
      const before = received.filter((r) => r === 'Notification:survive').length;
      const second = await start(dataDir);
      await fetch(`${second.onward.url}/_onward/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 20 }) });
      expect(received.filter((r) => r === 'Notification:survive').length).toBe(before + 1);
      // The failed confirmation's retry went with ConfirmSubscription.
      expect(received.filter((r) => r.startsWith('SubscriptionConfirmation:'))).toHaveLength(1);
      second.sns.destroy();
      second.sqs.destroy();
    } finally {
      await new Promise((resolve) => endpoint.close(resolve));
    }
  });
});
