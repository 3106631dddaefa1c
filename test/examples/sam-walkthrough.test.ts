/**
 * examples/sam-walkthrough (seed 001 as SAM): `onward up --param NotificationEmail=...`, then what the
 * launch post does with the AWS CLI, here with SDK v3: an async {"Success": true} puts a success record
 * on the topic (an email, once the subscription is confirmed); {"Success": false} fails three times
 * (Lambda's 2 retries, after 1 and 2 clock minutes) and the on-failure function logs the record.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_CONFIG, EXAMPLES, runExample, type RunningExample } from './example-app.ts';

const EMAIL = 'you@example.com';
let app: RunningExample;
let lambda: LambdaClient;

interface OutboxMessage {
  type: string;
  endpoint: string;
  body: string;
}

async function emails(): Promise<OutboxMessage[]> {
  const response = await fetch(`${app.url}/_onward/outbox?protocol=email`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

async function invokeAsync(payload: unknown): Promise<number | undefined> {
  const { StatusCode } = await lambda.send(
    new InvokeCommand({ FunctionName: 'event-destinations', InvocationType: 'Event', Payload: JSON.stringify(payload) }),
  );
  return StatusCode;
}

beforeAll(async () => {
  app = await runExample(path.join(EXAMPLES, 'sam-walkthrough'), ['--no-watch', '--param', `NotificationEmail=${EMAIL}`]);
  lambda = new LambdaClient({ ...CLIENT_CONFIG, endpoint: app.url });
});

afterAll(async () => {
  lambda?.destroy();
  await app?.stop();
});

describe('examples/sam-walkthrough', { timeout: 60_000 }, () => {
  it('prints what it deployed', () => {
    expect(app.output()).toContain(
      'async: on success -> sns sam-walkthrough-success, on failure -> lambda event-destinations-on-failure-dev, retries 2, max event age 600s',
    );
    expect(app.output()).toContain(`-> email ${EMAIL}`);
  });

  it('Success true: a success record reaches the confirmed email subscription', async () => {
    const [confirmation] = await emails();
    expect(confirmation).toMatchObject({ type: 'SubscriptionConfirmation', endpoint: EMAIL });
    const confirmUrl = /(http:\/\/\S+Action=ConfirmSubscription\S+)/.exec(confirmation!.body)?.[1];
    expect(confirmUrl, confirmation!.body).toBeDefined();
    expect((await fetch(confirmUrl!)).status).toBe(200);

    expect(await invokeAsync({ Success: true })).toBe(202);
    await app.waitForOutput(/event-destinations \| .*\tINFO\tSuccess\n/);
    let notification: OutboxMessage | undefined;
    for (const deadline = Date.now() + 10_000; !notification && Date.now() < deadline;) {
      notification = (await emails()).find((m) => m.type === 'Notification');
      if (!notification) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(notification, JSON.stringify(await emails())).toBeDefined();
    const record = JSON.parse(notification!.body);
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: { Success: true },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: null,
    });
    expect(record.requestContext.functionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:event-destinations:$LATEST');
  });

  it('Success false: retried after 1 and 2 minutes, then the on-failure function logs RetriesExhausted', async () => {
    const from = app.output().length;
    expect(await invokeAsync({ Success: false })).toBe(202);
    await app.waitForOutput(/event-destinations \| .*\tINFO\tFailure\n/, { from });
    const failuresSeen = () =>
      (
        app
          .output()
          .slice(from)
          .match(/event-destinations \| .*\tINFO\tFailure\n/g) ?? []
      ).length;
    expect(failuresSeen()).toBe(1);

    await app.advance(59);
    expect(failuresSeen()).toBe(1); // the first retry is due a minute after the failure
    await app.advance(1);
    await app.waitForOutput(/(event-destinations \| .*\tINFO\tFailure\n[^]*){2}/, { from });
    await app.advance(120);
    await app.waitForOutput(/(event-destinations \| .*\tINFO\tFailure\n[^]*){3}/, { from });

    await app.waitForOutput(/event-destinations-on-failure-dev \| .*EVENT/, { from });
    await app.waitForOutput(/event-destinations-on-failure-dev \| END RequestId/, { from });
    const logged = app.linesOf('event-destinations-on-failure-dev').join('\n');
    expect(logged).toContain('"condition": "RetriesExhausted"');
    expect(logged).toContain('"approximateInvokeCount": 3');
    expect(logged).toContain('"errorMessage": "Failure from event, Success = false, I am failing!"');
    expect(logged).toContain('"functionError": "Unhandled"');
  });
});
