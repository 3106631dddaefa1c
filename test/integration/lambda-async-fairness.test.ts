/**
 * Each function's async queue is worked on its own: a function whose attempts are all busy (here a
 * handler that waits two minutes) holds back no other function's events. Its own server: the busy
 * attempts would make every clock advance of the other async tests wait.
 */
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFunction, startLambdaTestbed } from '../helpers/functions.ts';
import { createQueue } from '../helpers/queues.ts';

let testbed: Awaited<ReturnType<typeof startLambdaTestbed>>;
let lambda: LambdaClient;
let sqs: SQSClient;

beforeAll(async () => {
  testbed = await startLambdaTestbed();
  ({ lambda, sqs } = testbed);
});

afterAll(() => testbed.stop());

const fn = (name: string, code: string, extra: Record<string, unknown> = {}) => createNodeFunction(lambda, name, code, extra);

async function invokeEvent(name: string, payload: unknown) {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  expect(result.StatusCode).toBe(202);
  return result.$metadata.requestId!;
}

describe('asynchronous invocation across functions', () => {
  it("runs a function's events while another function's attempts are all busy", async () => {
    const busy = await createQueue(sqs, 'fairness-busy-started');
    const quick = await createQueue(sqs, 'fairness-quick-records');
    // Tells the test it started, then waits two minutes (its timeout is five).
    await fn(
      'fairness-busy',
      `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
       const sqs = new SQSClient({});
       exports.handler = async (event, context) => {
         await sqs.send(new SendMessageCommand({ QueueUrl: event.startedQueue, MessageBody: context.awsRequestId }));
         await new Promise((resolve) => setTimeout(resolve, 120000));
       };`,
      { Timeout: 300 },
    );
    await fn('fairness-quick', 'exports.handler = async (event) => ({ quick: event.n });');
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'fairness-quick',
        DestinationConfig: { OnSuccess: { Destination: quick.arn } },
      }),
    );

    // More events than the busy function has attempt slots, so its queue is full and waiting.
    for (let n = 0; n < 12; n++) await invokeEvent('fairness-busy', { n, startedQueue: busy.url });
    const started = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (started.size < 8 && Date.now() < deadline) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: busy.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 2, VisibilityTimeout: 600 }),
      );
      for (const message of Messages ?? []) started.add(message.Body!);
    }
    expect(started.size).toBe(8); // every slot of the busy function is taken

    const requestId = await invokeEvent('fairness-quick', { n: 42 });
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: quick.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }),
    );
    expect(Messages).toHaveLength(1);
    const record = JSON.parse(Messages![0]!.Body!);
    expect(record.requestContext).toMatchObject({ requestId, condition: 'Success' });
    expect(record.responsePayload).toEqual({ quick: 42 });
  });
});
