/**
 * The seed walkthroughs, step by step as their readers type them, with the AWS CLI (pip v1 and Debian's
 * v2) on the manual clock: 001 (AWS News Blog: a callback-style Node function, success to an SNS topic
 * with a queue subscribed, failure to a Lambda function that logs the record), 003 (Serverless blog:
 * a Python function with a NameError, one queue for both outcomes), 004 (course lecture: an S3-shaped
 * event, success and failure queues, failure after two retries).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws, type CliFlavour } from '../helpers/aws-cli.ts';
import { startTestOnward, TEST_ACCOUNT, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let workDir: string;
const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/lambda-role`;
const FIXTURES = path.join(import.meta.dirname, '../fixtures/seeds');

beforeAll(async () => {
  onward = await startTestOnward();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-seeds-'));
});

afterAll(async () => {
  await onward.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function aws(flavour: CliFlavour, ...args: string[]): Promise<any> {
  const result = await runAws(flavour, onward.url, args);
  expect(result.status, `aws ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.json;
}

/** Zips a fixture folder the way a user zips their code for `--zip-file fileb://`. */
function zipFixture(name: string): string {
  const folder = path.join(FIXTURES, name);
  const files = Object.fromEntries(
    fs.readdirSync(folder).map((f) => [f, strToU8(fs.readFileSync(path.join(folder, f), 'utf8'))]),
  );
  const zipPath = path.join(workDir, `${name}.zip`);
  fs.writeFileSync(zipPath, zipSync(files));
  return zipPath;
}

async function createFunction(flavour: CliFlavour, name: string, fixture: string, runtime: string, handler: string) {
  const created = await aws(
    flavour,
    'lambda',
    'create-function',
    '--function-name',
    name,
    '--runtime',
    runtime,
    '--role',
    ROLE,
    '--handler',
    handler,
    '--zip-file',
    `fileb://${zipFixture(fixture)}`,
  );
  return created.FunctionArn as string;
}

/** `aws lambda invoke --invocation-type Event --payload '...' response.json`, as the walkthroughs type it. */
async function invokeEvent(flavour: CliFlavour, name: string, payload: string) {
  const outFile = path.join(workDir, 'response.json');
  const binaryFormat = flavour === 'debian' ? ['--cli-binary-format', 'raw-in-base64-out'] : [];
  const result = await aws(
    flavour,
    'lambda',
    'invoke',
    '--function-name',
    name,
    '--invocation-type',
    'Event',
    '--payload',
    payload,
    ...binaryFormat,
    outFile,
  );
  expect(result.StatusCode).toBe(202);
  expect(fs.readFileSync(outFile, 'utf8')).toBe('');
}

async function createQueue(flavour: CliFlavour, name: string) {
  const { QueueUrl } = await aws(flavour, 'sqs', 'create-queue', '--queue-name', name);
  const { Attributes } = await aws(
    flavour,
    'sqs',
    'get-queue-attributes',
    '--queue-url',
    QueueUrl,
    '--attribute-names',
    'QueueArn',
  );
  return { url: QueueUrl as string, arn: Attributes.QueueArn as string };
}

/** Receives what is there and deletes it, as a reader of the queue would. */
async function receive(flavour: CliFlavour, url: string): Promise<Array<{ Body: string; Attributes: Record<string, string> }>> {
  const result = await aws(
    flavour,
    'sqs',
    'receive-message',
    '--queue-url',
    url,
    '--attribute-names',
    'All',
    '--message-attribute-names',
    'All',
    '--max-number-of-messages',
    '10',
  );
  const messages: Array<{ Body: string; Attributes: Record<string, string>; ReceiptHandle: string }> = result?.Messages ?? [];
  for (const message of messages) {
    await aws(flavour, 'sqs', 'delete-message', '--queue-url', url, '--receipt-handle', message.ReceiptHandle);
  }
  return messages;
}

