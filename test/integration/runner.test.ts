/**
 * The process pool driven directly: real node / python3 / bootstrap processes speaking the Runtime API
 * to Onward, with the fixture functions in test/fixtures/functions.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RuntimeUnavailableError,
  type FunctionInstanceSpec,
  type InvokeRequest,
  type InvokeResult,
  type LogEvent,
} from '../../src/runner/function-runner.ts';
import { PACKAGE_ROOT } from '../../src/runner/package-paths.ts';
import { ProcessPool, RunnerClosedError } from '../../src/runner/process-pool.ts';
import { RuntimeApiServer, type RuntimeCompletion } from '../../src/runner/runtime-api-server.ts';
import { checkRuntimeAvailable } from '../../src/runner/runtimes.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/functions');
const ACCOUNT = '123456789012';
const ENDPOINT = 'http://127.0.0.1:4566';
const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
const STREAM = /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/;

// Set before the pool exists: function processes must not inherit Onward's own environment.
process.env.ONWARD_LEAK_CHECK = 'leaked';

const events: LogEvent[] = [];
const pids = new Set<number>();
let pool: ProcessPool;

beforeAll(() => {
  pool = new ProcessPool({ logSink: (event) => events.push(event) });
});

afterAll(async () => {
  await pool.close();
  for (const pid of pids) expect(alive(pid), `process ${pid} outlived close()`).toBe(false);
});

interface SpecOptions extends Partial<FunctionInstanceSpec> {
  /** Tests that must not share instances use their own key. */
  key?: string;
}

