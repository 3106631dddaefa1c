/**
 * EventBridge durability across SIGKILL: a PutEvents entry that was answered with an EventId has
 * reached every matched rule's targets (same transaction), exactly once, after a kill at any moment.
 */
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { killableOnwards } from '../helpers/killable.ts';
import { TEST_CREDENTIALS, TEST_REGION } from '../helpers/onward.ts';
import { drainBodies } from '../helpers/queues.ts';

const onwards = killableOnwards();

async function start(dataDir: string) {
  const onward = await onwards.spawn(dataDir);
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return { onward, sqs: new SQSClient(config), events: new EventBridgeClient(config) };
}

describe('EventBridge across a SIGKILL', () => {
  it('keeps every acknowledged event in each matched target queue, exactly once', async () => {
    const dataDir = onwards.dataDir();
    const first = await start(dataDir);
    const queues: string[] = [];
    for (const name of ['eb-crash-a', 'eb-crash-b']) {
      queues.push((await first.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!);
    }
    await first.events.send(new PutRuleCommand({ Name: 'crash', EventPattern: JSON.stringify({ source: ['crash.test'] }) }));
    await first.events.send(
      new PutTargetsCommand({
        Rule: 'crash',
        Targets: ['eb-crash-a', 'eb-crash-b'].map((name) => ({
          Id: name,
          Arn: `arn:aws:sqs:${TEST_REGION}:000000000000:${name}`,
          InputPath: '$.detail.key',
        })),
      }),
    );

    const acknowledged = await onwards.loadThenKill(first.onward, {
      workers: 12,
      atLeast: 200,
      send: async (key) => {
        const answer = await first.events.send(
          new PutEventsCommand({ Entries: [{ Source: 'crash.test', DetailType: 'Crash', Detail: JSON.stringify({ key }) }] }),
        );
        return answer.FailedEntryCount === 0;
      },
    });
    first.events.destroy();
    first.sqs.destroy();

    const second = await start(dataDir);
    const [a, b] = [await drainBodies(second.sqs, queues[0]!), await drainBodies(second.sqs, queues[1]!)];
    for (const stored of [a, b]) {
      const storedSet = new Set(stored);
      expect(acknowledged.filter((key) => !storedSet.has(JSON.stringify(key)))).toEqual([]);
      expect(storedSet.size).toBe(stored.length);
    }
    // The entry and its deliveries commit together: an event is in both queues or in neither.
    expect([...a].sort()).toEqual([...b].sort());
    console.log(`acknowledged ${acknowledged.length}, stored ${a.length} in each queue, none twice`);
    second.events.destroy();
    second.sqs.destroy();
  });
});
