/** `onward invocations` against a running `onward start --clock manual`: timelines, filters, --follow. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, TEST_CREDENTIALS, TEST_REGION } from '../helpers/onward.ts';
import { CLI, exited, runOnward, spawnOnward, type OnwardProcess } from '../helpers/process.ts';

let onward: OnwardProcess;
let dataDir: string;
let lambda: LambdaClient;
let sqs: SQSClient;
const FAILURES = 'arn:aws:sqs:us-east-1:000000000000:cli-failures';
// Times print in the local zone: UTC makes them the ISO string's HH:MM:SS.
const ENV = { TZ: 'UTC' };

beforeAll(async () => {
  dataDir = makeDataDir();
  onward = await spawnOnward(['--data-dir', dataDir, '--clock', 'manual']);
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  lambda = new LambdaClient(config);
  sqs = new SQSClient(config);
  await sqs.send(new CreateQueueCommand({ QueueName: 'cli-failures' }));
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'cli-fn',
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::000000000000:role/lambda-role',
      Handler: 'index.handler',
      Code: {
        ZipFile: zipSync({
          'index.js': strToU8(`exports.handler = async (e) => { if (e.fail) throw new Error('boom'); return 'ok'; };`),
        }),
      },
    }),
  );
  await lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: 'cli-fn',
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: FAILURES } },
    }),
  );
});

afterAll(async () => {
  lambda.destroy();
  sqs.destroy();
  if (onward.child.exitCode === null && onward.child.signalCode === null) {
    onward.child.kill('SIGKILL');
    await exited(onward.child);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function invokeEvent(payload: unknown): Promise<string> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: 'cli-fn', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  return result.$metadata.requestId!;
}

async function advance(seconds: number): Promise<void> {
  const response = await fetch(`${onward.url}/_onward/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds }) });
  expect(response.status).toBe(200);
}

async function shown(requestId: string): Promise<any> {
  return (await fetch(`${onward.url}/_onward/invocations/${requestId}`)).json();
}

const hms = (iso: string) => iso.slice(11, 19);

describe('onward invocations', () => {
  let failing: string;

  it('prints a timeline per invocation: attempts with their errors and durations, the next attempt', async () => {
    failing = await invokeEvent({ fail: true });
    await advance(0);
    const result = await runOnward(['invocations', 'cli-fn', '--endpoint', onward.url], ENV);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const state = await shown(failing);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${failing}  cli-fn  queued  accepted ${hms(state.acceptedAt)}`);
    expect(lines[1]).toMatch(new RegExp(`^   attempt 1  ${hms(state.acceptedAt)}  \\d+ ms  Error: boom$`));
    expect(lines[2]).toBe(`   next attempt ${hms(state.nextAttemptAt)}`);
  });

  it('finds Onward by --port, filters by --status and shows where the record went', async () => {
    const succeeded = await invokeEvent({});
    await advance(60);
    const port = new URL(onward.url).port;
    const failed = await runOnward(['invocations', '--port', port, '--status', 'failed'], ENV);
    expect(failed.code).toBe(0);
    const state = await shown(failing);
    const lines = failed.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${failing}  cli-fn  failed (RetriesExhausted)  accepted ${hms(state.acceptedAt)}`);
    expect(lines[2]).toMatch(new RegExp(`^   attempt 2  ${hms(state.history[1].startedAt)}  \\d+ ms  Error: boom$`));
    expect(lines[3]).toBe(`   -> OnFailure ${FAILURES}  delivered ${hms(state.finishedAt)}`);
    expect(lines).toHaveLength(4);

    const limited = await runOnward(['invocations', 'cli-fn', '--port', port, '--limit', '1'], ENV);
    expect(limited.stdout.split('\n')[0]).toMatch(new RegExp(`^${succeeded}  cli-fn  succeeded  accepted `));
    expect(limited.stdout).not.toContain(failing);
  });

  it('refuses a bad --status and says when Onward cannot be reached', async () => {
    const bad = await runOnward(['invocations', '--endpoint', onward.url, '--status', 'lost']);
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'onward: Invalid --status "lost": use queued, running, succeeded, failed, dropped.\n',
    });
    const away = await runOnward(['invocations', '--endpoint', 'http://127.0.0.1:9']);
    expect(away.code).toBe(1);
    expect(away.stderr).toBe(
      'onward: Cannot reach Onward at http://127.0.0.1:9 (is it running? --endpoint or --port/--host tell where).\n',
    );
  });

  it('--follow prints each change as it happens and ends when Onward shuts down', async () => {
    const follower = spawn(process.execPath, [CLI, 'invocations', 'cli-fn', '--follow', '--endpoint', onward.url], {
      env: { ...process.env, ...ENV },
    });
    let output = '';
    follower.stdout.on('data', (data: Buffer) => (output += data.toString()));
    follower.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 10_000;
      while (!output.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    await waitFor(`${failing}  cli-fn  failed (RetriesExhausted)`);
    const live = await invokeEvent({ fail: true });
    await advance(0);
    await waitFor('retry at');
    const state = await shown(live);
    const at = hms(state.acceptedAt);
    const events = output.split('\n').filter((line) => line.includes(live));
    expect(events[0]).toBe(`${at}  ${live}  cli-fn  accepted`);
    expect(events[1]).toBe(`${at}  ${live}  cli-fn  attempt 1 started`);
    expect(events[2]).toMatch(new RegExp(`^${at}  ${live}  cli-fn  attempt 1  \\d+ ms  Error: boom$`));
    expect(events[3]).toBe(`${at}  ${live}  cli-fn  retry at ${hms(state.nextAttemptAt)}`);

    const closing = Date.now();
    onward.child.kill('SIGTERM');
    expect(await exited(onward.child)).toBe(0);
    expect(await exited(follower)).toBe(0);
    expect(Date.now() - closing).toBeLessThan(1_800);
  });
});
