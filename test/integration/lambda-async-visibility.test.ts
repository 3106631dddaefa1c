/**
 * What Onward shows of asynchronous invocations: each attempt's history (results, errors, durations,
 * next retry) in GET /_onward/invocations, the live SSE stream, the Prometheus metrics, and retention
 * that prunes finished invocations but never the queue.
 */
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseParser } from '../../src/cli/invocation-timeline.ts';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let lambda: LambdaClient;
let sqs: SQSClient;
const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

beforeAll(async () => {
  onward = await startTestOnward();
  ({ lambda, sqs } = clients(onward));
});

afterAll(async () => {
  lambda.destroy();
  sqs.destroy();
  await onward.stop();
});

function clients(server: TestOnward) {
  const config = { endpoint: server.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return { lambda: new LambdaClient(config), sqs: new SQSClient(config) };
}

const HANDLER = `
exports.handler = async (event) => {
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  if (event.fail) throw new Error('failing on purpose');
  return { ok: true };
};`;

async function fn(client: LambdaClient, name: string, extra: Record<string, unknown> = {}) {
  await client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipSync({ 'index.js': strToU8(HANDLER) }) },
      ...extra,
    }),
  );
}

async function invokeEvent(client: LambdaClient, name: string, payload: unknown): Promise<string> {
  const result = await client.send(
    new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  expect(result.StatusCode).toBe(202);
  return result.$metadata.requestId!;
}

async function queueArn(name: string): Promise<string> {
  await sqs.send(new CreateQueueCommand({ QueueName: name }));
  return `arn:aws:sqs:us-east-1:000000000000:${name}`;
}

async function invocation(server: TestOnward, requestId: string): Promise<any> {
  const response = await fetch(`${server.url}/_onward/invocations/${requestId}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function list(server: TestOnward, query: string): Promise<any[]> {
  return ((await (await fetch(`${server.url}/_onward/invocations?${query}`)).json()) as { invocations: any[] }).invocations;
}

/** Reads GET /_onward/invocations/stream in the background. */
async function openStream(server: TestOnward, query = '') {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/_onward/invocations/stream${query}`, { signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const events: any[] = [];
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const done = (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const message of parser.push(decoder.decode(chunk, { stream: true }))) {
          const data = JSON.parse(message.data);
          expect(data.type).toBe(message.event);
          events.push(data);
        }
      }
    } catch {
      // Aborted by the test.
    }
  })();
  return { events, done, close: () => abort.abort() };
}