function spec(fixture: string, handler: string, options: SpecOptions = {}): FunctionInstanceSpec {
  const { key, ...overrides } = options;
  const functionName = overrides.functionName ?? `fn-${fixture}`;
  const base: FunctionInstanceSpec = {
    poolKey: '',
    functionName,
    functionVersion: '$LATEST',
    functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName}`,
    runtime: 'nodejs20.x',
    handler,
    codeDir: path.join(FIXTURES, fixture),
    memorySizeMb: 128,
    timeoutSeconds: 3,
    environment: {},
    region: 'us-east-1',
    accountId: ACCOUNT,
    endpointUrl: ENDPOINT,
    ...overrides,
  };
  base.poolKey = `${base.functionArn}:${base.runtime}:${handler}:${key ?? ''}`;
  return base;
}

function request(s: FunctionInstanceSpec, payload: unknown, extra: Partial<InvokeRequest> = {}): InvokeRequest {
  return {
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(payload)),
    invokedFunctionArn: `${s.functionArn}:$LATEST`,
    ...extra,
  };
}

interface Invoked extends InvokeResult {
  requestId: string;
  body: unknown;
  lines: string[];
}

async function invoke(s: FunctionInstanceSpec, payload: unknown = {}, extra: Partial<InvokeRequest> = {}): Promise<Invoked> {
  const r = request(s, payload, extra);
  const result = await pool.invoke(s, r);
  const text = result.payload.toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: compare the text
  }
  return { ...result, requestId: r.requestId, body, lines: result.log.trimEnd().split('\n') };
}

/** Python's json.dumps layout (`", "` and `": "`), as the Python runtime client serialises. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function track(pid: unknown): number {
  expect(typeof pid).toBe('number');
  pids.add(pid as number);
  return pid as number;
}

describe('Node.js handlers', () => {
  it('ignores a sync handler’s return value on nodejs20.x (answers null), as the RIC does', async () => {
    const result = await invoke(spec('node-cjs', 'index.syncReturn'), { a: 1 });
    expect(result.payload.toString()).toBe('null');
    expect(result.functionError).toBeUndefined();
  });

  it('answers a sync handler’s return value on nodejs24.x', async () => {
    const result = await invoke(spec('node-cjs', 'index.syncReturn', { runtime: 'nodejs24.x' }), { a: 1 });
    expect(result.body).toEqual({ echo: { a: 1 } });
  });

  it('answers an async handler’s resolved value', async () => {
    const result = await invoke(spec('node-cjs', 'index.asyncEcho'), { hello: 'world' });
    expect(result.body).toEqual({ echo: { hello: 'world' }, node: process.version });
  });

  it('answers through the callback, and context.succeed', async () => {
    expect((await invoke(spec('node-cjs', 'index.callbackEcho'), [1, 2])).body).toEqual({ echo: [1, 2] });
    expect((await invoke(spec('node-cjs', 'index.contextSucceed'))).body).toEqual({ via: 'succeed' });
  });

  it('waits for the empty event loop after callback(null, x) unless callbackWaitsForEmptyEventLoop is false', async () => {
    const waiting = await invoke(spec('node-cjs', 'index.callbackWaits', { key: 'waits' }), { waits: true });
    expect(waiting.body).toBe('answered');
    expect(waiting.durationMs).toBeGreaterThanOrEqual(290);
    expect(waiting.lines.some((line) => line.endsWith('\tINFO\ttimer fired'))).toBe(true);

    const immediate = await invoke(spec('node-cjs', 'index.callbackWaits', { key: 'no-wait' }), { waits: false });
    expect(immediate.body).toBe('answered');
    expect(immediate.durationMs).toBeLessThan(250);
    expect(immediate.lines.some((line) => line.includes('timer fired'))).toBe(false);
  });

  it('rejects callback handlers on nodejs24.x with Runtime.CallbackHandlerDeprecated', async () => {
    const result = await invoke(spec('node-cjs', 'index.callbackEcho', { runtime: 'nodejs24.x' }));
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toMatchObject({
      errorType: 'Runtime.CallbackHandlerDeprecated',
      errorMessage: expect.stringMatching(/^ERROR: AWS Lambda has removed support for callback-based function handlers/),
    });
  });

  it('loads an .mjs module, resolving @aws-sdk/* from Onward’s node_modules', async () => {
    const result = await invoke(spec('node-mjs', 'index.handler'), { x: 1 });
    expect(result.body).toEqual({ module: 'mjs', echo: { x: 1 }, sdk: 'function' });
  });

  it('loads .js as an ES module under "type": "module", callback handlers included', async () => {
    expect((await invoke(spec('node-type-module', 'app.handler'))).body).toEqual({ module: 'esm' });
    expect((await invoke(spec('node-type-module', 'app.callback'))).body).toBe('esm callback');
  });

  it('resolves the AWS SDK from CommonJS too', async () => {
    expect((await invoke(spec('node-cjs', 'index.sdk'))).body).toBe('function');
  });

  it('resolves a nested handler path dir/file.outer.inner', async () => {
    expect((await invoke(spec('node-cjs', 'sub/nested.outer.inner'))).body).toBe('nested ok');
  });

  it('gives the context the invocation’s fields and a deadline', async () => {
    const s = spec('node-cjs', 'index.context', { timeoutSeconds: 3 });
    const traceId = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const result = await invoke(
      s,
      {},
      { clientContext: JSON.stringify({ custom: { k: 'v' } }), traceId, invokedFunctionArn: `${s.functionArn}:live` },
    );
    const body = result.body as Record<string, unknown>;
    expect(body).toMatchObject({
      functionName: 'fn-node-cjs',
      functionVersion: '$LATEST',
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/fn-node-cjs',
      invokedFunctionArn: `${s.functionArn}:live`,
      awsRequestId: result.requestId,
      clientContext: { custom: { k: 'v' } },
      traceId,
    });
    expect(body.identity).toBeUndefined();
    expect(body.logStreamName).toMatch(STREAM);
    expect(body.remainingMs).toBeGreaterThan(2_500);
    expect(body.remainingMs).toBeLessThanOrEqual(3_000);
    // The stream of the events is the one the function was told.
    const start = events.find((e) => e.message === `START RequestId: ${result.requestId} Version: $LATEST`);
    expect(start).toMatchObject({
      logGroupName: '/aws/lambda/fn-node-cjs',
      logStreamName: body.logStreamName,
      functionName: 'fn-node-cjs',
    });
  });

  it('serialises a thrown error with a trace array and logs Invoke Error', async () => {
    const result = await invoke(spec('node-cjs', 'index.throws'));
    expect(result.functionError).toBe('Unhandled');
    const body = result.body as { errorType: string; errorMessage: string; trace: string[] };
    expect(Object.keys(body)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(body.errorType).toBe('TypeError');
    expect(body.errorMessage).toBe('bad thing');
    expect(body.trace[0]).toBe('TypeError: bad thing');
    expect(body.trace[1]).toMatch(/^ {4}at exports\.throws \(.*node-cjs\/index\.js:\d+:\d+\)$/);
    expect(
      result.lines.some((l) =>
        new RegExp(
          `^${ISO}\\t${result.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"TypeError","errorMessage":"bad thing"`,
        ).test(l),
      ),
    ).toBe(true);
  });

  it.each([
    ['index', 'Runtime.MalformedHandlerName', 'Bad handler'],
    [
      '../index.handler',
      'Runtime.MalformedHandlerName',
      "'../index.handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    ],
    ['index.nope', 'Runtime.HandlerNotFound', 'index.nope is undefined or not exported'],
    ['index.notAFunction', 'Runtime.HandlerNotFound', 'index.notAFunction is not a function'],
  ])('refuses the handler %s with %s', async (handler, errorType, errorMessage) => {
    const s = spec('node-cjs', handler);
    const result = await invoke(s);
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType, errorMessage });
    expect(pool.instanceCount(s.poolKey)).toBe(0);
  });

  it('fails a missing module with Runtime.ImportModuleError', async () => {
    const result = await invoke(spec('node-cjs', 'missing.handler'));
    const body = result.body as { errorType: string; errorMessage: string };
    expect(body.errorType).toBe('Runtime.ImportModuleError');
    expect(body.errorMessage).toMatch(/^Error: Cannot find module 'missing'\nRequire stack:\n- /);
    expect(
      result.lines.some((l) => /^\S+\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime.ImportModuleError"/.test(l)),
    ).toBe(true);
  });

  it('fails a syntax error with Runtime.UserCodeSyntaxError', async () => {
    // Written here rather than kept as a fixture: the repository's linters parse every .js file.
    const codeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-syntax-'));
    try {
      fs.writeFileSync(path.join(codeDir, 'index.js'), 'exports.handler = async () => {\n  return { broken: ;\n};\n');
      const result = await invoke(spec('node-cjs', 'index.handler', { codeDir, key: 'syntax' }));
      expect(result.body).toMatchObject({
        errorType: 'Runtime.UserCodeSyntaxError',
        errorMessage: "SyntaxError: Unexpected token ';'",
      });
    } finally {
      fs.rmSync(codeDir, { recursive: true, force: true });
    }
  });

  it('fails an error thrown at module scope as an init error, discarding the instance', async () => {
    const s = spec('node-init-error', 'index.handler');
    const result = await invoke(s);
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'Error', errorMessage: 'init failed on purpose' });
    expect(result.lines[0]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(result.lines.some((l) => l.endsWith('\tundefined\tINFO\tinitialising'))).toBe(true);
    expect(result.lines.at(-1)).toMatch(/\tInit Duration: \d+\.\d{2} ms\tStatus: error\tError Type: Error$/);
    expect(result.initDurationMs).toBeGreaterThan(0);
    expect(pool.instanceCount(s.poolKey)).toBe(0);
  });

  it('kills a function that runs past its timeout and answers Sandbox.Timedout', async () => {
    const s = spec('node-cjs', 'index.loop', { timeoutSeconds: 1 });
    const pid = track((await invoke(s, { spin: false })).body);
    const result = await invoke(s, { spin: true });
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload.toString()).toBe(
      JSON.stringify({
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 1.00 seconds`,
      }),
    );
    // The kill happens at the deadline; durations are measured from the hand-over, so allow timer slack.
    expect(result.durationMs).toBeGreaterThan(900);
    expect(result.lines.at(-3)).toMatch(new RegExp(`^${ISO} ${result.requestId} Task timed out after 1.00 seconds$`));
    expect(result.lines.at(-1)).toMatch(/\tStatus: timeout$/);
    await eventually(() => !alive(pid));
    expect(pool.instanceCount(s.poolKey)).toBe(0);
    // The next invocation gets a fresh instance.
    expect(track((await invoke(s, { spin: false })).body)).not.toBe(pid);
  });

  it('answers Runtime.ExitError with the exit status when the process exits mid-invocation', async () => {
    const s = spec('node-cjs', 'index.exit3');
    const result = await invoke(s);
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload.toString()).toBe(
      JSON.stringify({
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
      }),
    );
    expect(result.lines.slice(-4, -2)).toEqual([
      `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
      'Runtime.ExitError',
    ]);
    expect(result.lines.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime.ExitError$/);
    expect(pool.instanceCount(s.poolKey)).toBe(0);
  });

  it('posts an exception thrown later in the invocation, then replaces the exited instance', async () => {
    const s = spec('node-cjs', 'index.uncaught');
    const result = await invoke(s);
    expect(result.body).toMatchObject({ errorType: 'Error', errorMessage: 'later' });
    // Invoked at once, while the runtime is exiting: the event goes to a fresh instance, not lost with the old one.
    const next = await invoke(s);
    expect(next.body).toMatchObject({ errorType: 'Error', errorMessage: 'later' });
    expect(next.initDurationMs).toBeGreaterThan(0);
    await eventually(() => pool.instanceCount(s.poolKey) === 0);
  });

  it('fails an async handler whose promise never settles with Runtime.NodeJsExit', async () => {
    const result = await invoke(spec('node-cjs', 'index.neverSettles'));
    expect(result.body).toMatchObject({ errorType: 'Runtime.NodeJsExit' });
  });

  it('survives a stdout flood with a bounded log that still ends with END and REPORT', async () => {
    const before = events.length;
    const result = await invoke(spec('node-cjs', 'index.flood'), { lines: 10_000 });
    expect(result.body).toBe('flooded');
    expect(result.log.length).toBeLessThan(300 * 1024);
    expect(result.lines[0]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(result.lines[1]).toMatch(/^\[Onward: \d+ lines of this invocation are left out here; the log stream has them\]$/);
    expect(result.lines.at(-2)).toBe(`END RequestId: ${result.requestId}`);
    // Every line reaches the sink (the log stream), the invocation's log only keeps its budget.
    await eventually(() => events.length - before >= 10_003);
  });

  it('answers Function.ResponseSizeTooLarge for a response above 6 MB and keeps the instance', async () => {
    const s = spec('node-cjs', 'index.big');
    const result = await invoke(s, { bytes: 6_300_000 });
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload.toString()).toBe(
      '{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
    );
    expect((await invoke(s, { bytes: 3 })).body).toBe('xxx');
  });

  it('reuses a warm instance: module state survives, only the first invocation reports Init Duration', async () => {
    const s = spec('node-cjs', 'index.counter');
    const first = await invoke(s);
    const second = await invoke(s);
    const a = first.body as { invocations: number; pid: number };
    const b = second.body as { invocations: number; pid: number };
    expect([a.invocations, b.invocations]).toEqual([1, 2]);
    expect(b.pid).toBe(track(a.pid));
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    expect(first.lines.at(-1)).toMatch(/\tInit Duration: \d+\.\d{2} ms$/);
    expect(second.lines.at(-1)).not.toContain('Init Duration');
  });

  it('starts a second instance for a parallel invocation', async () => {
    const s = spec('node-cjs', 'index.sleep', { key: 'parallel' });
    const [a, b] = await Promise.all([invoke(s, { ms: 300 }), invoke(s, { ms: 300 })]);
    expect(track(a.body)).not.toBe(track(b.body));
    expect(pool.instanceCount(s.poolKey)).toBe(2);
    // Both are warm now: two more run without a cold start.
    const [c, d] = await Promise.all([invoke(s, { ms: 50 }), invoke(s, { ms: 50 })]);
    expect(new Set([c.body, d.body])).toEqual(new Set([a.body, b.body]));
    expect([c.initDurationMs, d.initDurationMs]).toEqual([undefined, undefined]);
  });

  it('retire stops idle instances at once and busy ones after their invocation', async () => {
    const idle = spec('node-cjs', 'index.counter', { key: 'retire-idle' });
    const pid = track(((await invoke(idle)).body as { pid: number }).pid);
    await pool.retire(idle.poolKey);
    expect(pool.instanceCount(idle.poolKey)).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(((await invoke(idle)).body as { invocations: number }).invocations).toBe(1);

    const busy = spec('node-cjs', 'index.sleep', { key: 'retire-busy' });
    const running = invoke(busy, { ms: 300 });
    await eventually(() => pool.instanceCount(busy.poolKey) === 1);
    await pool.retire(busy.poolKey.slice(0, -5)); // a prefix
    // The running invocation completes normally; its instance is stopped afterwards.
    const busyPid = track((await running).body);
    await eventually(() => pool.instanceCount(busy.poolKey) === 0 && !alive(busyPid));
  });

  it('writes START, the function’s console lines, END and REPORT', async () => {
    const s = spec('node-cjs', 'index.logs');
    await invoke(s); // warm
    const result = await invoke(s);
    const id = result.requestId;
    expect(result.lines[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(result.lines.slice(1, 4).map((l) => l.replace(new RegExp(`^${ISO}\\t`), ''))).toEqual([
      `${id}\tINFO\thello world`,
      `${id}\tWARN\tcareful`,
      `${id}\tERROR\tmulti\rline`,
    ]);
    expect(result.lines[4]).toBe(`END RequestId: ${id}`);
    const report = new RegExp(
      `^REPORT RequestId: ${id}\\tDuration: (\\d+\\.\\d{2}) ms\\tBilled Duration: (\\d+) ms\\tMemory Size: 128 MB\\tMax Memory Used: (\\d+) MB$`,
    ).exec(result.lines[5]!);
    expect(report).not.toBeNull();
    expect(Number(report![2])).toBe(Math.max(1, Math.ceil(Number(report![1]))));
    expect(Number(report![3])).toBe(result.maxMemoryUsedMb);
    expect(result.maxMemoryUsedMb).toBeGreaterThan(10);
    expect(result.lines).toHaveLength(6);
  });

  it('sets the environment AWS defines, the function’s own variables, and nothing of Onward’s', async () => {
    const s = spec('node-cjs', 'index.env', {
      memorySizeMb: 256,
      environment: { MY_VAR: 'mine', AWS_REGION: 'eu-west-1', LANG: 'C.UTF-8' },
    });
    const names = [
      '_HANDLER',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'AWS_EXECUTION_ENV',
      'AWS_LAMBDA_FUNCTION_NAME',
      'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
      'AWS_LAMBDA_FUNCTION_VERSION',
      'AWS_LAMBDA_INITIALIZATION_TYPE',
      'AWS_LAMBDA_LOG_GROUP_NAME',
      'LAMBDA_TASK_ROOT',
      'TZ',
      'LANG',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_ENDPOINT_URL',
      'MY_VAR',
      'ONWARD_LEAK_CHECK',
    ];
    const result = await invoke(s, {
      names: [...names, 'AWS_LAMBDA_RUNTIME_API', 'AWS_LAMBDA_LOG_STREAM_NAME', 'NODE_PATH', 'LAMBDA_RUNTIME_DIR'],
    });
    const env = result.body as Record<string, string | null>;
    expect(Object.fromEntries(names.map((n) => [n, env[n]]))).toEqual({
      _HANDLER: 'index.env',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_FUNCTION_NAME: 'fn-node-cjs',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn-node-cjs',
      LAMBDA_TASK_ROOT: s.codeDir,
      TZ: ':UTC',
      LANG: 'C.UTF-8',
      AWS_ACCESS_KEY_ID: ACCOUNT,
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
      AWS_ENDPOINT_URL: ENDPOINT,
      MY_VAR: 'mine',
      ONWARD_LEAK_CHECK: null,
    });
    expect(env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(STREAM);
    expect(env.NODE_PATH!.split(path.delimiter)).toEqual([
      path.join(PACKAGE_ROOT, 'node_modules'),
      path.join(s.codeDir, 'node_modules'),
      s.codeDir,
    ]);
    expect(env.LAMBDA_RUNTIME_DIR).toBe(path.join(PACKAGE_ROOT, 'runtimes', 'node'));
  });

  it('derives V8 heap limits from the memory size as AWS’s bootstrap does', async () => {
    const result = await invoke(spec('node-cjs', 'index.execArgv', { memorySizeMb: 256 }));
    expect(result.body).toEqual([
      '--expose-gc',
      '--max-http-header-size',
      '81920',
      '--max-semi-space-size=12',
      '--max-old-space-size=231',
    ]);
  });
});

describe('Python handlers', () => {
  const codeDir = path.join(FIXTURES, 'python-basic');
  const py = (handler: string, options: SpecOptions = {}) => spec('python-basic', handler, { runtime: 'python3.12', ...options });

  it('answers the handler’s value and logs print and logging lines', async () => {
    const s = py('app.ok');
    const first = await invoke(s, { n: 1 });
    expect(first.body).toEqual({ echo: { n: 1 }, invocations: 1 });
    expect(first.lines[1]).toBe('print from python');
    expect(first.lines[2]).toMatch(new RegExp(`^\\[INFO\\]\\t${ISO}\\t${first.requestId}\\tinfo from logging$`));
    expect((await invoke(s, { n: 2 })).body).toEqual({ echo: { n: 2 }, invocations: 2 });
  });

  it('serialises a raised exception with stackTrace and requestId, bootstrap frames dropped', async () => {
    const result = await invoke(py('app.raises'));
    const source = fs.readFileSync(path.join(codeDir, 'app.py'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('raise ValueError')) + 1;
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload.toString()).toBe(
      pythonJson({
        errorMessage: 'python says no',
        errorType: 'ValueError',
        requestId: result.requestId,
        stackTrace: [`  File "${codeDir}/app.py", line ${line}, in raises\n    raise ValueError("python says no")\n`],
      }),
    );
    expect(result.lines[1]).toBe(
      `[ERROR] ValueError: python says no\rTraceback (most recent call last):\r\u00a0\u00a0File "${codeDir}/app.py", line ${line}, in raises\r\u00a0\u00a0\u00a0\u00a0raise ValueError("python says no")`,
    );
  });

  it('fails a missing module with Runtime.ImportModuleError', async () => {
    const result = await invoke(py('missing.handler'));
    expect(result.payload.toString()).toBe(
      pythonJson({
        errorMessage: "Unable to import module 'missing': No module named 'missing'",
        errorType: 'Runtime.ImportModuleError',
        requestId: '',
        stackTrace: [],
      }),
    );
  });

  it('fails a missing handler and a syntax error with their Runtime.* types', async () => {
    expect((await invoke(py('app.nope'))).body).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: "Handler 'nope' missing on module 'app'",
    });
    const syntax = await invoke(spec('python-syntax-error', 'app.handler', { runtime: 'python3.11' }));
    expect(syntax.body).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
    expect((syntax.body as { errorMessage: string }).errorMessage).toMatch(/^Syntax error in module 'app': /);
  });

  it('fails a result that is not JSON-serialisable with Runtime.MarshalError', async () => {
    const result = await invoke(py('app.marshal'));
    expect(result.payload.toString()).toBe(
      pythonJson({
        errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
        errorType: 'Runtime.MarshalError',
        requestId: result.requestId,
        stackTrace: [],
      }),
    );
  });

  it('gives the context the invocation’s fields', async () => {
    const s = py('app.context_fields', { timeoutSeconds: 5 });
    const result = await invoke(s, {}, { clientContext: JSON.stringify({ custom: { k: 'v' } }) });
    const body = result.body as Record<string, unknown>;
    expect(body).toMatchObject({
      aws_request_id: result.requestId,
      function_name: 'fn-python-basic',
      function_version: '$LATEST',
      memory_limit_in_mb: '128',
      log_group_name: '/aws/lambda/fn-python-basic',
      invoked_function_arn: `${s.functionArn}:$LATEST`,
      client_context_custom: { k: 'v' },
    });
    expect(body.log_stream_name).toMatch(STREAM);
    expect(body.remaining_ms).toBeGreaterThan(4_500);
    expect(body.remaining_ms).toBeLessThanOrEqual(5_000);
  });

  it('sets AWS_EXECUTION_ENV and AWS_ENDPOINT_URL for Python too', async () => {
    const result = await invoke(py('app.env'), { names: ['AWS_EXECUTION_ENV', 'AWS_ENDPOINT_URL', 'NODE_PATH'] });
    expect(result.body).toEqual({ AWS_EXECUTION_ENV: 'AWS_Lambda_python3.12', AWS_ENDPOINT_URL: ENDPOINT, NODE_PATH: null });
  });
});

describe('provided runtimes', () => {
  it('runs the code’s own bootstrap, which speaks the Runtime API directly', async () => {
    const s = spec('provided-echo', 'function.handler', { runtime: 'provided.al2023', timeoutSeconds: 7 });
    const before = Date.now();
    const result = await invoke(s, { ping: true });
    const body = result.body as Record<string, unknown>;
    expect(body).toMatchObject({
      echo: { ping: true },
      handler: 'function.handler',
      arn: `${s.functionArn}:$LATEST`,
      executionEnv: null,
    });
    expect(Number(body.deadline)).toBeGreaterThanOrEqual(before + 7_000);
    expect(Number(body.deadline)).toBeLessThan(Date.now() + 7_000);
    expect(result.lines[1]).toBe(`custom runtime got ${result.requestId}`);

    const failed = await invoke(s, { fail: true });
    expect(failed.functionError).toBe('Unhandled');
    expect(failed.payload.toString()).toBe('{"errorType": "Custom.Failure", "errorMessage": "asked to fail"}');
  });

  it('times out an invocation whose warm runtime never comes back to /next', async () => {
    const s = spec('provided-echo', 'function.handler', { runtime: 'provided', timeoutSeconds: 1, key: 'stall' });
    expect((await invoke(s, { stall: true })).body).toMatchObject({ echo: { stall: true } });
    const result = await invoke(s, {});
    expect(result.body).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 1.00 seconds`,
    });
    expect(pool.instanceCount(s.poolKey)).toBe(0);
  });

  it('fails a function without a bootstrap with Runtime.InvalidEntrypoint', async () => {
    const s = spec('node-cjs', 'index.handler', { runtime: 'provided.al2' });
    const result = await invoke(s);
    expect(result.payload.toString()).toBe(
      JSON.stringify({
        errorType: 'Runtime.InvalidEntrypoint',
        errorMessage: `RequestId: ${result.requestId} Error: Couldn't find valid bootstrap(s): [${s.codeDir}/bootstrap]`,
      }),
    );
  });
});

