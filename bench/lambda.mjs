// Lambda through Onward: cold start, warm invoke latency and warm throughput of
// a trivial Node function, beside the floor of the same work done by hand in
// this process: `child_process.fork` of a script that echoes IPC messages. The
// two sides are interleaved per measure, so background noise hits both alike.
// Every invoke is checked (200, no X-Amz-Function-Error, the payload echoed
// back), every IPC reply too; anything else ends up in `problems()`.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { loop, median, percentile } from './load.mjs';
import { childPids, forkTracked, stop } from './procs.mjs';

export const LAMBDA_SETTINGS = {
  coldRuns: 5,
  sequentialInvokes: 2000,
  clients: 2,
  warmupMs: 1000,
  measureMs: 5000,
  runtime: 'nodejs20.x',
  handler: 'exports.handler = async (e) => e;',
};

// As for SQS, the signature is not checked; the Credential scope names the service.
export const HEADERS = {
  'content-type': 'application/json',
  authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0',
};
const FUNCTIONS = '/2015-03-31/functions';
const IPC_ECHO = fileURLToPath(new URL('./ipc-echo.mjs', import.meta.url));
const MAX_EXAMPLES = 3;
const CALL_TIMEOUT_MS = 20_000; // above Onward's 10 s init limit, so a slow cold start still answers
// The floor's children get what Onward passes a function process of its own
// environment (src/runner/host-environment.ts), not all of ours: a variable
// like NODE_EXTRA_CA_CERTS alone adds ~50 ms to every Node start.
const FLOOR_ENV = Object.fromEntries(
  ['PATH', 'HOME', 'USER', 'LOGNAME', 'TMPDIR', 'LD_LIBRARY_PATH', 'SYSTEMROOT'].flatMap((name) =>
    process.env[name] === undefined ? [] : [[name, process.env[name]]],
  ),
);

export const invocations = (name) => `${FUNCTIONS}/${encodeURIComponent(name)}/invocations`;
const payload = (n) => JSON.stringify({ bench: 'onward', n });

/** One zip per function: the code is stored by content, so equal zips would skip the extraction of a real create. */
function zipFor(name, handler) {
  const source = `// ${name}\n${handler}\n`;
  return Buffer.from(zipSync({ 'index.js': strToU8(source) })).toString('base64');
}

/** CreateFunction; `handler` is the source of index.js, `extra` more CreateFunction fields (e.g. Timeout). */
export async function createFunction(port, name, { handler = LAMBDA_SETTINGS.handler, ...extra } = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${FUNCTIONS}`, {
    method: 'POST',
    headers: HEADERS,
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    body: JSON.stringify({
      FunctionName: name,
      Runtime: LAMBDA_SETTINGS.runtime,
      Role: 'arn:aws:iam::000000000000:role/r',
      Handler: 'index.handler',
      Code: { ZipFile: zipFor(name, handler) },
      ...extra,
    }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`CreateFunction ${name} answered ${response.status}: ${text.slice(0, 500)}`);
}

/**
 * Invoke answers seen in the whole section, warm-ups and cold starts included,
 * with a few examples of wrong ones (and how to send the same request again).
 */
function newChecks() {
  return { invokes: 0, non2xx: 0, errors: 0, functionErrors: 0, wrongBodies: 0, examples: [] };
}

function check(checks, name, sent, { status, functionError, body }) {
  checks.invokes++;
  const wrong = status !== 200 ? 'non2xx' : functionError ? 'functionErrors' : body !== sent ? 'wrongBodies' : undefined;
  if (!wrong) return;
  checks[wrong]++;
  if (checks.examples.length >= MAX_EXAMPLES) return;
  checks.examples.push(
    `POST ${invocations(name)} ${sent} -> ${status}${functionError ? ` X-Amz-Function-Error: ${functionError}` : ''} ${body.slice(0, 300)}`,
  );
}

async function invokeOnce(port, name, checks) {
  const sent = payload(0);
  try {
    const response = await fetch(`http://127.0.0.1:${port}${invocations(name)}`, {
      method: 'POST',
      headers: HEADERS,
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      body: sent,
    });
    const answer = {
      status: response.status,
      functionError: response.headers.get('x-amz-function-error'),
      body: await response.text(),
    };
    check(checks, name, sent, answer);
  } catch (error) {
    checks.invokes++;
    checks.errors++;
    if (checks.examples.length < MAX_EXAMPLES) checks.examples.push(`POST ${invocations(name)} ${sent} -> ${error.message}`);
  }
}

