/**
 * examples/random-failure-cdk (seed 002, the committed cdk.out): `onward up`, the email subscription
 * confirmed from the outbox, then clock minutes. Each minute the rule invokes the function with its
 * input; it fails 80% of the time, and Lambda retries twice (after 1 and 2 minutes). Every invocation
 * that failed all three attempts has exactly one record in the queue and one email, with the input
 * intact; the successes left none.
 */
import { DisableRuleCommand, EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_CONFIG, EXAMPLES, runExample, type RunningExample } from './example-app.ts';

const INPUT = { veryImportantData: 'this should not be lost !!!' };
const EMAIL = 'pchol.pro@gmail.com';
let app: RunningExample;
let sqs: SQSClient;
let events: EventBridgeClient;

interface OutboxMessage {
  type: string;
  endpoint: string;
  body: string;
}

async function internal<T>(route: string): Promise<T> {
  return (await (await fetch(`${app.url}${route}`)).json()) as T;
}

beforeAll(async () => {
  app = await runExample(path.join(EXAMPLES, 'random-failure-cdk'), ['--no-watch']);
  sqs = new SQSClient({ ...CLIENT_CONFIG, endpoint: app.url });
  events = new EventBridgeClient({ ...CLIENT_CONFIG, endpoint: app.url });
});

afterAll(async () => {
  sqs?.destroy();
  events?.destroy();
  await app?.stop();
});

describe('examples/random-failure-cdk', { timeout: 120_000 }, () => {
  it('keeps one queue record and one email per invocation that failed its three attempts', async () => {
    const functionName = /^ {2}(LambdaDestinationsStack-LambdaFunction\S+)/m.exec(app.output())![1]!;
    const queueUrl = /^ {2}LambdaDestinationsStack-FailedEventsQueue\S+ +(http:\S+)$/m.exec(app.output())![1]!;

    const [confirmation] = (await internal<{ messages: OutboxMessage[] }>('/_onward/outbox?protocol=email')).messages;
    expect(confirmation).toMatchObject({ type: 'SubscriptionConfirmation', endpoint: EMAIL });
    const confirmUrl = /(http:\/\/\S+Action=ConfirmSubscription\S+)/.exec(confirmation!.body)![1]!;
    expect((await fetch(confirmUrl)).status).toBe(200);

    // Cron windows until some invocation has failed for good (each does with probability 0.8^3).
    let windows = 0;
    const failed = () =>
      internal<{ invocations: { requestId: string }[] }>(`/_onward/invocations?function=${functionName}&status=failed&limit=100`);
    while ((await failed()).invocations.length === 0 && windows < 40) {
      await app.advance(60);
      windows += 1;
    }
    const { Rules } = await events.send(new ListRulesCommand({}));
    expect(Rules).toHaveLength(1);
    await events.send(new DisableRuleCommand({ Name: Rules![0]!.Name }));
    await app.advance(180); // the last invocations' retries

    const all = await internal<{ invocations: { requestId: string; status: string; attempts: number }[] }>(
      `/_onward/invocations?function=${functionName}&limit=100`,
    );
    expect(all.invocations).toHaveLength(windows);
    const failures = all.invocations.filter((i) => i.status === 'failed');
    expect(failures.length).toBeGreaterThan(0);
    expect(all.invocations.filter((i) => i.status === 'succeeded')).toHaveLength(windows - failures.length);
    for (const failure of failures) expect(failure.attempts).toBe(3);

    const records: Message[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      if (!Messages.length) break;
      records.push(...Messages);
    }
    const bodies = records.map((m) => JSON.parse(JSON.parse(m.Body!).Message));
    expect(bodies.map((b) => b.requestContext.requestId).sort()).toEqual(failures.map((f) => f.requestId).sort());
    for (const body of bodies) {
      expect(body).toMatchObject({
        requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: INPUT,
        responsePayload: { errorType: 'Error', errorMessage: 'Something went wrong!' },
      });
    }

    const emails = (await internal<{ messages: OutboxMessage[] }>('/_onward/outbox?protocol=email&limit=100')).messages;
    const notifications = emails.filter((m) => m.type === 'Notification');
    expect(notifications).toHaveLength(failures.length);
    for (const email of notifications) expect(JSON.parse(email.body).requestPayload).toEqual(INPUT);
  });
});