describe('code that cannot start', () => {
  it('fails a function whose code directory is gone with Runtime.InvalidEntrypoint', async () => {
    const codeDir = path.join(FIXTURES, 'does-not-exist');
    const result = await invoke(spec('node-cjs', 'index.handler', { codeDir, key: 'gone' }));
    expect(result.payload.toString()).toBe(
      JSON.stringify({
        errorType: 'Runtime.InvalidEntrypoint',
        errorMessage: `RequestId: ${result.requestId} Error: chdir ${codeDir}: no such file or directory`,
      }),
    );
    expect(result.lines).toEqual([
      `START RequestId: ${result.requestId} Version: $LATEST`,
      `RequestId: ${result.requestId} Error: chdir ${codeDir}: no such file or directory`,
      'Runtime.InvalidEntrypoint',
      `END RequestId: ${result.requestId}`,
      expect.stringMatching(/^REPORT .*\tStatus: error\tError Type: Runtime.InvalidEntrypoint$/),
    ]);
  });
});

describe('runtime availability', () => {
  it('refuses unknown runtimes and runtimes whose interpreter is missing', async () => {
    await expect(
      pool.invoke(spec('node-cjs', 'index.asyncEcho', { runtime: 'java8' }), request(spec('node-cjs', 'x'), {})),
    ).rejects.toThrow(RuntimeUnavailableError);
    expect(await checkRuntimeAvailable('java8')).toMatch(
      /^The runtime java8 is not supported by Onward\. Supported runtimes: nodejs18\.x, /,
    );
    expect(await checkRuntimeAvailable('nodejs22.x')).toBeUndefined();
    expect(await checkRuntimeAvailable('python3.13')).toBeUndefined();
    expect(await checkRuntimeAvailable('python3.10', { PATH: '/nonexistent' })).toBe(
      'The python3.10 runtime needs a local Python 3 interpreter, but neither python3.10 nor python3 runs from PATH (/nonexistent). Install Python 3 or put it on PATH.',
    );
  });
});