describe('seed 001: AWS Lambda Destinations (AWS News Blog, 2019)', { timeout: 180_000 }, () => {
  it('routes success to an SNS topic and failure, after two retries, to a Lambda function', async () => {
    const { TopicArn } = await aws('pip', 'sns', 'create-topic', '--name', 'event-destinations-success');
    const inbox = await createQueue('pip', 'success-notifications');
    await aws('pip', 'sns', 'subscribe', '--topic-arn', TopicArn, '--protocol', 'sqs', '--notification-endpoint', inbox.arn);

    await createFunction('pip', 'event-destinations', '001-event-destinations', 'nodejs20.x', 'index.handler');
    const onFailureArn = await createFunction(
      'pip',
      'event-destinations-on-failure',
      '001-on-failure',
      'nodejs20.x',
      'index.handler',
    );
    await aws(
      'pip',
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      'event-destinations',
      '--destination-config',
      JSON.stringify({ OnSuccess: { Destination: TopicArn }, OnFailure: { Destination: onFailureArn } }),
    );

    // Success testing.
    await invokeEvent('pip', 'event-destinations', '{ "Success": true }');
    await onward.advance(0);
    const [notification, ...more] = await receive('pip', inbox.url);
    expect(more).toEqual([]);
    const envelope = JSON.parse(notification!.Body);
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn });
    const success = JSON.parse(envelope.Message);
    expect(success).toMatchObject({
      version: '1.0',
      requestContext: {
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:event-destinations:$LATEST',
        condition: 'Success',
        approximateInvokeCount: 1,
      },
      requestPayload: { Success: true },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: null,
    });
    expect(success.responseContext.functionError).toBeUndefined();

    // Failure testing: attempts at 0 s, ~60 s and ~180 s, then the record goes to the on-failure function.
    await invokeEvent('pip', 'event-destinations', '{ "Success": false }');
    await onward.advance(0);
    // The destination function's log group appears with its first run, as on AWS.
    const failureLogs = async () => {
      const result = await runAws('pip', onward.url, [
        'logs',
        'filter-log-events',
        '--log-group-name',
        '/aws/lambda/event-destinations-on-failure',
      ]);
      if (result.status !== 0) {
        expect(result.stderr).toContain('ResourceNotFoundException');
        return '';
      }
      return (result.json.events as Array<{ message: string }>).map((e) => e.message).join('\n');
    };
    expect(await failureLogs()).not.toContain('RetriesExhausted');
    await onward.advance(60);
    expect(await failureLogs()).not.toContain('RetriesExhausted');
    await onward.advance(120);
    const logged = await failureLogs();
    const recordText = logged.slice(logged.indexOf('EVENT') + 'EVENT'.length, logged.lastIndexOf('}') + 1);
    const failure = JSON.parse(recordText);
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { Success: false },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'Failure from event, Success = false, I am failing!' },
    });
    // The tester's own log lines are there too, once per attempt.
    const tester = await aws(
      'pip',
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/lambda/event-destinations',
      '--filter-pattern',
      'Failure',
    );
    const failureLines = (tester.events as Array<{ message: string }>).filter((e) => /\tINFO\tFailure\n?$/.test(e.message));
    expect(failureLines).toHaveLength(3);
  });
});

describe('seed 003: Lambda Destinations with the Serverless Framework (2020)', { timeout: 180_000 }, () => {
  it('sends both outcomes of a Python function with a NameError to one queue, as the blog shows them', async () => {
    const queue = await createQueue('debian', 'successQueueDemo');
    await createFunction(
      'debian',
      'arn-based-destinations-dev-helloStarting',
      '003-hello-starting',
      'python3.12',
      'handler.starting',
    );
    await aws(
      'debian',
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      'arn-based-destinations-dev-helloStarting',
      '--destination-config',
      JSON.stringify({ OnSuccess: { Destination: queue.arn }, OnFailure: { Destination: queue.arn } }),
    );

    await invokeEvent('debian', 'arn-based-destinations-dev-helloStarting', '{ "Success": true }');
    await onward.advance(0);
    await onward.advance(60);
    expect(await receive('debian', queue.url)).toEqual([]);
    await onward.advance(120);
    const [message, ...more] = await receive('debian', queue.url);
    expect(more).toEqual([]);
    // The record embeds the payload bytes as sent, as in the blog's output.
    expect(message!.Body).toContain('"requestPayload":{ "Success": true }');
    const record = JSON.parse(message!.Body);
    expect(record.requestContext).toMatchObject({
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:arn-based-destinations-dev-helloStarting:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(record.responsePayload).toMatchObject({ errorMessage: "name 'body' is not defined", errorType: 'NameError' });
    expect(record.responsePayload.stackTrace.join('')).toContain('"body": json.dumps(body)');
    expect(Object.keys(message!.Attributes).sort()).toEqual(
      ['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SenderId', 'SentTimestamp'].sort(),
    );
  });
});

describe('seed 004: destinations for an S3-triggered function (course lecture)', { timeout: 180_000 }, () => {
  const s3Event = (key: string) =>
    JSON.stringify({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'demo-s3-bucket', arn: 'arn:aws:s3:::demo-s3-bucket' }, object: { key, size: 1024 } },
        },
      ],
    });

  it('puts a success record in S3-success, and a failure record in S3-failure after two retries', async () => {
    const success = await createQueue('debian', 'S3-success');
    const failure = await createQueue('debian', 'S3-failure');
    await createFunction('debian', 'lambda-s3', '004-s3-function', 'nodejs20.x', 'index.handler');
    await aws(
      'debian',
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      'lambda-s3',
      '--destination-config',
      JSON.stringify({ OnSuccess: { Destination: success.arn }, OnFailure: { Destination: failure.arn } }),
    );

    await invokeEvent('debian', 'lambda-s3', s3Event('beach.jpeg'));
    await invokeEvent('debian', 'lambda-s3', s3Event('notes.txt'));
    await onward.advance(0);
    const [ok] = await receive('debian', success.url);
    expect(JSON.parse(ok!.Body)).toMatchObject({
      requestContext: { condition: 'Success', approximateInvokeCount: 1 },
      responsePayload: { processed: 'beach.jpeg' },
    });
    expect(await receive('debian', failure.url)).toEqual([]);
    await onward.advance(60);
    expect(await receive('debian', failure.url)).toEqual([]);
    await onward.advance(120);
    const [failed, ...more] = await receive('debian', failure.url);
    expect(more).toEqual([]);
    expect(JSON.parse(failed!.Body)).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { Records: [{ s3: { object: { key: 'notes.txt' } } }] },
      responseContext: { functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'cannot process notes.txt' },
    });
    expect(await receive('debian', success.url)).toEqual([]);
  });
});
