/**
 * Durability: a process killed with SIGKILL while clients are being answered loses nothing it
 * acknowledged, and messages that were in flight come back after their visibility timeout.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { killableOnwards } from '../helpers/killable.ts';
import { TEST_CREDENTIALS, TEST_REGION } from '../helpers/onward.ts';
import type { OnwardProcess } from '../helpers/process.ts';
import { drainBodies } from '../helpers/queues.ts';

const onwards = killableOnwards();

async function start(dataDir: string): Promise<{ onward: OnwardProcess; sqs: SQSClient }> {
  const onward = await onwards.spawn(dataDir);
  const sqs = new SQSClient({ endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  return { onward, sqs };
}

async function advance(onward: OnwardProcess, seconds: number): Promise<void> {
  const response = await fetch(`${onward.url}/_onward/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds }) });
  expect(response.status).toBe(200);
}

describe('a process killed with SIGKILL', () => {
  it('keeps every acknowledged message, even when killed mid-load', async () => {
    const dataDir = onwards.dataDir();
    const first = await start(dataDir);
    const { QueueUrl } = await first.sqs.send(new CreateQueueCommand({ QueueName: 'durable' }));
    const queueUrl = QueueUrl!;

    const acknowledged = await onwards.loadThenKill(first.onward, {
      workers: 16,
      atLeast: 300,
      send: async (body) => {
        await first.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
        return true;
      },
    });
    first.sqs.destroy();

    const second = await start(dataDir);
    const stored = await drainBodies(second.sqs, queueUrl);
    const storedSet = new Set(stored);
    expect(acknowledged.filter((body) => !storedSet.has(body))).toEqual([]);
    expect(storedSet.size).toBe(stored.length);
    second.sqs.destroy();
  });

  it('brings in-flight messages back after their visibility timeout', async () => {
    const dataDir = onwards.dataDir();
    const first = await start(dataDir);
    const { QueueUrl } = await first.sqs.send(
      new CreateQueueCommand({ QueueName: 'in-flight', Attributes: { VisibilityTimeout: '60' }, tags: { kept: 'yes' } }),
    );
    for (const body of ['a', 'b', 'c']) await first.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const received = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2 }));
    expect(received.Messages).toHaveLength(2);
    await onwards.kill(first.onward);
    first.sqs.destroy();

    const second = await start(dataDir);
    const attributes = await second.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(attributes.Attributes).toMatchObject({
      VisibilityTimeout: '60',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '2',
    });
    await advance(second.onward, 60);
    const again = await second.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    const counts = Object.fromEntries(again.Messages!.map((m) => [m.Body, m.Attributes!.ApproximateReceiveCount]));
    const inFlight = Object.fromEntries(received.Messages!.map((m) => [m.Body, '2']));
    expect(counts).toEqual({ a: '1', b: '1', c: '1', ...inFlight });
    second.sqs.destroy();
  });
});

describe('an asynchronous invocation across a SIGKILL', () => {
  it('keeps its scheduled retry and its request id, and still reaches its one failure record', async () => {
    const dataDir = onwards.dataDir();
    const first = await start(dataDir);
    const config = { endpoint: first.onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const lambda = new LambdaClient(config);
    const { QueueUrl } = await first.sqs.send(new CreateQueueCommand({ QueueName: 'failures' }));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'always-fails',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/r',
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async () => { throw new Error("no"); };') }) },
      }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'always-fails',
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:failures' } },
      }),
    );
    const accepted = await lambda.send(
      new InvokeCommand({ FunctionName: 'always-fails', InvocationType: 'Event', Payload: Buffer.from('{"k":1}') }),
    );
    expect(accepted.StatusCode).toBe(202);
    // The first attempt runs at once; once it failed, its retry waits on the clock. Then the process dies.
    const health = async () => (await (await fetch(`${first.onward.url}/_onward/clock`)).json()) as { nowMs: number };
    await health();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await onwards.kill(first.onward);
    lambda.destroy();
    first.sqs.destroy();

    const second = await start(dataDir);
    await advance(second.onward, 60);
    const { Messages } = await second.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: QueueUrl!, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }),
    );
    expect(Messages).toHaveLength(1);
    expect(JSON.parse(Messages![0]!.Body!).requestContext).toEqual({
      requestId: accepted.$metadata.requestId,
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:always-fails:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 2,
    });
    second.sqs.destroy();
  });
});

describe('asynchronous invocations under load across repeated SIGKILLs', () => {
  it('bring every accepted invocation to exactly one record, none lost, none twice', async () => {
    const dataDir = onwards.dataDir();
    let current = await start(dataDir);
    const lambdaFor = (url: string) =>
      new LambdaClient({ endpoint: url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const setup = lambdaFor(current.onward.url);
    await current.sqs.send(new CreateQueueCommand({ QueueName: 'outcomes' }));
    await setup.send(
      new CreateFunctionCommand({
        FunctionName: 'steady',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/r',
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async (e) => e.n;') }) },
      }),
    );
    const outcomes = 'arn:aws:sqs:us-east-1:000000000000:outcomes';
    await setup.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'steady',
        DestinationConfig: { OnSuccess: { Destination: outcomes }, OnFailure: { Destination: outcomes } },
      }),
    );
    setup.destroy();

    const accepted = new Set<string>();
    let n = 0;
    for (let round = 0; round < 3; round++) {
      const lambda = lambdaFor(current.onward.url);
      let stop = false;
      const sender = async () => {
        while (!stop) {
          try {
            const result = await lambda.send(
              new InvokeCommand({
                FunctionName: 'steady',
                InvocationType: 'Event',
                Payload: Buffer.from(JSON.stringify({ n: n++ })),
              }),
            );
            if (result.StatusCode === 202) accepted.add(result.$metadata.requestId!);
          } catch {
            return; // the process died under this request: it was never acknowledged
          }
        }
      };
      const senders = Array.from({ length: 8 }, sender);
      const target = accepted.size + 150 + round * 50;
      while (accepted.size < target) await new Promise((resolve) => setTimeout(resolve, 5));
      stop = true;
      await onwards.kill(current.onward);
      await Promise.all(senders);
      lambda.destroy();
      current.sqs.destroy();
      current = await start(dataDir);
    }

    // Attempts cut short by a kill count as failed attempts and are retried after 1 and 2 minutes.
    const seen = new Map<string, number>();
    const queueUrl = `${current.onward.url}/000000000000/outcomes`;
    const deadlineMs = Date.now() + 60_000;
    while (Date.now() < deadlineMs && [...accepted].some((id) => !seen.has(id))) {
      const { Messages } = await current.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 600 }),
      );
      for (const message of Messages ?? []) {
        const id = JSON.parse(message.Body!).requestContext.requestId as string;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      if (!Messages) await advance(current.onward, 120);
    }
    const lost = [...accepted].filter((id) => !seen.has(id));
    const twice = [...seen].filter(([, count]) => count > 1);
    console.log(
      `accepted ${accepted.size}, records ${[...seen.values()].reduce((a, b) => a + b, 0)}, lost ${lost.length}, duplicated ${twice.length}`,
    );
    expect(lost).toEqual([]);
    expect(twice).toEqual([]);
    current.sqs.destroy();
  });
});