/** Waits (real time) until `check` passes: the stream is written after the commits it reports. */
async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('asynchronous invocation history', () => {
  it('records each attempt of a failing function, the next retry, the outcome and the deliveries; the stream reports them in order', async () => {
    const failures = await queueArn('vis-failures');
    const dlq = await queueArn('vis-dlq');
    await fn(lambda, 'vis-failing', { DeadLetterConfig: { TargetArn: dlq } });
    await fn(lambda, 'vis-other');
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'vis-failing',
        DestinationConfig: { OnFailure: { Destination: failures } },
      }),
    );
    const stream = await openStream(onward, '?function=vis-failing');
    const requestId = await invokeEvent(lambda, 'vis-failing', { fail: true, sleepMs: 30 });
    await invokeEvent(lambda, 'vis-other', {});
    await onward.advance(0);

    const first = await invocation(onward, requestId);
    const acceptedMs = Date.parse(first.acceptedAt);
    expect(first).toMatchObject({ requestId, functionName: 'vis-failing', status: 'queued', attempts: 1, throttles: 0 });
    expect(first.acceptedAt).toBe(first.enqueuedAt);
    expect(first.nextAttemptAt).toBe(new Date(acceptedMs + 60_000).toISOString());
    expect(first.history).toEqual([
      {
        number: 1,
        startedAt: first.acceptedAt,
        finishedAt: first.acceptedAt,
        durationMs: expect.any(Number),
        result: 'functionError',
        errorType: 'Error',
        errorMessage: 'failing on purpose',
        executedVersion: '$LATEST',
      },
    ]);
    // The real time the attempt took, though the clock stood still.
    expect(first.history[0].durationMs).toBeGreaterThanOrEqual(25);

    await onward.advance(60);
    const second = await invocation(onward, requestId);
    expect(second.history.map((a: any) => [a.number, a.startedAt, a.result])).toEqual([
      [1, first.acceptedAt, 'functionError'],
      [2, new Date(acceptedMs + 60_000).toISOString(), 'functionError'],
    ]);
    expect(second.nextAttemptAt).toBe(new Date(acceptedMs + 180_000).toISOString());

    await onward.advance(120);
    const finished = await invocation(onward, requestId);
    expect(finished).toMatchObject({ status: 'failed', attempts: 3, finishedAt: new Date(acceptedMs + 180_000).toISOString() });
    expect(finished.nextAttemptAt).toBeUndefined();
    expect(finished.history.map((a: any) => a.number)).toEqual([1, 2, 3]);
    expect(finished.outcome).toEqual({
      condition: 'RetriesExhausted',
      deliveries: [
        { kind: 'OnFailure', destination: failures, delivered: true, at: finished.finishedAt },
        { kind: 'DeadLetter', destination: dlq, delivered: true, at: finished.finishedAt },
      ],
    });
    const [listed] = await list(onward, 'function=vis-failing');
    expect(listed).toEqual(finished);

    await eventually(() => expect(stream.events).toHaveLength(12));
    stream.close();
    expect(stream.events.map((e) => [e.type, e.attempt ?? e.delivery?.kind ?? e.condition ?? null])).toEqual([
      ['accepted', null],
      ['attempt-started', 1],
      ['attempt-finished', 1],
      ['retry-scheduled', null],
      ['attempt-started', 2],
      ['attempt-finished', 2],
      ['retry-scheduled', null],
      ['attempt-started', 3],
      ['attempt-finished', 3],
      ['failed', 'RetriesExhausted'],
      ['delivered', 'OnFailure'],
      ['delivered', 'DeadLetter'],
    ]);
    for (const event of stream.events) {
      expect(event).toMatchObject({
        requestId,
        function: 'vis-failing',
        qualifier: '$LATEST',
        region: 'us-east-1',
        account: '000000000000',
      });
      expect(event.at).toMatch(ISO);
    }
    expect(stream.events[2]).toMatchObject({ result: 'functionError', errorType: 'Error', errorMessage: 'failing on purpose' });
    expect(stream.events[3].nextAttemptAt).toBe(new Date(acceptedMs + 60_000).toISOString());
    expect(stream.events[4].eventAgeMs).toBe(60_000);
  });

  it('records timeouts as such, with the runtime error type', async () => {
    await fn(lambda, 'vis-timeout', { Timeout: 1 });
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'vis-timeout', MaximumRetryAttempts: 0 }));
    const requestId = await invokeEvent(lambda, 'vis-timeout', { sleepMs: 3_000 });
    await onward.advance(0);
    const timedOut = await invocation(onward, requestId);
    expect(timedOut).toMatchObject({ status: 'failed', outcome: { condition: 'RetriesExhausted', deliveries: [] } });
    expect(timedOut.history).toEqual([expect.objectContaining({ number: 1, result: 'timeout', errorType: 'Sandbox.Timedout' })]);
    expect(timedOut.history[0].errorMessage).toMatch(/Task timed out after 1\.00 seconds/);
    expect(timedOut.history[0].durationMs).toBeGreaterThanOrEqual(900);
  });

  it('records throttles without counting them as attempts', async () => {
    await fn(lambda, 'vis-throttled');
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'vis-throttled', ReservedConcurrentExecutions: 1 }));
    const stream = await openStream(onward, '?function=vis-throttled');
    const first = await invokeEvent(lambda, 'vis-throttled', { sleepMs: 300 });
    const second = await invokeEvent(lambda, 'vis-throttled', { sleepMs: 300 });
    await onward.advance(0);
    const [a, b] = [await invocation(onward, first), await invocation(onward, second)];
    const throttled = [a, b].find((i) => i.status === 'queued');
    expect(throttled).toMatchObject({ attempts: 0, throttles: 1 });
    expect(throttled.history).toEqual([
      { number: null, startedAt: throttled.acceptedAt, finishedAt: throttled.acceptedAt, durationMs: 0, result: 'throttled' },
    ]);
    expect(throttled.nextAttemptAt).toBe(new Date(Date.parse(throttled.acceptedAt) + 1_000).toISOString());
    await onward.advance(1);
    const after = await invocation(onward, throttled.requestId);
    expect(after).toMatchObject({ status: 'succeeded', attempts: 1, throttles: 1, outcome: { condition: 'Success' } });
    expect(after.history.map((h: any) => [h.number, h.result])).toEqual([
      [null, 'throttled'],
      [1, 'success'],
    ]);
    await eventually(() => expect(stream.events.filter((e) => e.type === 'succeeded')).toHaveLength(2));
    stream.close();
    expect(stream.events.find((e) => e.type === 'throttled')).toMatchObject({
      requestId: throttled.requestId,
      nextAttemptAt: throttled.nextAttemptAt,
    });
  });

  it('exposes Prometheus metrics of the activity so far', async () => {
    await fn(lambda, 'vis-metrics');
    const gone = await queueArn('vis-gone');
    await fn(lambda, 'vis-broken', { DeadLetterConfig: { TargetArn: gone } });
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'vis-broken',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: gone } },
      }),
    );
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'vis-gone' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await lambda.send(new InvokeCommand({ FunctionName: 'vis-metrics', Payload: Buffer.from('{}') }));
    await lambda.send(new InvokeCommand({ FunctionName: 'vis-metrics', Payload: Buffer.from('{"fail":true}') }));
    await invokeEvent(lambda, 'vis-metrics', {});
    await invokeEvent(lambda, 'vis-metrics', { fail: true });
    await invokeEvent(lambda, 'vis-broken', { fail: true });
    await onward.advance(0);

    const response = await fetch(`${onward.url}/_onward/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    const samples = new Map<string, number>();
    const families = new Map<string, string>();
    for (const line of text.trimEnd().split('\n')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) families.set(type[1]!, type[2]!);
      if (line.startsWith('#')) continue;
      const sample = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
      expect(sample, line).not.toBeNull();
      samples.set(`${sample![1]}${sample![2] ?? ''}`, Number(sample![3]));
    }
    const lambdaFamilies = [...families].filter(([name]) => name.startsWith('onward_lambda_'));
    expect(Object.fromEntries(lambdaFamilies)).toEqual({
      onward_lambda_invocations_total: 'counter',
      onward_lambda_errors_total: 'counter',
      onward_lambda_throttles_total: 'counter',
      onward_lambda_async_events_received_total: 'counter',
      onward_lambda_async_event_age_milliseconds: 'histogram',
      onward_lambda_async_events_dropped_total: 'counter',
      onward_lambda_destination_delivery_failures_total: 'counter',
      onward_lambda_dead_letter_errors_total: 'counter',
      onward_lambda_async_queue_depth: 'gauge',
    });
    const of = (name: string) => `function="${name}",region="us-east-1",account="000000000000"`;
    const m = of('vis-metrics');
    expect(samples.get(`onward_lambda_invocations_total{${m}}`)).toBe(4);
    expect(samples.get(`onward_lambda_errors_total{${m}}`)).toBe(2);
    expect(samples.get(`onward_lambda_async_events_received_total{${m}}`)).toBe(2);
    expect(samples.get(`onward_lambda_async_event_age_milliseconds_count{${m}}`)).toBe(2);
    expect(samples.get(`onward_lambda_async_event_age_milliseconds_bucket{${m},le="100"}`)).toBe(2);
    // The failing event waits for its retry: the queue depth comes from the store.
    expect(samples.get(`onward_lambda_async_queue_depth{${m}}`)).toBe(1);
    const broken = of('vis-broken');
    expect(samples.get(`onward_lambda_async_events_dropped_total{${broken},reason="RetriesExhausted"}`)).toBe(1);
    expect(samples.get(`onward_lambda_destination_delivery_failures_total{${broken}}`)).toBe(1);
    expect(samples.get(`onward_lambda_dead_letter_errors_total{${broken}}`)).toBe(1);
    const failing = of('vis-failing');
    expect(samples.get(`onward_lambda_invocations_total{${failing}}`)).toBe(3);
    expect(samples.get(`onward_lambda_async_event_age_milliseconds_sum{${failing}}`)).toBe(240_000);
    expect(samples.get(`onward_lambda_async_event_age_milliseconds_bucket{${failing},le="60000"}`)).toBe(2);
    expect(samples.get(`onward_lambda_async_events_dropped_total{${failing},reason="RetriesExhausted"}`)).toBe(1);
    expect(samples.get(`onward_lambda_throttles_total{${of('vis-throttled')}}`)).toBe(1);
  });

  it('keeps the history across a restart', async () => {
    const requestId = (await list(onward, 'function=vis-failing&limit=1'))[0].requestId;
    const before = await invocation(onward, requestId);
    await onward.close();
    onward = await startTestOnward({ dataDir: onward.dataDir });
    lambda.destroy();
    sqs.destroy();
    ({ lambda, sqs } = clients(onward));
    expect(await invocation(onward, requestId)).toEqual(before);
  });
});

describe('retention', () => {
  it('prunes finished invocations by age and by count, never the queued ones, and closes streams on shutdown', async () => {
    // 36 s of history, at most 2 finished invocations (pruned in batches past 3).
    const server = await startTestOnward({ invocationRetentionHours: '0.01', invocationRetentionCount: '2' });
    const { lambda: client, sqs: queues } = clients(server);
    try {
      await fn(client, 'kept');
      const old = [await invokeEvent(client, 'kept', {}), await invokeEvent(client, 'kept', {})];
      await server.advance(0);
      expect((await list(server, 'function=kept')).map((i) => i.status)).toEqual(['succeeded', 'succeeded']);

      // The age rule runs every 10 minutes of the clock.
      await server.advance(590);
      const queued = await invokeEvent(client, 'kept', { fail: true });
      await server.advance(15);
      const afterAge = await list(server, 'function=kept');
      expect(afterAge.map((i) => [i.requestId, i.status])).toEqual([[queued, 'queued']]);
      expect(afterAge[0].history).toHaveLength(1);
      for (const requestId of old) expect((await fetch(`${server.url}/_onward/invocations/${requestId}`)).status).toBe(404);

      // The count rule: past 3 finished, back to the newest 2; the queued one stays.
      const recent: string[] = [];
      for (let i = 0; i < 4; i++) {
        recent.push(await invokeEvent(client, 'kept', {}));
        await server.advance(0);
      }
      const afterCount = await list(server, 'function=kept');
      expect(afterCount.map((i) => [i.requestId, i.status])).toEqual([
        [recent[3], 'succeeded'],
        [recent[2], 'succeeded'],
        [queued, 'queued'],
      ]);

      const stream = await openStream(server);
      const closing = performance.now();
      client.destroy();
      queues.destroy();
      await server.stop();
      expect(performance.now() - closing).toBeLessThan(1_500);
      await stream.done;
    } finally {
      client.destroy();
      queues.destroy();
    }
  });
});