/** The http loop of load.mjs invoking `name`, each step with a payload of its own. */
async function invokeLoop(port, name, checks, options) {
  let next = 1;
  const step = async (post) => {
    const sent = payload(next++);
    const answer = await post(HEADERS, sent);
    check(checks, name, sent, { ...answer, functionError: answer.headers['x-amz-function-error'] });
  };
  const result = await loop({ port, path: invocations(name), step, ...options });
  checks.errors += result.errors; // the loop abandoned these steps, so check() never saw them
  checks.invokes += result.errors;
  return result;
}

/** Sends a message to a forked echo child and resolves with its reply; rejects if the child dies. */
function echoer(child) {
  let pending;
  child.on('message', (message) => pending?.resolve(message));
  child.exited.then(({ code, signal }) =>
    pending?.reject(new Error(`IPC echo child exited (code ${code}, signal ${signal})\n${child.tail}`)),
  );
  return (message) =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
      child.send(message);
    });
}

/** Round trips from one worker per echo child, until `durationMs` or `amount` round trips. */
async function ipcLoop({ echoes, durationMs, amount, checks }) {
  const latencies = [];
  const started = performance.now();
  const deadline = started + (durationMs ?? Infinity);
  let tickets = amount ?? Infinity;
  let next = 1;
  const worker = async (echo) => {
    while (tickets-- > 0 && performance.now() < deadline) {
      const n = next++;
      const sentAt = performance.now();
      const reply = await echo({ bench: 'onward', n });
      latencies.push(performance.now() - sentAt);
      checks.roundTrips++;
      if (reply?.n !== n) checks.wrongReplies++;
    }
  };
  await Promise.all(echoes.map(worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    rate: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    requests: latencies.length,
    seconds,
  };
}

/** Fork `count` echo children, run `use(echoes)`, stop them by PID whatever happens. */
async function withEchoChildren(count, use) {
  const children = Array.from({ length: count }, () => forkTracked(IPC_ECHO, { env: FLOOR_ENV }));
  try {
    return await use(children.map(echoer));
  } finally {
    await Promise.all(children.map(stop));
  }
}

/** Floor of a cold start: from just before fork() until the first reply arrives. */
async function forkToFirstReplyMs(checks) {
  const started = performance.now();
  return withEchoChildren(1, async ([echo]) => {
    const reply = await echo({ bench: 'onward', n: 0 });
    const ms = performance.now() - started;
    checks.roundTrips++;
    if (reply?.n !== 0) checks.wrongReplies++;
    return ms;
  });
}

/** Onward cold start: CreateFunction sent until the first Invoke's result arrived, and the invoke alone. */
async function onwardColdStart(port, name, checks) {
  const started = performance.now();
  await createFunction(port, name);
  const created = performance.now();
  await invokeOnce(port, name, checks);
  const done = performance.now();
  return { totalMs: done - started, createMs: created - started, firstInvokeMs: done - created };
}

const stats = (samplesMs) => ({ medianMs: median(samplesMs), samplesMs });

async function measureCold(port, checks, floorChecks) {
  const onward = [];
  const floor = [];
  for (let i = 0; i < LAMBDA_SETTINGS.coldRuns; i++) {
    onward.push(await onwardColdStart(port, `bench-cold-${i}`, checks));
    floor.push(await forkToFirstReplyMs(floorChecks));
  }
  return {
    onward: {
      createToResult: stats(onward.map((s) => s.totalMs)),
      createAlone: stats(onward.map((s) => s.createMs)),
      firstInvoke: stats(onward.map((s) => s.firstInvokeMs)),
    },
    floor: { forkToFirstReply: stats(floor) },
  };
}

async function measureSequential(port, name, checks, floorChecks) {
  const { warmupMs, sequentialInvokes: amount } = LAMBDA_SETTINGS;
  await invokeLoop(port, name, checks, { connections: 1, durationMs: warmupMs });
  const onward = await invokeLoop(port, name, checks, { connections: 1, amount });
  const floor = await withEchoChildren(1, async (echoes) => {
    await ipcLoop({ echoes, durationMs: warmupMs, checks: floorChecks });
    return ipcLoop({ echoes, amount, checks: floorChecks });
  });
  return { onward, floor };
}

/** Two clients at once: Onward starts a second instance during the warm-up; the floor has two children. */
async function measureConcurrent(port, name, checks, floorChecks) {
  const { clients, warmupMs, measureMs } = LAMBDA_SETTINGS;
  await invokeLoop(port, name, checks, { connections: clients, durationMs: warmupMs });
  const onward = await invokeLoop(port, name, checks, { connections: clients, durationMs: measureMs });
  const floor = await withEchoChildren(clients, async (echoes) => {
    await ipcLoop({ echoes, durationMs: warmupMs, checks: floorChecks });
    return ipcLoop({ echoes, durationMs: measureMs, checks: floorChecks });
  });
  return { onward, floor };
}

/**
 * The Lambda section against the Onward process `onwardPid` listening on
 * `port`. `log` gets a line per step, as the run goes.
 */
export async function measureLambda(port, onwardPid, log) {
  const checks = newChecks();
  const floorChecks = { roundTrips: 0, wrongReplies: 0 };
  const started = performance.now();

  log(`  cold starts: ${LAMBDA_SETTINGS.coldRuns} x (CreateFunction + first Invoke), each beside a fork + first IPC reply`);
  const cold = await measureCold(port, checks, floorChecks);

  const name = 'bench-warm';
  const before = childPids(onwardPid);
  await createFunction(port, name);
  await invokeOnce(port, name, checks);
  log(
    `  warm sequential: ${LAMBDA_SETTINGS.warmupMs / 1000} s warm-up + ${LAMBDA_SETTINGS.sequentialInvokes} invokes, each side`,
  );
  const sequential = await measureSequential(port, name, checks, floorChecks);
  log(
    `  warm, ${LAMBDA_SETTINGS.clients} concurrent clients: ${LAMBDA_SETTINGS.warmupMs / 1000} s warm-up + ${LAMBDA_SETTINGS.measureMs / 1000} s, each side`,
  );
  const concurrent = await measureConcurrent(port, name, checks, floorChecks);
  const after = childPids(onwardPid);

  return {
    settings: LAMBDA_SETTINGS,
    cold,
    sequential,
    concurrent,
    // Function processes Onward started for bench-warm (it is expected to keep exactly `clients` warm).
    warmInstances: before && after ? after.filter((pid) => !before.includes(pid)).length : undefined,
    checks,
    floorChecks,
    seconds: (performance.now() - started) / 1000,
  };
}

export function problems(lambda) {
  const found = [];
  const c = lambda.checks;
  if (c.non2xx || c.errors || c.functionErrors || c.wrongBodies) {
    found.push(
      `Lambda: ${c.invokes} invokes, ${c.non2xx} non-200, ${c.errors} connection errors/timeouts, ` +
        `${c.functionErrors} with X-Amz-Function-Error, ${c.wrongBodies} with a wrong body; e.g.\n      ` +
        c.examples.join('\n      '),
    );
  }
  if (lambda.floorChecks.wrongReplies) found.push(`Floor: ${lambda.floorChecks.wrongReplies} wrong IPC replies`);
  if (lambda.warmInstances !== undefined && lambda.warmInstances !== LAMBDA_SETTINGS.clients) {
    found.push(
      `Lambda: bench-warm ran on ${lambda.warmInstances} function processes for at most ${LAMBDA_SETTINGS.clients} concurrent invokes`,
    );
  }
  return found;
}
