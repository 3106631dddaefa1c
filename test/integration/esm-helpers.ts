/** Shared by the event source mapping tests: clients, the recorder fixture function, reading what it recorded. */
import fs from 'node:fs';
import path from 'node:path';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { strToU8, zipSync } from 'fflate';
import { TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

export const ROLE = 'arn:aws:iam::000000000000:role/esm-role';
export const ACCOUNT = '000000000000';
const RECORDER = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/functions/esm-recorder/index.js'), 'utf8');

export function clients(onward: TestOnward) {
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return { lambda: new LambdaClient(config), sqs: new SQSClient(config), config };
}

/** The Kinesis client of SDK v3 as users make it: it speaks cleartext HTTP/2 to Onward's edge. */
export function kinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return { url: QueueUrl!, arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}` };
}

/**
 * A recorder function writing each event it gets to a fresh queue; returns that queue's URL. `code` is
 * another index.js that reports to RECORD_QUEUE_URL the same way.
 */
export async function createRecorder(
  lambda: LambdaClient,
  sqs: SQSClient,
  name: string,
  environment: Record<string, string> = {},
  code: string = RECORDER,
) {
  const record = await createQueue(sqs, `${name}-record`);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Timeout: 10,
      Code: { ZipFile: zipSync({ 'index.js': strToU8(code) }) },
      Environment: { Variables: { RECORD_QUEUE_URL: record.url, ...environment } },
    }),
  );
  return record.url;
}

export interface RecordedEvent {
  event: { Records: Array<Record<string, any>> };
  startedAt: number;
  endedAt: number;
}

/** Everything recorded so far (and removes it), in the order the invocations recorded it. */
export async function drainRecorded(sqs: SQSClient, url: string): Promise<RecordedEvent[]> {
  const out: Array<{ seq: number; value: RecordedEvent }> = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!Messages || Messages.length === 0) break;
    for (const m of Messages) out.push({ seq: out.length, value: JSON.parse(m.Body!) as RecordedEvent });
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return out.map((o) => o.value).sort((a, b) => a.startedAt - b.startedAt);
}
