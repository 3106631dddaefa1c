/**
 * Onward's Node bootstrap speaks the Runtime API over the process's IPC channel: the bootstrap alone
 * against the IPC front (no HTTP server behind AWS_LAMBDA_RUNTIME_API, so nothing could go over HTTP),
 * then through the process pool, where user code must see an environment as on AWS and a working
 * AWS_LAMBDA_RUNTIME_API that shares the invocation's state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionInstanceSpec } from '../../src/runner/function-runner.ts';
import { NODE_BOOTSTRAP } from '../../src/runner/package-paths.ts';
import { ProcessPool } from '../../src/runner/process-pool.ts';
import { RuntimeApiCore, type RuntimeCompletion } from '../../src/runner/runtime-api-core.ts';
import { RUNTIME_IPC_ENV, serveRuntimeApiOverIpc } from '../../src/runner/runtime-api-ipc.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/functions');

/** A port nothing listens on (taken from the OS and released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('the Node bootstrap over IPC alone', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('takes events and answers them on the channel, with the trace, client context and deadline of /next', async () => {
    const log: string[] = [];
    const completions = new Map<string, (completion: RuntimeCompletion) => void>();
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => (initialized = resolve));
    const core = new RuntimeApiCore({
      initialized: () => initialized(),
      delivered: (id) => log.push(`delivered ${id}`),
      completed: (id, completion) => completions.get(id)?.(completion),
      initFailed: () => log.push('initFailed'),
    });
    const port = await closedPort();
    child = spawn(process.execPath, [NODE_BOOTSTRAP], {
      cwd: path.join(FIXTURES, 'node-cjs'),
      env: {
        PATH: process.env.PATH,
        _HANDLER: 'index.context',
        LAMBDA_TASK_ROOT: path.join(FIXTURES, 'node-cjs'),
        AWS_LAMBDA_FUNCTION_NAME: 'ipc-alone',
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
        [RUNTIME_IPC_ENV]: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) => reject(new Error(`the bootstrap exited with ${code}: ${stderr}`))),
    );
    exited.catch(() => {}); // once initialised, the exit at the end is expected
    serveRuntimeApiOverIpc(core, child);
    await Promise.race([ready, exited]);

    const run = (requestId: string, extra: { traceId: string; clientContext?: string }) =>
      new Promise<RuntimeCompletion>((resolve) => {
        completions.set(requestId, resolve);
        core.deliver({ requestId, payload: Buffer.from('{}'), invokedFunctionArn: 'arn:fn:ipc', timeoutMs: 5_000, ...extra });
      });
    const traceId = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const first = await run('req-1', { traceId, clientContext: JSON.stringify({ custom: { k: 'é' } }) });
    expect(first.kind).toBe('response');
    const body = JSON.parse((first as { body: Buffer }).body.toString());
    expect(body).toMatchObject({
      functionName: 'ipc-alone',
      invokedFunctionArn: 'arn:fn:ipc',
      awsRequestId: 'req-1',
      clientContext: { custom: { k: 'é' } },
      traceId,
    });
    expect(body.remainingMs).toBeGreaterThan(4_000);
    expect(body.remainingMs).toBeLessThanOrEqual(5_000);

    // Warm: the next event goes to the same process, still over the channel.
    const second = await run('req-2', { traceId: 'Root=1-00000000-000000000000000000000000' });
    expect(JSON.parse((second as { body: Buffer }).body.toString())).toMatchObject({ awsRequestId: 'req-2' });
    expect(log).toEqual(['delivered req-1', 'delivered req-2']);
    expect(stderr).not.toContain('unreachable');
    expect(child.exitCode).toBeNull();
  });

  it('ends the runtime when Onward’s side of the channel goes away', async () => {
    const core = new RuntimeApiCore({ initialized: () => {}, delivered: () => {}, completed: () => {}, initFailed: () => {} });
    child = spawn(process.execPath, [NODE_BOOTSTRAP], {
      cwd: path.join(FIXTURES, 'node-cjs'),
      env: {
        PATH: process.env.PATH,
        _HANDLER: 'index.asyncEcho',
        LAMBDA_TASK_ROOT: path.join(FIXTURES, 'node-cjs'),
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${await closedPort()}`,
        [RUNTIME_IPC_ENV]: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const initialized = new Promise<void>((resolve) =>
      child!.on('message', (message: { requests?: Array<{ type: string }> }) => {
        if (message.requests?.some((request) => request.type === 'next')) resolve();
      }),
    );
    serveRuntimeApiOverIpc(core, child);
    await Promise.race([
      initialized,
      exited.then((code) => Promise.reject(new Error(`the bootstrap exited with ${code} before it asked for an event`))),
    ]);
    child.disconnect();
    expect(await exited).toBe(1);
  });
});

describe('Node functions in the pool', () => {
  let pool: ProcessPool;
  beforeAll(() => {
    pool = new ProcessPool({ logSink: () => {} });
  });
  afterAll(async () => {
    await pool.close();
  });

  const spec = (handler: string): FunctionInstanceSpec => ({
    poolKey: `ipc:${handler}`,
    functionName: 'fn-node-ipc',
    functionVersion: '$LATEST',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn-node-ipc',
    runtime: 'nodejs20.x',
    handler,
    codeDir: path.join(FIXTURES, 'node-ipc'),
    memorySizeMb: 128,
    timeoutSeconds: 5,
    environment: {},
    region: 'us-east-1',
    accountId: '123456789012',
    endpointUrl: 'http://127.0.0.1:4566',
  });
  const invoke = async (s: FunctionInstanceSpec, payload: unknown) => {
    const result = await pool.invoke(s, {
      requestId: randomUUID(),
      payload: Buffer.from(JSON.stringify(payload)),
      invokedFunctionArn: `${s.functionArn}:$LATEST`,
    });
    return { ...result, body: JSON.parse(result.payload.toString()) as Record<string, unknown> };
  };

  it('shows user code no IPC channel variables nor process.send, and an AWS_LAMBDA_RUNTIME_API that answers', async () => {
    const { body, functionError } = await invoke(spec('index.view'), {});
    expect(functionError).toBeUndefined();
    expect(body.send).toBe('undefined');
    expect(body.env).toEqual([]);
    expect(body.runtimeApi).toMatch(/^127\.0\.0\.1:\d+$/);
    // The invocation is running: another id is refused exactly as RAPID refuses it.
    expect(body.otherResponse).toEqual({
      status: 400,
      body: '{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}',
    });
  });

  it('takes a response the function posts itself over HTTP, and keeps serving events over IPC', async () => {
    const s = spec('index.selfAnswer');
    const first = await invoke(s, { n: 1 });
    expect(first.functionError).toBeUndefined();
    expect(first.body).toEqual({ via: 'http', n: 1 });
    const second = await invoke(s, { n: 2 });
    expect(second.body).toEqual({ via: 'http', n: 2 });
    expect(second.initDurationMs).toBeUndefined(); // the same warm instance
  });

  it('reports the peak memory the runtime sends with its answer as Max Memory Used', async () => {
    const s = spec('index.allocate');
    const before = await invoke(s, { mb: 1 });
    const after = await invoke(s, { mb: 64 });
    expect(before.maxMemoryUsedMb).toBeGreaterThan(10);
    expect(after.maxMemoryUsedMb).toBeGreaterThanOrEqual(before.maxMemoryUsedMb + 60);
    expect(after.log).toContain(`Max Memory Used: ${after.maxMemoryUsedMb} MB`);
  });

  it('carries payloads of several megabytes both ways', async () => {
    const big = 'é'.repeat(2_000_000); // 4 MB of UTF-8
    const { body, functionError } = await invoke(spec('index.echo'), { big });
    expect(functionError).toBeUndefined();
    expect(body.big).toBe(big);
  });
});