describe('idle instances and shutdown', () => {
  it('stops an instance idle for longer than idleTimeoutMs', async () => {
    const small = new ProcessPool({ logSink: () => {}, idleTimeoutMs: 200 });
    try {
      const s = spec('node-cjs', 'index.counter', { key: 'reap' });
      const pid = track(JSON.parse((await small.invoke(s, request(s, {}))).payload.toString()).pid);
      expect(small.instanceCount(s.poolKey)).toBe(1);
      await eventually(() => small.instanceCount(s.poolKey) === 0 && !alive(pid));
    } finally {
      await small.close();
    }
  });

  it('close() kills busy instances by PID and rejects their invocations with RunnerClosedError', async () => {
    const other = new ProcessPool({ logSink: () => {} });
    const s = spec('node-cjs', 'index.loop', { key: 'close', timeoutSeconds: 30 });
    const pid = track(JSON.parse((await other.invoke(s, request(s, { spin: false }))).payload.toString()));
    const running = other.invoke(s, request(s, { spin: true }));
    const rejected = expect(running).rejects.toThrow(RunnerClosedError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.close();
    await rejected;
    expect(alive(pid)).toBe(false);
    await expect(other.invoke(s, request(s, {}))).rejects.toThrow(RunnerClosedError);
  });
});

describe('the Runtime API server', () => {
  let server: RuntimeApiServer;
  const calls: string[] = [];
  const completions: RuntimeCompletion[] = [];
  let base = '';

  beforeAll(async () => {
    server = await RuntimeApiServer.start({
      initialized: () => calls.push('initialized'),
      delivered: (id) => calls.push(`delivered ${id}`),
      completed: (id, completion) => {
        calls.push(`completed ${id} ${completion.kind}`);
        completions.push(completion);
      },
      initFailed: () => calls.push('initFailed'),
    });
    base = `http://${server.address}/2018-06-01/runtime`;
  });

  afterAll(async () => {
    await server.close();
  });

  const post = async (url: string, body: string | Buffer) => {
    const response = await fetch(url, { method: 'POST', body });
    return { status: response.status, body: await response.text() };
  };

  it('follows RAPID’s states, ids and limits', async () => {
    expect(await post(`${base}/invocation/x/response`, '{}')).toEqual({
      status: 403,
      body: '{"errorMessage":"State transition from Started to InvocationResponse failed for runtime. Error: State transition is not allowed","errorType":"InvalidStateTransition"}',
    });
    const next = fetch(`${base}/invocation/next`);
    await eventually(() => calls.includes('initialized'));
    server.deliver({
      requestId: 'req-1',
      payload: Buffer.from('{"a":1}'),
      invokedFunctionArn: 'arn:fn',
      traceId: 'Root=1-a-b',
      clientContext: '{"c":"é"}',
      timeoutMs: 3_000,
    });
    const response = await next;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"a":1}');
    expect(response.headers.get('lambda-runtime-aws-request-id')).toBe('req-1');
    expect(response.headers.get('lambda-runtime-invoked-function-arn')).toBe('arn:fn');
    expect(response.headers.get('lambda-runtime-trace-id')).toBe('Root=1-a-b');
    expect(response.headers.get('lambda-runtime-client-context')).toBe('{"c":"\\u00e9"}');
    const deadline = Number(response.headers.get('lambda-runtime-deadline-ms'));
    expect(deadline).toBeGreaterThan(Date.now() + 2_000);
    expect(response.headers.get('lambda-runtime-cognito-identity')).toBeNull();

    expect(await post(`${base}/invocation/other/response`, '{}')).toEqual({
      status: 400,
      body: '{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}',
    });
    expect(await post(`${base}/invocation/req-1/response`, '"ok"')).toEqual({ status: 202, body: '{"status":"OK"}' });
    expect(await post(`${base}/invocation/req-1/response`, '"again"')).toEqual({
      status: 403,
      body: '{"errorMessage":"State transition from RuntimeResponseSentState to InvocationResponse failed for runtime. Error: State transition is not allowed","errorType":"InvalidStateTransition"}',
    });
    expect((await post(`${base}/init/error`, '{}')).status).toBe(403);

    const second = fetch(`${base}/invocation/next`);
    server.deliver({
      requestId: 'req-2',
      payload: Buffer.from('{}'),
      invokedFunctionArn: 'arn:fn',
      traceId: 't',
      timeoutMs: 1_000,
    });
    await second;
    expect(await post(`${base}/invocation/req-2/response`, Buffer.alloc(6_291_557, 0x61))).toEqual({
      status: 413,
      body: '{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}',
    });
    expect((await fetch(`${base}/unknown`)).status).toBe(404);
    expect(calls).toEqual([
      'initialized',
      'delivered req-1',
      'completed req-1 response',
      'delivered req-2',
      'completed req-2 tooLarge',
    ]);
    expect(completions[0]).toEqual({ kind: 'response', body: Buffer.from('"ok"') });
  });
});
