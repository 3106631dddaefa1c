/**
 * Kinesis mappings with TumblingWindowInSeconds: windows on the records' arrival times, the state carried
 * from one invocation of a window to the next, the final invocation when the window ends on the clock,
 * failures (retries, a missing state, the on-failure destination, a failing final invocation), a state
 * over 1 MB ending the window early, a restart mid-window, and SQS refusing the setting.
 */
import fs from 'node:fs';
import { CreateEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateStreamCommand, PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, startTestOnward, type TestOnward } from '../helpers/onward.ts';
import { ACCOUNT, clients, createQueue, createRecorder, drainRecorded, kinesisClient } from './esm-helpers.ts';

/**
 * Sums the numeric record values into `state.sum` (and counts records), records a summary of each event in
 * RECORD_QUEUE_URL (a state's `padding` only by its length: SQS bodies stop at 256 KB), and answers as the
 * records ask: "fail" throws, "nostate" answers without a state, "big" pads the state past 1 MB, "bad"
 * is reported in batchItemFailures (the state then counts only the records before it).
 * FAIL_FINAL_TIMES makes that many final invocations throw.
 */
const SUMMER = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
let finalFailures = 0;
exports.handler = async (event) => {
  const values = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));
  const state = event.state;
  const summary = {
    values,
    window: event.window,
    state: { ...state, ...(state.padding ? { padding: state.padding.length } : {}) },
    shardId: event.shardId,
    eventSourceARN: event.eventSourceARN,
    isFinalInvokeForWindow: event.isFinalInvokeForWindow,
    isWindowTerminatedEarly: event.isWindowTerminatedEarly,
  };
  const at = performance.timeOrigin + performance.now();
  await sqs.send(new SendMessageCommand({
    QueueUrl: process.env.RECORD_QUEUE_URL,
    MessageBody: JSON.stringify({ event: summary, startedAt: at, endedAt: at }),
  }));
  if (values.includes('fail')) throw new Error('failing on purpose');
  if (values.includes('nostate')) return { batchItemFailures: [] };
  if (event.isFinalInvokeForWindow && finalFailures < Number(process.env.FAIL_FINAL_TIMES ?? 0)) {
    finalFailures += 1;
    throw new Error('final failing on purpose');
  }
  const bad = values.indexOf('bad');
  const counted = bad === -1 ? values : values.slice(0, bad);
  const numbers = counted.map(Number).filter((n) => !Number.isNaN(n));
  const next = { sum: (state.sum ?? 0) + numbers.reduce((a, b) => a + b, 0), count: (state.count ?? 0) + counted.length };
  if (values.includes('big')) next.padding = 'x'.repeat(1100000);
  console.log('window', event.window.start, 'sum', next.sum);
  if (bad === -1) return { state: next };
  return { state: next, batchItemFailures: [{ itemIdentifier: event.Records[bad].kinesis.sequenceNumber }] };
};
`;

interface Summary {
  values: string[];
  window: { start: string; end: string };
  state: { sum?: number; count?: number; padding?: number };
  shardId: string;
  eventSourceARN: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

const WINDOW_SECONDS = 60;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

let onward: TestOnward;
let lambda: LambdaClient;
let sqs: SQSClient;
let kinesis: KinesisClient;

function connect(o: TestOnward) {
  ({ lambda, sqs } = clients(o));
  kinesis = kinesisClient(o.url);
}

function disconnect() {
  lambda.destroy();
  sqs.destroy();
  kinesis.destroy();
}

const streamArn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;

/** A function summing its window's records, each call reported to a fresh queue; returns that queue's URL. */
const summer = (name: string, environment: Record<string, string> = {}) => createRecorder(lambda, sqs, name, environment, SUMMER);

const streams = new Set<string>();

async function createStream(name: string) {
  if (streams.has(name)) return;
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  streams.add(name);
}

async function windowedMapping(name: string, extra: Record<string, unknown> = {}) {
  await createStream(name);
  return lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: name,
      EventSourceArn: streamArn(name),
      StartingPosition: 'TRIM_HORIZON',
      TumblingWindowInSeconds: WINDOW_SECONDS,
      BatchSize: 2,
      ...extra,
    }),
  );
}

async function put(name: string, values: string[]) {
  await kinesis.send(
    new PutRecordsCommand({ StreamName: name, Records: values.map((v) => ({ PartitionKey: 'k', Data: Buffer.from(v) })) }),
  );
}

async function recorded(url: string): Promise<Summary[]> {
  return (await drainRecorded(sqs, url)).map((r) => r.event as unknown as Summary);
}

/** Moves the clock to `offsetSeconds` past the start of the next window; returns that window's start. */
async function alignToNextWindow(o: TestOnward, offsetSeconds = 1): Promise<number> {
  const lengthMs = WINDOW_SECONDS * 1000;
  const startMs = (Math.floor(o.clock.now() / lengthMs) + 1) * lengthMs;
  await o.advance((startMs + offsetSeconds * 1000 - o.clock.now()) / 1000);
  return startMs;
}

/** Seconds from now to `ms` on the clock. */
const until = (o: TestOnward, ms: number) => (ms - o.clock.now()) / 1000;

describe('tumbling windows', () => {
  beforeAll(async () => {
    onward = await startTestOnward();
    connect(onward);
  });

  afterAll(async () => {
    disconnect();
    await onward.stop();
  });

  it('carries the state through a window and ends it with a final invocation on the clock', async () => {
    const url = await summer('tw-sum');
    const created = await windowedMapping('tw-sum');
    expect(created.TumblingWindowInSeconds).toBe(WINDOW_SECONDS);
    expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID! }))).TumblingWindowInSeconds).toBe(
      WINDOW_SECONDS,
    );
    const start = await alignToNextWindow(onward);
    const window = { start: iso(start), end: iso(start + WINDOW_SECONDS * 1000) };
    const common = {
      window,
      shardId: 'shardId-000000000000',
      eventSourceARN: streamArn('tw-sum'),
      isWindowTerminatedEarly: false,
    };

    await put('tw-sum', ['1', '2', '3']);
    await onward.advance(0);
    await onward.advance(20);
    await put('tw-sum', ['4']);
    await onward.advance(0);
    expect(await recorded(url)).toEqual([
      { ...common, values: ['1', '2'], state: {}, isFinalInvokeForWindow: false },
      { ...common, values: ['3'], state: { sum: 3, count: 2 }, isFinalInvokeForWindow: false },
      { ...common, values: ['4'], state: { sum: 6, count: 3 }, isFinalInvokeForWindow: false },
    ]);

    // One second before the end nothing happens; at the end, the final invocation gets the whole state.
    await onward.advance(until(onward, start + WINDOW_SECONDS * 1000) - 1);
    expect(await recorded(url)).toEqual([]);
    await onward.advance(1);
    expect(await recorded(url)).toEqual([{ ...common, values: [], state: { sum: 10, count: 4 }, isFinalInvokeForWindow: true }]);

    // The next records open the next window with a fresh state.
    await put('tw-sum', ['5']);
    await onward.advance(0);
    const next = { start: iso(start + WINDOW_SECONDS * 1000), end: iso(start + 2 * WINDOW_SECONDS * 1000) };
    expect(await recorded(url)).toEqual([{ ...common, window: next, values: ['5'], state: {}, isFinalInvokeForWindow: false }]);
  });

  it('closes the open window before records of a later window, even when they are read together', async () => {
    const url = await summer('tw-late');
    await createStream('tw-late');
    const start = await alignToNextWindow(onward, 50);
    await put('tw-late', ['1']);
    await onward.advance(20); // now in the next window
    await put('tw-late', ['2']);
    await windowedMapping('tw-late', { BatchSize: 10 });
    await onward.advance(0);
    const events = await recorded(url);
    expect(events.map((e) => [e.window.start, e.values, e.state, e.isFinalInvokeForWindow])).toEqual([
      [iso(start), ['1'], {}, false],
      [iso(start), [], { sum: 1, count: 1 }, true],
      [iso(start + WINDOW_SECONDS * 1000), ['2'], {}, false],
    ]);
  });

  it('retries failed batches, counts an answer without state as a failure, and discards to the destination', async () => {
    const url = await summer('tw-fail');
    const failures = await createQueue(sqs, 'tw-fail-dlq');
    await alignToNextWindow(onward);
    await windowedMapping('tw-fail', {
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: failures.arn } },
    });
    await put('tw-fail', ['7']);
    await onward.advance(0);
    await put('tw-fail', ['fail']);
    await onward.advance(0);
    await onward.advance(1); // the one retry
    await put('tw-fail', ['nostate']);
    await onward.advance(0);
    await onward.advance(1);
    await put('tw-fail', ['8']);
    await onward.advance(0);
    const events = await recorded(url);
    expect(events.map((e) => [e.values, e.state])).toEqual([
      [['7'], {}],
      [['fail'], { sum: 7, count: 1 }],
      [['fail'], { sum: 7, count: 1 }],
      [['nostate'], { sum: 7, count: 1 }],
      [['nostate'], { sum: 7, count: 1 }],
      [['8'], { sum: 7, count: 1 }],
    ]);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: failures.url, MaxNumberOfMessages: 10 }));
    const bodies = (Messages ?? []).map((m) => JSON.parse(m.Body!));
    expect(
      bodies.map((b) => [b.requestContext.condition, b.requestContext.approximateInvokeCount, b.KinesisBatchInfo.batchSize]),
    ).toEqual([
      ['RetryAttemptsExhausted', 2, 1],
      ['RetryAttemptsExhausted', 2, 1],
    ]);
    await onward.advance(WINDOW_SECONDS);
    expect((await recorded(url)).map((e) => [e.values, e.state, e.isFinalInvokeForWindow])).toEqual([
      [[], { sum: 15, count: 2 }, true],
    ]);
  });

  it('keeps the state of the records before a reported batch item failure', async () => {
    const url = await summer('tw-partial');
    const failures = await createQueue(sqs, 'tw-partial-dlq');
    await alignToNextWindow(onward);
    await windowedMapping('tw-partial', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: failures.arn } },
    });
    await put('tw-partial', ['1', '2', 'bad', '4']);
    await onward.advance(0);
    await onward.advance(1); // the retry from the reported record, which reports it again: discarded
    await onward.advance(WINDOW_SECONDS);
    expect((await recorded(url)).map((e) => [e.values, e.state, e.isFinalInvokeForWindow])).toEqual([
      [['1', '2', 'bad', '4'], {}, false],
      [['bad', '4'], { sum: 3, count: 2 }, false],
      [[], { sum: 3, count: 2 }, true],
    ]);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: failures.url, MaxNumberOfMessages: 10 }));
    expect((Messages ?? []).map((m) => JSON.parse(m.Body!).KinesisBatchInfo.batchSize)).toEqual([2]);
  });

  it('holds the shard until a failing final invocation succeeds', async () => {
    const url = await summer('tw-final', { FAIL_FINAL_TIMES: '2' });
    const start = await alignToNextWindow(onward);
    await windowedMapping('tw-final');
    await put('tw-final', ['1']);
    await onward.advance(0);
    await onward.advance(until(onward, start + WINDOW_SECONDS * 1000));
    await put('tw-final', ['2']);
    await onward.advance(0);
    const summarize = (events: Summary[]) => events.map((e) => [e.window.start, e.values, e.isFinalInvokeForWindow]);
    expect(summarize(await recorded(url))).toEqual([
      [iso(start), ['1'], false],
      [iso(start), [], true],
    ]);
    await onward.advance(1); // second try (fails), then 2 s later the third
    await onward.advance(2);
    expect(summarize(await recorded(url))).toEqual([
      [iso(start), [], true],
      [iso(start), [], true],
      [iso(start + WINDOW_SECONDS * 1000), ['2'], false],
    ]);
  });

  it('ends a window early when its state passes 1 MB and continues it with a fresh state', async () => {
    const url = await summer('tw-big');
    const start = await alignToNextWindow(onward);
    await windowedMapping('tw-big', { BatchSize: 1 });
    await put('tw-big', ['1', 'big', '2']);
    await onward.advance(0);
    const events = await recorded(url);
    expect(events.map((e) => [e.window.start, e.values, e.state, e.isFinalInvokeForWindow, e.isWindowTerminatedEarly])).toEqual([
      [iso(start), ['1'], {}, false, false],
      [iso(start), ['big'], { sum: 1, count: 1 }, false, false],
      [iso(start), [], { sum: 1, count: 2, padding: 1_100_000 }, true, true],
      [iso(start), ['2'], {}, false, false],
    ]);
    await onward.advance(WINDOW_SECONDS);
    expect((await recorded(url)).map((e) => [e.values, e.state, e.isFinalInvokeForWindow, e.isWindowTerminatedEarly])).toEqual([
      [[], { sum: 2, count: 1 }, true, false],
    ]);
  });

  it('refuses TumblingWindowInSeconds on SQS mappings as Lambda does', async () => {
    await summer('tw-sqs');
    const queue = await createQueue(sqs, 'tw-sqs-source');
    const error = await lambda
      .send(
        new CreateEventSourceMappingCommand({ FunctionName: 'tw-sqs', EventSourceArn: queue.arn, TumblingWindowInSeconds: 30 }),
      )
      .then(
        () => undefined,
        (e: Error) => ({ name: e.name, message: e.message }),
      );
    expect(error).toEqual({
      name: 'InvalidParameterValueException',
      message: 'Unsupported TumblingWindowInSeconds parameter for given event source mapping type.',
    });
  });
});

describe('tumbling windows across a restart', () => {
  const dataDir = makeDataDir();
  let restarted: TestOnward | undefined;

  afterAll(async () => {
    await restarted?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes the open window with its saved state, neither losing nor double-counting', async () => {
    restarted = await startTestOnward({ dataDir });
    connect(restarted);
    const url = await summer('tw-restart');
    const start = await alignToNextWindow(restarted);
    await windowedMapping('tw-restart');
    await put('tw-restart', ['1', '2', '3']);
    await restarted.advance(0);
    expect((await recorded(url)).map((e) => [e.values, e.state])).toEqual([
      [['1', '2'], {}],
      [['3'], { sum: 3, count: 2 }],
    ]);
    disconnect();
    const port = restarted.port;
    await restarted.close();

    // Same port: the function's record queue URL names it.
    restarted = await startTestOnward({ dataDir, port: String(port) });
    connect(restarted);
    await put('tw-restart', ['4']);
    await restarted.advance(0);
    await restarted.advance(until(restarted, start + WINDOW_SECONDS * 1000));
    expect((await recorded(url)).map((e) => [e.window.start, e.values, e.state, e.isFinalInvokeForWindow])).toEqual([
      [iso(start), ['4'], { sum: 6, count: 3 }, false],
      [iso(start), [], { sum: 10, count: 4 }, true],
    ]);
    disconnect();
  });
});
