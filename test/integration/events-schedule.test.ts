/**
 * Scheduled rules on the manual clock: rate and cron windows fire in order as the clock advances,
 * only while ENABLED, with the `Scheduled Event` envelope; after a restart that missed windows, the
 * schedule fires once and carries on.
 */
import Database from 'better-sqlite3';
import {
  DeleteRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { createQueue } from '../helpers/queues.ts';

const dataDir = makeDataDir();
let onward: TestOnward;
let events: EventBridgeClient;
let sqs: SQSClient;

function clients(): void {
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  events = new EventBridgeClient(config);
  sqs = new SQSClient(config);
}

beforeAll(async () => {
  onward = await startTestOnward({ dataDir });
  clients();
});

afterAll(async () => {
  events.destroy();
  sqs.destroy();
  await onward.stop();
});

const queue = (name: string) => createQueue(sqs, name);

async function drain(url: string): Promise<Record<string, unknown>[]> {
  const bodies: Record<string, unknown>[] = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 3600 }),
    );
    if (!Messages?.length) return bodies;
    bodies.push(...Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>));
  }
}

async function scheduled(name: string, expression: string, queueArn: string): Promise<void> {
  await events.send(new PutRuleCommand({ Name: name, ScheduleExpression: expression }));
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'q', Arn: queueArn }] }));
}

async function retire(name: string): Promise<void> {
  await events.send(new RemoveTargetsCommand({ Rule: name, Ids: ['q'] }));
  await events.send(new DeleteRuleCommand({ Name: name }));
}

describe('rate schedules', () => {
  it('fires one period after creation with the Scheduled Event envelope', async () => {
    const q = await queue('every-minute');
    await scheduled('every-minute', 'rate(1 minute)', q.arn);
    await onward.advance(59);
    expect(await drain(q.url)).toEqual([]);
    await onward.advance(1);
    const [event, ...rest] = await drain(q.url);
    expect(rest).toEqual([]);
    expect(Object.keys(event!)).toEqual([
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
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/every-minute'],
      detail: {},
    });
    expect(event!.time).toBe(new Date(Math.floor(onward.clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    await retire('every-minute');
  });

  it('fires every window an advance passes, in order', async () => {
    const q = await queue('ten-windows');
    await scheduled('ten-windows', 'rate(1 minute)', q.arn);
    await onward.advance(60);
    expect(await drain(q.url)).toHaveLength(1);
    await onward.advance(600);
    const fired = await drain(q.url);
    expect(fired).toHaveLength(10);
    const times = fired.map((e) => Date.parse(e.time as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(10);
    await retire('ten-windows');
  });

  it('does not fire while disabled and resumes when enabled; stops when deleted', async () => {
    const q = await queue('toggled');
    await scheduled('toggled', 'rate(2 minutes)', q.arn);
    await events.send(new DisableRuleCommand({ Name: 'toggled' }));
    await onward.advance(240);
    expect(await drain(q.url)).toEqual([]);
    await events.send(new EnableRuleCommand({ Name: 'toggled' }));
    await onward.advance(120);
    expect(await drain(q.url)).toHaveLength(1);
    await retire('toggled');
    await onward.advance(600);
    expect(await drain(q.url)).toEqual([]);
  });
});

describe('cron schedules', () => {
  it('fires at each cron match', async () => {
    const q = await queue('cron-five');
    await scheduled('cron-five', 'cron(0/5 * * * ? *)', q.arn);
    await onward.advance(300);
    const [event, ...rest] = await drain(q.url);
    expect(rest).toEqual([]);
    expect(new Date(event!.time as string).getUTCMinutes() % 5).toBe(0);
    await onward.advance(900);
    expect(await drain(q.url)).toHaveLength(3);
    await retire('cron-five');
  });
});

describe('restart', () => {
  it('fires a window missed while down once, then keeps the schedule', async () => {
    const q = await queue('survivor');
    await scheduled('survivor', 'rate(1 minute)', q.arn);
    await onward.advance(60);
    expect(await drain(q.url)).toHaveLength(1);

    // Down for ten minutes: stop, move the persisted clock on, start again on the same data.
    const location = onward.store.location;
    await onward.close();
    const db = new Database(location);
    const row = db.prepare("SELECT value FROM meta WHERE key = 'clock.nowMs'").get() as { value: string };
    db.prepare("UPDATE meta SET value = ? WHERE key = 'clock.nowMs'").run(String(Number(row.value) + 600_000));
    db.close();
    events.destroy();
    sqs.destroy();
    onward = await startTestOnward({ dataDir });
    clients();

    await onward.advance(0);
    expect(await drain(q.url)).toHaveLength(1);
    await onward.advance(60);
    expect(await drain(q.url)).toHaveLength(1);
    await retire('survivor');
  });
});
