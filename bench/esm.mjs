// Event source mappings through Onward: how fast an SQS queue drains into a function at BatchSize 1 and
// 10, and how many Kinesis records per second one shard feeds a function. The records are in place
// before the mapping is created; the function appends each batch's size to a file, and the rate is
// records over the time from CreateEventSourceMapping to the last record counted.
// `node bench/esm.mjs <port>` measures an Onward already listening there.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { createFunction, HEADERS } from './lambda.mjs';
import { call, createQueue, MESSAGE_BODY } from './sqs.mjs';

export const ESM_SETTINGS = { sqsMessages: { 1: 300, 10: 2000 }, kinesisRecords: 5000, kinesisBatchSize: 100, timeoutMs: 60_000 };

const KINESIS = {
  'content-type': 'application/x-amz-json-1.1',
  authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0',
};

async function kinesisCall(port, operation, input) {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { ...KINESIS, 'x-amz-target': `Kinesis_20131202.${operation}` },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${operation} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

async function createMapping(port, input) {
  const response = await fetch(`http://127.0.0.1:${port}/2015-03-31/event-source-mappings/`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`CreateEventSourceMapping answered ${response.status}: ${text.slice(0, 500)}`);
}

/** A function appending the size of each batch it gets to `file`. */
const counter = (file) =>
  `const fs = require('node:fs');\nexports.handler = async (e) => { fs.appendFileSync(${JSON.stringify(file)}, e.Records.length + '\\n'); return {}; };`;

function counted(file) {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .reduce((sum, n) => sum + Number(n), 0);
  } catch {
    return 0;
  }
}

async function untilCounted(file, expected, startedAt) {
  const deadline = startedAt + ESM_SETTINGS.timeoutMs;
  for (;;) {
    const count = counted(file);
    if (count >= expected) return { count, seconds: (performance.now() - startedAt) / 1000 };
    if (performance.now() > deadline) return { count, seconds: (performance.now() - startedAt) / 1000, timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function measureEsm(port, log = () => {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'onward-bench-esm-'));
  const results = { sqs: {}, kinesis: undefined };
  try {
    for (const [batchSize, messages] of Object.entries(ESM_SETTINGS.sqsMessages)) {
      const name = `bench-esm-sqs-${batchSize}`;
      const file = path.join(dir, `${name}.log`);
      await createFunction(port, name, { handler: counter(file) });
      const queueUrl = await createQueue(port, name);
      for (let i = 0; i < messages; i += 10) {
        const entries = Array.from({ length: Math.min(10, messages - i) }, (_, n) => ({
          Id: String(n),
          MessageBody: MESSAGE_BODY,
        }));
        await call(port, 'SendMessageBatch', { QueueUrl: queueUrl, Entries: entries });
      }
      log(`  SQS -> function, BatchSize ${batchSize}: ${messages} messages`);
      const startedAt = performance.now();
      await createMapping(port, {
        FunctionName: name,
        EventSourceArn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
        BatchSize: Number(batchSize),
      });
      const done = await untilCounted(file, messages, startedAt);
      results.sqs[batchSize] = { messages, ...done, perSecond: done.count / done.seconds };
      log(`    ${results.sqs[batchSize].perSecond.toFixed(0)} messages/s${done.timedOut ? ' (timed out)' : ''}`);
    }

    const stream = 'bench-esm-stream';
    const file = path.join(dir, 'kinesis.log');
    await createFunction(port, 'bench-esm-kinesis', { handler: counter(file) });
    await kinesisCall(port, 'CreateStream', { StreamName: stream, ShardCount: 1 });
    const total = ESM_SETTINGS.kinesisRecords;
    for (let i = 0; i < total; i += 500) {
      const records = Array.from({ length: Math.min(500, total - i) }, (_, n) => ({
        PartitionKey: `k${n}`,
        Data: Buffer.from(MESSAGE_BODY).toString('base64'),
      }));
      await kinesisCall(port, 'PutRecords', { StreamName: stream, Records: records });
    }
    log(`  Kinesis -> function, one shard, BatchSize ${ESM_SETTINGS.kinesisBatchSize}: ${total} records`);
    const startedAt = performance.now();
    await createMapping(port, {
      FunctionName: 'bench-esm-kinesis',
      EventSourceArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: ESM_SETTINGS.kinesisBatchSize,
    });
    const done = await untilCounted(file, total, startedAt);
    results.kinesis = { records: total, ...done, perSecond: done.count / done.seconds };
    log(`    ${results.kinesis.perSecond.toFixed(0)} records/s per shard${done.timedOut ? ' (timed out)' : ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

export function problems(result) {
  const out = [];
  for (const [batchSize, r] of Object.entries(result.sqs)) {
    if (r.timedOut) out.push(`ESM SQS BatchSize ${batchSize}: only ${r.count} of ${r.messages} messages processed`);
  }
  if (result.kinesis?.timedOut)
    out.push(`ESM Kinesis: only ${result.kinesis.count} of ${result.kinesis.records} records processed`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2]);
  const result = await measureEsm(port, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
