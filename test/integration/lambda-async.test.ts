/**
 * Asynchronous invocation as the seed walkthroughs use it: Event invokes, retries on the manual clock,
 * the event-age look-ahead, reserved concurrency 0, destination records (SQS, Lambda) and the DLQ.
 */
import {
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestOnward } from '../helpers/onward.ts';
import { createNodeFunction, startLambdaTestbed } from '../helpers/functions.ts';
import { createQueue } from '../helpers/queues.ts';

let testbed: Awaited<ReturnType<typeof startLambdaTestbed>>;
let onward: TestOnward;
let lambda: LambdaClient;
let sqs: SQSClient;
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';

beforeAll(async () => {
  testbed = await startLambdaTestbed();
  ({ onward, lambda, sqs } = testbed);
});

afterAll(() => testbed.stop());

const queue = (name: string) => createQueue(sqs, name);

const fn = (name: string, code: string, extra: Record<string, unknown> = {}) => createNodeFunction(lambda, name, code, extra);

/** A function that counts its attempts in a queue, then fails or succeeds as the event says. */
const COUNTING = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event, context) => {
  if (event.attemptsQueue) await sqs.send(new SendMessageCommand({ QueueUrl: event.attemptsQueue, MessageBody: context.awsRequestId }));
  if (event.fail) throw new Error('failing on purpose');
  return { ok: event.n };
};`;

async function invokeEvent(name: string, payload: unknown, qualifier?: string) {
  const result = await lambda.send(
    new InvokeCommand({
      FunctionName: name,
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify(payload)),
      ...(qualifier ? { Qualifier: qualifier } : {}),
    }),
  );
  expect(result.StatusCode).toBe(202);
  expect(result.ExecutedVersion).toBeUndefined();
  return result.$metadata.requestId!;
}

async function receiveAll(url: string, waitSeconds = 5) {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ['All'],
      VisibilityTimeout: 600,
    }),
  );
  return Messages ?? [];
}

describe('asynchronous invocation', () => {
  it('answers 202 and sends a Success record to the OnSuccess queue', async () => {
    const ok = await queue('async-ok');
    await fn('async-success', COUNTING);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'async-success',
        DestinationConfig: { OnSuccess: { Destination: ok.arn } },
      }),
    );
    const requestId = await invokeEvent('async-success', { n: 7 });
    const [message] = await receiveAll(ok.url);
    const record = JSON.parse(message!.Body!);
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: { requestId, functionArn: `${ARN}async-success:$LATEST`, condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: { n: 7 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { ok: 7 },
    });
  });

  it('retries a failing function after 1 and 2 minutes of the clock, then sends RetriesExhausted and the DLQ message', async () => {
    const attempts = await queue('async-attempts');
    const failures = await queue('async-failures');
    const dlq = await queue('async-dlq');
    await fn('async-failing', COUNTING, { DeadLetterConfig: { TargetArn: dlq.arn } });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'async-failing',
        DestinationConfig: { OnFailure: { Destination: failures.arn } },
      }),
    );
    const payload = { fail: true, attemptsQueue: attempts.url };
    const requestId = await invokeEvent('async-failing', payload);

    expect((await receiveAll(attempts.url)).map((m) => m.Body)).toEqual([requestId]);
    await onward.advance(59);
    expect(await receiveAll(attempts.url, 0)).toEqual([]);
    await onward.advance(1);
    expect((await receiveAll(attempts.url)).map((m) => m.Body)).toEqual([requestId]);
    expect(await receiveAll(failures.url, 0)).toEqual([]);
    await onward.advance(120);
    expect((await receiveAll(attempts.url)).map((m) => m.Body)).toEqual([requestId]);

    const [failure] = await receiveAll(failures.url);
    const record = JSON.parse(failure!.Body!);
    expect(record.requestContext).toEqual({
      requestId,
      functionArn: `${ARN}async-failing:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(record.responsePayload).toMatchObject({ errorType: 'Error', errorMessage: 'failing on purpose' });
    expect(record.requestPayload).toEqual(payload);

    const [dead] = await receiveAll(dlq.url);
    expect(dead!.Body).toBe(JSON.stringify(payload));
    expect(dead!.MessageAttributes).toEqual({
      RequestID: { DataType: 'String', StringValue: requestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'failing on purpose' },
    });
  });

  it('gives up at once when the next retry could not start within MaximumEventAgeInSeconds', async () => {
    const failures = await queue('age-failures');
    await fn('age-limited', COUNTING);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'age-limited',
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: failures.arn } },
      }),
    );
    await invokeEvent('age-limited', { fail: true });
    const [failure] = await receiveAll(failures.url);
    expect(JSON.parse(failure!.Body!).requestContext).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 1 });
  });

  it('sends ZeroReservedConcurrency without any attempt', async () => {
    const failures = await queue('zero-failures');
    await fn('zero-concurrency', COUNTING);
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'zero-concurrency', ReservedConcurrentExecutions: 0 }));
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'zero-concurrency',
        DestinationConfig: { OnFailure: { Destination: failures.arn } },
      }),
    );
    const requestId = await invokeEvent('zero-concurrency', { n: 1 });
    const [failure] = await receiveAll(failures.url);
    const record = JSON.parse(failure!.Body!);
    expect(record.requestContext).toEqual({
      requestId,
      functionArn: `${ARN}zero-concurrency:$LATEST`,
      condition: 'ZeroReservedConcurrency',
      approximateInvokeCount: 0,
    });
    expect(Object.keys(record)).toEqual(['version', 'timestamp', 'requestContext', 'requestPayload']);
  });

  it('passes the record to a Lambda destination as an async event', async () => {
    const seen = await queue('destination-seen');
    await fn(
      'record-reader',
      `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
       const sqs = new SQSClient({});
       exports.handler = async (record) => { await sqs.send(new SendMessageCommand({ QueueUrl: '${seen.url}', MessageBody: JSON.stringify(record) })); };`,
    );
    await fn('with-lambda-destination', COUNTING);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'with-lambda-destination',
        DestinationConfig: { OnSuccess: { Destination: `${ARN}record-reader` } },
      }),
    );
    const requestId = await invokeEvent('with-lambda-destination', { n: 3 });
    const [message] = await receiveAll(seen.url);
    expect(JSON.parse(message!.Body!)).toMatchObject({
      requestContext: { requestId, condition: 'Success' },
      responsePayload: { ok: 3 },
    });
  });

  it('refuses an Event payload over 1 MB with AWS words, and unknown functions with 404', async () => {
    await fn('async-limits', COUNTING);
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(1_048_576) }));
    const error = await lambda
      .send(new InvokeCommand({ FunctionName: 'async-limits', InvocationType: 'Event', Payload: big }))
      .catch((e) => e);
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['RequestEntityTooLargeException', 413]);
    expect(error.message).toBe(`${big.length} byte payload is too large for the Event invocation type (limit 1048576 bytes)`);
    const missing = await lambda.send(new InvokeCommand({ FunctionName: 'nope', InvocationType: 'Event' })).catch((e) => e);
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('shows every invocation: attempts, the next retry, and where its record went (or why it did not)', async () => {
    await fn('visible', COUNTING);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'visible',
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sns:us-east-1:000000000000:alerts' } },
      }),
    );
    const requestId = await invokeEvent('visible', { fail: true });
    const list = async () =>
      ((await (await fetch(`${onward.url}/_onward/invocations?function=visible`)).json()) as { invocations: any[] }).invocations;
    await onward.advance(0);
    expect(await list()).toEqual([
      expect.objectContaining({
        requestId,
        functionName: 'visible',
        qualifier: '$LATEST',
        status: 'queued',
        attempts: 1,
        nextAttemptAt: expect.any(String),
      }),
    ]);
    await onward.advance(60);
    const [finished] = await list();
    expect(finished).toMatchObject({ requestId, status: 'failed', attempts: 2 });
    expect(await (await fetch(`${onward.url}/_onward/invocations/${requestId}`)).json()).toEqual(finished);
    const failedOnes = (await (await fetch(`${onward.url}/_onward/invocations?status=failed&limit=1`)).json()) as {
      invocations: any[];
      nextToken?: string;
    };
    expect(failedOnes.invocations.map((i) => i.requestId)).toEqual([requestId]);
    expect((await fetch(`${onward.url}/_onward/invocations/not-a-request`)).status).toBe(404);
    expect(finished.outcome).toEqual({
      condition: 'RetriesExhausted',
      deliveries: [
        {
          kind: 'OnFailure',
          destination: 'arn:aws:sns:us-east-1:000000000000:alerts',
          delivered: false,
          at: expect.any(String),
          error: 'Topic does not exist',
        },
      ],
    });
  });
});
