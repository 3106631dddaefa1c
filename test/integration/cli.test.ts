/** The `onward` command as a user runs it: start, Ready., configuration, failures, shutdown. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../helpers/onward.ts';
import { exited, runOnward, spawnOnward, type OnwardProcess } from '../helpers/process.ts';

const running: OnwardProcess[] = [];
const dataDirs: string[] = [];

afterEach(async () => {
  for (const onward of running.splice(0)) {
    if (onward.child.exitCode === null && onward.child.signalCode === null) {
      onward.child.kill('SIGKILL');
      await exited(onward.child);
    }
  }
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = makeDataDir();
  dataDirs.push(dir);
  return dir;
}

describe('onward start', () => {
  it('prints Ready. once listening and stops cleanly on SIGTERM', async () => {
    const onward = await spawnOnward(['--data-dir', dataDir()]);
    running.push(onward);
    expect(onward.output()).toMatch(
      /^Onward \d+\.\d+\.\d+ on http:\/\/127\.0\.0\.1:\d+ \(data: .*onward\.sqlite, clock: real\)\nReady\.\n$/,
    );
    const health = await fetch(`${onward.url}/_onward/health`);
    expect(health.status).toBe(200);
    onward.child.kill('SIGTERM');
    expect(await exited(onward.child)).toBe(0);
  });

  it('takes its options from the environment, flags winning', async () => {
    const onward = await spawnOnward(['--data-dir', dataDir()], { ONWARD_CLOCK: 'manual', ONWARD_REGION: 'eu-west-1' });
    running.push(onward);
    const clock = (await (await fetch(`${onward.url}/_onward/clock`)).json()) as { mode: string };
    expect(clock.mode).toBe('manual');
    const created = await fetch(onward.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.CreateQueue' },
      body: JSON.stringify({ QueueName: 'regional', Attributes: {} }),
    });
    const { QueueUrl } = (await created.json()) as { QueueUrl: string };
    const attributes = await fetch(onward.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.GetQueueAttributes' },
      body: JSON.stringify({ QueueUrl, AttributeNames: ['QueueArn'] }),
    });
    expect(await attributes.json()).toEqual({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:000000000000:regional' } });
  });

  it('refuses to advance a clock that is not manual', async () => {
    const onward = await spawnOnward(['--data-dir', dataDir(), '--time-scale', '60']);
    running.push(onward);
    const clock = (await (await fetch(`${onward.url}/_onward/clock`)).json()) as { mode: string; timeScale: number };
    expect(clock).toMatchObject({ mode: 'scaled', timeScale: 60 });
    const response = await fetch(`${onward.url}/_onward/clock/advance`, { method: 'POST', body: '{"seconds":1}' });
    expect(response.status).toBe(409);
  });

  it('exits non-zero with a clear message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runOnward(['start', '--port', String(port), '--data-dir', dataDir()]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `onward: Port ${port} on 127.0.0.1 is already in use (another Onward or LocalStack?). Choose another with --port.\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('exits non-zero with a clear message when the data directory is unusable', async () => {
    const file = path.join(dataDir(), 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const result = await runOnward(['start', '--port', '0', '--data-dir', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^onward: Cannot use data directory ${file}: `));
  });

  it('rejects bad options before starting anything', async () => {
    const badPort = await runOnward(['start', '--port', 'abc']);
    expect([badPort.code, badPort.stderr]).toEqual([
      1,
      'onward: Invalid port "abc": use an integer from 0 to 65535 (0 picks a free port).\n',
    ]);
    const both = await runOnward(['start', '--clock', 'manual', '--time-scale', '10']);
    expect(both.code).toBe(1);
    const unknown = await runOnward(['start', '--frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    const help = await runOnward(['--help']);
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^Onward \d+\.\d+\.\d+: /)]);
  });
});

describe('the default data directory', () => {
  it('is ./.onward under the working directory', async () => {
    const cwd = dataDir();
    const onward = await spawnOnwardIn(cwd);
    running.push(onward);
    expect(fs.existsSync(path.join(cwd, '.onward', 'onward.sqlite'))).toBe(true);
  });
});

async function spawnOnwardIn(cwd: string): Promise<OnwardProcess> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return await spawnOnward([]);
  } finally {
    process.chdir(previous);
  }
}
