/**
 * Durable checkpoints: a Kinesis mapping restarted mid-stream neither skips nor replays records it has
 * committed, and an SQS mapping resumes polling after a restart.
 */
import fs from 'node:fs';
import { CreateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { CreateStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, expect, it } from 'vitest';
import { makeDataDir, startTestOnward, type TestOnward } from '../helpers/onward.ts';
import { clients, createQueue, createRecorder, drainRecorded, kinesisClient } from './esm-helpers.ts';

const dataDir = makeDataDir();
let onward: TestOnward | undefined;

afterAll(async () => {
  await onward?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const text = (e: { event: { Records: Array<Record<string, any>> } }) =>
  e.event.Records.map((r) => (r.kinesis ? Buffer.from(r.kinesis.data, 'base64').toString('utf8') : r.body));

it('resumes after the last committed record after a restart', async () => {
  onward = await startTestOnward({ dataDir });
  let { lambda, sqs } = clients(onward);
  let kinesis = kinesisClient(onward.url);
  const recordUrl = await createRecorder(lambda, sqs, 'restart-fn');
  await kinesis.send(new CreateStreamCommand({ StreamName: 'restart', ShardCount: 2 }));
  const queue = await createQueue(sqs, 'restart-q');
  await lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: 'restart-fn',
      EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/restart',
      StartingPosition: 'LATEST',
    }),
  );
  await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'restart-fn', EventSourceArn: queue.arn }));
  const put = (names: string[]) =>
    kinesis.send(
      new PutRecordsCommand({ StreamName: 'restart', Records: names.map((n) => ({ PartitionKey: n, Data: Buffer.from(n) })) }),
    );
  await onward.advance(0);
  await put(['r1', 'r2', 'r3']);
  await onward.advance(0);
  expect((await drainRecorded(sqs, recordUrl)).flatMap(text).sort()).toEqual(['r1', 'r2', 'r3']);

  lambda.destroy();
  sqs.destroy();
  kinesis.destroy();
  const port = onward.port;
  await onward.close();

  // Same port: the recorder function's queue URL names it.
  onward = await startTestOnward({ dataDir, port: String(port) });
  ({ lambda, sqs } = clients(onward));
  kinesis = kinesisClient(onward.url);
  await put(['r4', 'r5']);
  await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'q1' }));
  await onward.advance(0);
  expect((await drainRecorded(sqs, recordUrl)).flatMap(text).sort()).toEqual(['q1', 'r4', 'r5']);
  lambda.destroy();
  sqs.destroy();
  kinesis.destroy();
});
