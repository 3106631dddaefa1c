/**
 * Invoking functions as applications do: @aws-sdk/client-lambda and the AWS CLI against real function
 * processes (Node CommonJS and ES modules, Python, a `provided` bootstrap), with logs through
 * CloudWatch Logs and `onward logs`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  LambdaServiceException,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { makeDataDir, startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { runOnward } from '../helpers/process.ts';

let onward: TestOnward;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;
const scratch: string[] = [];

beforeAll(async () => {
  onward = await startTestOnward();
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  lambda = new LambdaClient(config);
  logs = new CloudWatchLogsClient(config);
});

afterAll(async () => {
  lambda.destroy();
  logs.destroy();
  await onward.stop();
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const decoder = new TextDecoder();

function zip(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

async function create(
  name: string,
  runtime: string,
  handler: string,
  files: Record<string, string>,
  extra: Record<string, unknown> = {},
) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime as never,
      Role: ROLE,
      Handler: handler,
      Code: { ZipFile: zip(files) },
      ...extra,
    }),
  );
}

async function invoke(name: string, payload: unknown, extra: Record<string, unknown> = {}) {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }),
  );
  const text = result.Payload ? decoder.decode(result.Payload) : '';
  return { ...result, text, json: text ? JSON.parse(text) : undefined };
}

async function rejection(promise: Promise<unknown>): Promise<LambdaServiceException & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as LambdaServiceException & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

describe('Node.js functions', () => {
  it('runs a CommonJS async handler with its event and context, and tails its log', async () => {
    await create('node-context', 'nodejs20.x', 'index.handler', {
      'index.js': `exports.handler = async (event, context) => {
        console.log('got', JSON.stringify(event));
        return { echo: event, requestId: context.awsRequestId, name: context.functionName, version: context.functionVersion,
          memory: context.memoryLimitInMB, arn: context.invokedFunctionArn, remaining: context.getRemainingTimeInMillis() > 0,
          endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION };
      };`,
    });
    const result = await invoke('node-context', { a: 1 }, { LogType: 'Tail' });
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(result.ExecutedVersion).toBe('$LATEST');
    expect(result.json).toEqual({
      echo: { a: 1 },
      requestId: result.$metadata.requestId,
      name: 'node-context',
      version: '$LATEST',
      memory: '128',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:node-context',
      remaining: true,
      endpoint: onward.url,
      region: 'us-east-1',
    });
    const tail = Buffer.from(result.LogResult!, 'base64').toString('utf8');
    expect(tail).toMatch(new RegExp(`^START RequestId: ${result.$metadata.requestId} Version: \\$LATEST\\n`));
    expect(tail).toMatch(/\tINFO\tgot {"a":1}\n/);
    expect(tail).toMatch(new RegExp(`END RequestId: ${result.$metadata.requestId}\\n`));
    expect(tail).toMatch(
      /REPORT RequestId: [0-9a-f-]+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB/,
    );
  });

  it('runs an ES module callback handler and reports a thrown error as Unhandled', async () => {
    await create('node-esm', 'nodejs22.x', 'app.handler', {
      'app.mjs': `export const handler = (event, context, callback) => {
        if (event.fail) throw new TypeError('bad input: ' + event.fail);
        callback(null, { ok: true });
      };`,
    });
    expect((await invoke('node-esm', {})).json).toEqual({ ok: true });
    const failed = await invoke('node-esm', { fail: 'x' });
    expect(failed.StatusCode).toBe(200);
    expect(failed.FunctionError).toBe('Unhandled');
    expect(failed.json).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input: x' });
    expect(failed.json.trace[0]).toBe('TypeError: bad input: x');
  });

  it('keeps an instance warm between invocations', async () => {
    await create('node-warm', 'nodejs20.x', 'index.handler', { 'index.js': 'let n = 0; exports.handler = async () => ++n;' });
    expect((await invoke('node-warm', {})).json).toBe(1);
    expect((await invoke('node-warm', {})).json).toBe(2);
  });

  it('fails a timed-out invocation with Sandbox.Timedout and a process exit with Runtime.ExitError', async () => {
    await create(
      'node-slow',
      'nodejs20.x',
      'index.handler',
      { 'index.js': 'exports.handler = () => new Promise(() => setInterval(() => {}, 1000));' },
      { Timeout: 1 },
    );
    const timedOut = await invoke('node-slow', {});
    expect(timedOut.FunctionError).toBe('Unhandled');
    expect(timedOut.json).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${timedOut.$metadata.requestId} Error: Task timed out after 1.00 seconds`,
    });
    await create('node-exit', 'nodejs20.x', 'index.handler', { 'index.js': 'exports.handler = async () => process.exit(3);' });
    const exited = await invoke('node-exit', {});
    expect(exited.json).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${exited.$metadata.requestId} Error: Runtime exited with error: exit status 3`,
    });
    // The next invocation gets a fresh instance.
    expect((await invoke('node-exit', {})).json.errorType).toBe('Runtime.ExitError');
  });

  it('reports a handler that does not exist as Runtime.HandlerNotFound', async () => {
    await create('node-bad-handler', 'nodejs20.x', 'index.nope', { 'index.js': 'exports.handler = async () => 1;' });
    const result = await invoke('node-bad-handler', {});
    expect(result.FunctionError).toBe('Unhandled');
    expect(result.json.errorType).toBe('Runtime.HandlerNotFound');
  });
});

describe('other runtimes', () => {
  it('runs Python with AWS error shapes', async () => {
    await create('py-fn', 'python3.12', 'app.handler', {
      'app.py': `def handler(event, context):\n    if event.get("fail"):\n        raise ValueError("no " + event["fail"])\n    return {"sum": event["a"] + event["b"], "id": context.aws_request_id}\n`,
    });
    const ok = await invoke('py-fn', { a: 2, b: 3 });
    expect(ok.json).toEqual({ sum: 5, id: ok.$metadata.requestId });
    const failed = await invoke('py-fn', { fail: 'way' });
    expect(failed.FunctionError).toBe('Unhandled');
    expect(failed.json).toMatchObject({ errorType: 'ValueError', errorMessage: 'no way', requestId: failed.$metadata.requestId });
    expect(failed.json.stackTrace.join('')).toContain('raise ValueError("no " + event["fail"])');
  });

  it('runs a provided.al2023 bootstrap that speaks the Runtime API itself', async () => {
    const bootstrap = `#!/usr/bin/env python3
import json, os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(api + "next") as r:
        rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    body = json.dumps({"custom": event, "handler": os.environ["_HANDLER"]}).encode()
    urllib.request.urlopen(urllib.request.Request(api + rid + "/response", data=body, method="POST")).read()
`;
    const archive = zipSync({ bootstrap: [strToU8(bootstrap), { os: 3, attrs: 0o100755 << 16 }] });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'custom-fn',
        Runtime: 'provided.al2023',
        Role: ROLE,
        Handler: 'my.handler',
        Code: { ZipFile: archive },
      }),
    );
    expect((await invoke('custom-fn', { x: 1 })).json).toEqual({ custom: { x: 1 }, handler: 'my.handler' });
  });
});

describe('the Invoke API', () => {
  it('refuses non-JSON payloads, answers DryRun, and 404s unknown functions', async () => {
    await create('api-fn', 'nodejs20.x', 'index.handler', { 'index.js': 'exports.handler = async (e) => e;' });
    const bad = await rejection(lambda.send(new InvokeCommand({ FunctionName: 'api-fn', Payload: Buffer.from('not json') })));
    expect([bad.name, bad.$metadata.httpStatusCode]).toEqual(['InvalidRequestContentException', 400]);
    expect(bad.message).toMatch(/^Could not parse request body into json: Could not parse payload into json: /);
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'api-fn', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    const missing = await rejection(invoke('nope', {}));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
    expect(missing.message).toBe('Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope:$LATEST');
    expect((await invoke('api-fn', '')).json).toBe('');
  });

  it('invokes versions and aliases, reporting the executed version', async () => {
    await create('versioned', 'nodejs20.x', 'index.handler', { 'index.js': 'exports.handler = async () => "v1";' });
    await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'versioned',
        ZipFile: zip({ 'index.js': 'exports.handler = async () => "v2";' }),
      }),
    );
    await lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
    const latest = await invoke('versioned', {});
    expect([latest.json, latest.ExecutedVersion]).toEqual(['v2', '$LATEST']);
    const alias = await invoke('versioned', {}, { Qualifier: 'live' });
    expect([alias.json, alias.ExecutedVersion]).toEqual(['v1', '1']);
    const byName = await invoke('versioned:1', {});
    expect([byName.json, byName.ExecutedVersion]).toEqual(['v1', '1']);
  });

  it('answers 429 with its Reason over reserved concurrency', async () => {
    await create('throttled', 'nodejs20.x', 'index.handler', { 'index.js': 'exports.handler = async () => "ok";' });
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'throttled', ReservedConcurrentExecutions: 0 }));
    const error = await rejection(invoke('throttled', {}));
    expect([error.name, error.$metadata.httpStatusCode, error.Reason]).toEqual([
      'TooManyRequestsException',
      429,
      'ReservedFunctionConcurrentInvocationLimitExceeded',
    ]);
    expect(error.message).toBe('Rate Exceeded.');
  });

  it('uses the configuration current when it runs', async () => {
    await create('configured', 'nodejs20.x', 'index.handler', {
      'index.js': 'exports.handler = async () => process.env.GREETING ?? null;',
    });
    expect((await invoke('configured', {})).json).toBeNull();
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'configured', Environment: { Variables: { GREETING: 'hi' } } }),
    );
    expect((await invoke('configured', {})).json).toBe('hi');
  });
});

describe('a function calling AWS', () => {
  it('reaches Onward through the AWS SDK it resolves, with AWS_ENDPOINT_URL', async () => {
    const sqs = new SQSClient({ endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'from-function' }));
    await create('sender', 'nodejs20.x', 'index.handler', {
      'index.js': `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
        const sqs = new SQSClient({});
        exports.handler = async (event) => {
          const sent = await sqs.send(new SendMessageCommand({ QueueUrl: event.queueUrl, MessageBody: 'from ' + process.env.AWS_LAMBDA_FUNCTION_NAME }));
          return sent.MessageId;
        };`,
    });
    const result = await invoke('sender', { queueUrl: QueueUrl });
    expect(result.FunctionError).toBeUndefined();
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(Messages![0]).toMatchObject({ MessageId: result.json, Body: 'from sender' });
    sqs.destroy();
  });
});

describe('the AWS CLIs and the deployment package', () => {
  it('invokes with both AWS CLIs and serves Code.Location', async () => {
    const archive = zip({ 'index.js': 'exports.handler = async (e) => ({ doubled: e.n * 2 });' });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'cli-fn',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: archive },
      }),
    );
    const dir = makeDataDir();
    scratch.push(dir);
    const pip = await runAws('pip', onward.url, [
      'lambda',
      'invoke',
      '--function-name',
      'cli-fn',
      '--payload',
      '{"n":21}',
      path.join(dir, 'pip.json'),
    ]);
    expect([pip.status, pip.json]).toEqual([0, { StatusCode: 200, ExecutedVersion: '$LATEST' }]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'pip.json'), 'utf8'))).toEqual({ doubled: 42 });
    const debian = await runAws('debian', onward.url, [
      'lambda',
      'invoke',
      '--function-name',
      'cli-fn',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--payload',
      '{"n":5}',
      path.join(dir, 'debian.json'),
    ]);
    expect(debian.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'debian.json'), 'utf8'))).toEqual({ doubled: 10 });

    const { Code } = await lambda.send(new GetFunctionCommand({ FunctionName: 'cli-fn' }));
    const download = await fetch(Code!.Location!);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(archive));
  });
});

describe('live code', () => {
  it('picks up file changes of a hot-reload directory on the next invocation', async () => {
    const dir = makeDataDir();
    scratch.push(dir);
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => "first";');
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'live',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { S3Bucket: 'hot-reload', S3Key: dir },
      }),
    );
    expect((await invoke('live', {})).json).toBe('first');
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => "second";');
    expect((await invoke('live', {})).json).toBe('second');
  });
});

describe('logs', () => {
  it('keeps function output in /aws/lambda/<function> for CloudWatch Logs clients, the AWS CLI and onward logs', async () => {
    await create('chatty', 'nodejs20.x', 'index.handler', {
      'index.js': 'exports.handler = async (e) => { console.log("hello", e.n); console.error("oops"); return e.n; };',
    });
    await invoke('chatty', { n: 1 });
    await invoke('chatty', { n: 2 });
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/chatty' }));
    expect(streams.logStreams![0]!.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/chatty', filterPattern: 'hello' }));
    expect(filtered.events!.map((e) => e.message!.split('\t').slice(2).join('\t').trim())).toEqual([
      'INFO\thello 1',
      'INFO\thello 2',
    ]);

    const cli = await runAws('pip', onward.url, [
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/lambda/chatty',
      '--filter-pattern',
      'REPORT',
    ]);
    expect(cli.status).toBe(0);
    expect(cli.json.events).toHaveLength(2);

    const awsTail = await runAws('debian', onward.url, ['logs', 'tail', '/aws/lambda/chatty']);
    expect(awsTail.status).toBe(0);
    expect(awsTail.stdout.match(/REPORT RequestId: /g)).toHaveLength(2);

    const tail = await runOnward(['logs', 'chatty', '--port', new URL(onward.url).port]);
    expect(tail.code).toBe(0);
    expect(tail.stdout).toMatch(/START RequestId: .* Version: \$LATEST/);
    expect(tail.stdout).toContain('ERROR\toops');
  });
});
