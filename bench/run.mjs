// `npm run bench`: start-to-ready time and throughput of Onward, next to a bare
// node:http server (the ceiling on this machine) and moto_server, then Lambda
// cold and warm invokes next to a forked Node child (the floor), all measured
// in one run so that the ratios mean something. Targets only 127.0.0.1.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASYNC_SETTINGS, measureAsync, problems as asyncProblems } from './async.mjs';
import { EVENTS_SETTINGS, measureEvents, problems as eventsProblems } from './events.mjs';
import { LAMBDA_SETTINGS, measureLambda, problems as lambdaProblems } from './lambda.mjs';
import { measureSns, problems as snsProblems, SNS_SETTINGS } from './sns.mjs';
import { measureEsm, problems as esmProblems } from './esm.mjs';
import { cannon, median, warmLoop, loop } from './load.mjs';
import { childPids, cleanup, freePort, killSurvivors, removeDir, startPolling, startPrinting, stop, tempDir } from './procs.mjs';
import { asyncSection, lambdaSection, machineHeader, startupSection, throughputSection } from './report.mjs';
import { batchStep, call, createQueue, MESSAGE_BODY, queueDepth, receiveDeleteStep, sendRequest, sendStep } from './sqs.mjs';

const CONNECTIONS = 50;
const WARMUP_MS = 1000;
const MEASURE_MS = 5000;
const MOTO_MEASURE_MS = 3000; // moto is slow; a shorter run still gives a stable rate
const STARTUP_RUNS = 5;
const PAYMENTS_EXAMPLE = fileURLToPath(new URL('../examples/payments', import.meta.url));
const TARGETS = { onwardReadyMs: 250, sendVsCeiling: 0.5 };

const NODE = process.execPath;
const ONWARD_CLI = fileURLToPath(new URL('../dist/onward.mjs', import.meta.url));
const BARE_SERVER = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

const log = (text = '') => process.stdout.write(`${text}\n`);
const fmtLoad = (loads) => loads.map((l) => l.toFixed(2)).join(' ');

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemGiB: os.totalmem() / 2 ** 30,
    platform: os.platform(),
    release: os.release(),
    node: process.version,
    loadAvg: os.loadavg(),
    onward: JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
  };
}

/** Start Onward on a fresh data dir; `run(port, readyMs, child)` gets it while it is up. */
async function withOnward(run) {
  const dataDir = tempDir('onward-bench-');
  const port = await freePort();
  const { child, readyMs } = await startPrinting(NODE, [ONWARD_CLI, 'start', '--port', String(port), '--data-dir', dataDir]);
  try {
    return await run(port, readyMs, child);
  } finally {
    await stop(child);
    removeDir(dataDir);
  }
}

async function withBare(run) {
  const port = await freePort();
  const { child, readyMs } = await startPrinting(NODE, [BARE_SERVER, String(port)]);
  try {
    return await run(port, readyMs);
  } finally {
    await stop(child);
  }
}

/**
 * `onward up` on the payments example, on a fresh data dir each time: load the serverless.yml, start,
 * bundle the TypeScript handler, deploy the ten resources, open the HTTP listener, print the summary.
 */
async function upReadyMs() {
  const dataDir = tempDir('onward-bench-up-');
  const args = [
    ONWARD_CLI,
    'up',
    PAYMENTS_EXAMPLE,
    '--port',
    String(await freePort()),
    '--http-port',
    '0',
    '--data-dir',
    dataDir,
    '--no-watch',
  ];
  const { child, readyMs } = await startPrinting(NODE, args);
  await stop(child);
  removeDir(dataDir);
  return readyMs;
}

/** Interleaved, so that a burst of background noise hits both sides alike. */
async function measureStartup() {
  const samples = { onward: [], bare: [], up: [] };
  for (let i = 0; i < STARTUP_RUNS; i++) {
    samples.onward.push(await withOnward((_, ms) => ms));
    samples.bare.push(await withBare((_, ms) => ms));
    samples.up.push(await upReadyMs());
  }
  const onward = { medianMs: median(samples.onward), samplesMs: samples.onward };
  const bare = { medianMs: median(samples.bare), samplesMs: samples.bare };
  const up = { medianMs: median(samples.up), samplesMs: samples.up };
  return { onward, bare, up, ratio: onward.medianMs / bare.medianMs };
}

const row = (server, workload, client, result, unit = 'req/s') => ({ server, workload, client, unit, ...result });

/**
 * Pre-fill a queue, then measure receive+delete pairs. The fill size comes from
 * the SendMessage rate just measured: a pair is two requests, so this leaves
 * about 2x headroom; an empty receive during the run is flagged anyway. The fill
 * is not made bigger than that on purpose: moto's receive gets slower the more
 * messages a queue holds.
 */
async function measurePairs(port, server, durationMs, sendRate) {
  const queueUrl = await createQueue(port, 'bench-pairs');
  const wanted = Math.max(CONNECTIONS * 5, Math.ceil((sendRate * (WARMUP_MS + durationMs)) / 1000));
  const filled = { sent: 0 };
  const fill = await loop({
    port,
    connections: CONNECTIONS,
    amount: Math.ceil(wanted / 10),
    step: batchStep(queueUrl, filled),
  });
  const depth = await queueDepth(port, queueUrl);
  log(
    `  ${server}: pre-filled ${filled.sent} messages with SendMessageBatch in ${fill.seconds.toFixed(1)} s ` +
      `(${(filled.sent / fill.seconds).toFixed(0)} msg/s${fill.ok ? '' : `, ${fill.non2xx} non-2xx, ${fill.errors} errors`}); queue depth ${depth}`,
  );

  // One checked pair first: a wrong request shape should fail loudly, not as a rate.
  const { Messages } = await call(port, 'ReceiveMessage', {
    QueueUrl: queueUrl,
    MaxNumberOfMessages: 1,
    VisibilityTimeout: 300,
  });
  await call(port, 'DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: Messages[0].ReceiptHandle });

  const result = await warmLoop({
    port,
    connections: CONNECTIONS,
    warmupMs: WARMUP_MS,
    durationMs,
    makeStep: receiveDeleteStep(queueUrl),
  });
  const { pairs, emptyReceives, failedDeletes } = result.counters;
  const prefill = { wanted, sent: filled.sent, depth, msgPerSec: filled.sent / fill.seconds, ok: fill.ok };
  return row(
    server,
    'Receive+Delete',
    'http loop',
    {
      ...result,
      rate: pairs / result.seconds,
      httpRate: result.rate,
      ok: result.ok && emptyReceives === 0 && failedDeletes === 0,
      prefill,
    },
    'pairs/s',
  );
}

async function measureBare() {
  log('  bare node:http: autocannon, then http loop');
  return withBare(async (port) => {
    const request = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    const common = { port, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: MEASURE_MS };
    const viaCannon = await cannon({ ...common, ...request });
    const step = () => ({ step: (post) => post(request.headers, request.body), counters: {} });
    const viaLoop = await warmLoop({ ...common, makeStep: step });
    return [
      row('bare node:http', 'POST -> {}', 'autocannon', viaCannon),
      row('bare node:http', 'POST -> {}', 'http loop', viaLoop),
    ];
  });
}

async function measureOnward() {
  log('  Onward: SendMessage (autocannon, http loop), then Receive+Delete');
  return withOnward(async (port) => {
    const queueUrl = await createQueue(port, 'bench');
    await call(port, 'SendMessage', { QueueUrl: queueUrl, MessageBody: MESSAGE_BODY });
    const common = { port, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: MEASURE_MS };
    const viaCannon = await cannon({ ...common, ...sendRequest(queueUrl) });
    const viaLoop = await warmLoop({ ...common, makeStep: sendStep(queueUrl) });
    const pairs = await measurePairs(port, 'Onward', MEASURE_MS, viaLoop.rate);
    return [row('Onward', 'SendMessage', 'autocannon', viaCannon), row('Onward', 'SendMessage', 'http loop', viaLoop), pairs];
  });
}

/** moto_server is a child of ours; any failure here is reported, not fatal. */
async function measureMoto() {
  const port = await freePort();
  const { child, readyMs } = await startPolling(
    'moto_server',
    ['-p', String(port), '-H', '127.0.0.1'],
    `http://127.0.0.1:${port}/`,
  );
  log(`  moto_server answered HTTP ${readyMs.toFixed(0)} ms after spawn`);
  try {
    const queueUrl = await createQueue(port, 'bench');
    await call(port, 'SendMessage', { QueueUrl: queueUrl, MessageBody: MESSAGE_BODY }); // moto 5 speaks JSON 1.0
    const send = await warmLoop({
      port,
      connections: CONNECTIONS,
      warmupMs: WARMUP_MS,
      durationMs: MOTO_MEASURE_MS,
      makeStep: sendStep(queueUrl),
    });
    const pairs = await measurePairs(port, 'moto', MOTO_MEASURE_MS, send.rate);
    return [row('moto', 'SendMessage', 'http loop', send), pairs];
  } finally {
    await stop(child);
  }
}

/**
 * Lambda on a fresh Onward process of its own (the SQS runs leave nothing
 * behind in it). Its function processes must end with it; any still there are
 * killed by PID and flagged.
 */
async function measureLambdaSection(flags) {
  log(`Lambda: one Onward process, then the fork + IPC floor beside each measure`);
  let pids = [];
  try {
    const lambda = await withOnward(async (port, _, child) => {
      try {
        return await measureLambda(port, child.pid, (line) => log(line));
      } finally {
        pids = childPids(child.pid) ?? [];
      }
    });
    flags.push(...lambdaProblems(lambda));
    return lambda;
  } catch (error) {
    flags.push(`Lambda not measured: ${error.message.split('\n')[0]}`);
    return undefined;
  } finally {
    const survivors = killSurvivors(pids);
    if (survivors.length) flags.push(`Lambda: function processes ${survivors.join(' ')} outlived Onward (killed now)`);
  }
}

/**
 * Async invocation on a fresh Onward process of its own, against the bare
 * node:http autocannon ceiling measured above; function processes are handled
 * as in the Lambda section (the sleeping ones are expected to die with Onward).
 */
async function measureAsyncSection(flags, ceiling) {
  log(`Async: one Onward process, accept rates beside the ${ceiling.client} ceiling of this run`);
  let pids = [];
  try {
    const result = await withOnward(async (port, _, child) => {
      try {
        return await measureAsync(port, child.pid, ceiling, (line) => log(line));
      } finally {
        pids = childPids(child.pid) ?? [];
      }
    });
    flags.push(...asyncProblems(result));
    return result;
  } catch (error) {
    flags.push(`Async not measured: ${error.message.split('\n')[0]}`);
    return undefined;
  } finally {
    const survivors = killSurvivors(pids);
    if (survivors.length) flags.push(`Async: function processes ${survivors.join(' ')} outlived Onward (killed now)`);
  }
}

/** EventBridge PutEvents -> 100 rules -> SQS, on a fresh Onward process of its own. */
async function measureEventsSection(flags) {
  log(`EventBridge: PutEvents on a bus with ${EVENTS_SETTINGS.rules} rules, each event delivered to one SQS queue`);
  try {
    const result = await withOnward((port) => measureEvents(port, (line) => log(line)));
    flags.push(...eventsProblems(result));
    return result;
  } catch (error) {
    flags.push(`EventBridge not measured: ${error.message.split('\n')[0]}`);
    return undefined;
  }
}

/** SNS Publish -> 1 and 10 SQS subscriptions, on a fresh Onward process of its own. */
async function measureSnsSection(flags) {
  log(`SNS: Publish fanned out to ${SNS_SETTINGS.subscriptions.join(' and ')} SQS subscriptions (raw delivery)`);
  try {
    const result = await withOnward((port) => measureSns(port, (line) => log(line)));
    flags.push(...snsProblems(result));
    return result;
  } catch (error) {
    flags.push(`SNS not measured: ${error.message.split('\n')[0]}`);
    return undefined;
  }
}

/** Event source mappings: SQS -> function at BatchSize 1 and 10, Kinesis -> function per shard, on a fresh Onward. */
async function measureEsmSection(flags) {
  log('Event source mappings: SQS queue drained into a function (BatchSize 1 and 10), one Kinesis shard into a function');
  try {
    const result = await withOnward((port) => measureEsm(port, (line) => log(line)));
    flags.push(...esmProblems(result));
    return result;
  } catch (error) {
    flags.push(`Event source mappings not measured: ${error.message.split('\n')[0]}`);
    return undefined;
  }
}

/** Ratios against the ceiling of the same client, and Onward against moto. */
function addRatios(rows) {
  const ceiling = Object.fromEntries(rows.filter((r) => r.server === 'bare node:http').map((r) => [r.client, r.rate]));
  for (const r of rows) {
    r.vsCeiling = (r.httpRate ?? r.rate) / ceiling[r.client]; // per HTTP request, pairs included
    const moto = rows.find((m) => m.server === 'moto' && m.workload === r.workload && m.client === r.client);
    if (r.server === 'Onward' && moto) r.vsMoto = r.rate / moto.rate;
  }
}

function problems(rows) {
  return rows.flatMap((r) => {
    const found = [];
    if (r.non2xx || r.errors) {
      found.push(
        `${r.server} ${r.workload} (${r.client}): ${r.non2xx} non-2xx, ${r.errors} connection errors/timeouts; statuses ${JSON.stringify(r.statuses)}`,
      );
    }
    if (r.counters?.emptyReceives)
      found.push(`${r.server} ${r.workload}: queue ran dry (${r.counters.emptyReceives} empty receives); rate is a lower bound`);
    if (r.counters?.failedDeletes) found.push(`${r.server} ${r.workload}: ${r.counters.failedDeletes} DeleteMessage failures`);
    if (r.prefill && !r.prefill.ok) found.push(`${r.server} pre-fill: SendMessageBatch had failures`);
    return found;
  });
}

/**
 * `node bench/run.mjs --only async`: the bare node:http ceiling (which the accept rates are compared
 * with), then the Async section alone, written to bench/results/async-only.json.
 */
async function asyncOnly() {
  const results = { machine: machine(), settings: { async: ASYNC_SETTINGS }, flags: [] };
  log(machineHeader(results.machine));
  log();
  log(`Ceiling: bare node:http, ${CONNECTIONS} connections, ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured`);
  results.throughput = await measureBare();
  const ceiling = results.throughput.find((r) => r.client === 'autocannon');
  results.async = await measureAsyncSection(results.flags, ceiling);
  if (results.async) {
    log();
    log(asyncSection(results.async));
  }
  log();
  log(results.flags.length ? `FLAGGED:\n${results.flags.map((f) => `  ! ${f}`).join('\n')}` : 'No errors or non-2xx responses.');
  results.machine.loadAvgAtEnd = os.loadavg();
  log(`Load avg at start ${fmtLoad(results.machine.loadAvg)}, at end ${fmtLoad(results.machine.loadAvgAtEnd)}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'async-only.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`(written to bench/results/async-only.json)`);
  if (results.flags.length) process.exitCode = 1;
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only === 'async') return asyncOnly();
  if (only !== undefined) throw new Error(`--only ${only}: the only section that runs alone is async`);
  const results = {
    machine: machine(),
    settings: {
      connections: CONNECTIONS,
      pipelining: 1,
      warmupMs: WARMUP_MS,
      measureMs: MEASURE_MS,
      motoMeasureMs: MOTO_MEASURE_MS,
      startupRuns: STARTUP_RUNS,
      messageBytes: MESSAGE_BODY.length,
      lambda: LAMBDA_SETTINGS,
      async: ASYNC_SETTINGS,
    },
    targets: TARGETS,
    flags: [],
  };
  log(machineHeader(results.machine));
  log();

  results.startup = await measureStartup();
  log(startupSection(results.startup));
  log(
    `Target: Onward ready within ${TARGETS.onwardReadyMs} ms -> ${results.startup.onward.medianMs <= TARGETS.onwardReadyMs ? 'PASS' : 'MISS'}`,
  );
  log();

  log(
    `Throughput: ${CONNECTIONS} connections, pipelining 1, ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured (moto ${MOTO_MEASURE_MS / 1000} s)`,
  );
  const rows = [...(await measureBare()), ...(await measureOnward())];
  try {
    rows.push(...(await measureMoto()));
  } catch (error) {
    results.flags.push(`moto not measured: ${error.message.split('\n')[0]}`);
  }
  addRatios(rows);
  results.throughput = rows;
  results.flags.push(...problems(rows));

  log();
  log(throughputSection(rows));
  log('Rate is per second over the measured window; "x ceiling" compares HTTP requests/s with the bare');
  log('node:http server driven by the same client (a receive+delete pair counts as two requests).');
  log('"http loop" is a keep-alive http.Agent client, used where autocannon cannot be (moto closes');
  log('every connection); Onward/moto compares the two under that same client.');
  const send = rows.find((r) => r.server === 'Onward' && r.workload === 'SendMessage' && r.client === 'autocannon');
  results.targetResults = {
    onwardReady: results.startup.onward.medianMs <= TARGETS.onwardReadyMs,
    sendVsCeiling: send.vsCeiling >= TARGETS.sendVsCeiling && send.ok,
  };
  log(
    `Target: Onward SendMessage >= ${TARGETS.sendVsCeiling}x the ceiling (autocannon) -> ${results.targetResults.sendVsCeiling ? 'PASS' : 'MISS'} (${send.vsCeiling.toFixed(2)}x)`,
  );
  log();

  results.lambda = await measureLambdaSection(results.flags);
  if (results.lambda) {
    log();
    log(lambdaSection(results.lambda));
  }
  log();

  const ceiling = rows.find((r) => r.server === 'bare node:http' && r.client === 'autocannon');
  results.async = await measureAsyncSection(results.flags, ceiling);
  if (results.async) {
    log();
    log(asyncSection(results.async));
  }
  log();
  results.events = await measureEventsSection(results.flags);
  log();
  results.sns = await measureSnsSection(results.flags);
  results.esm = await measureEsmSection(results.flags);
  log();
  log(results.flags.length ? `FLAGGED:\n${results.flags.map((f) => `  ! ${f}`).join('\n')}` : 'No errors or non-2xx responses.');
  log();

  // Other work on the machine skews the ratios; show how busy it was around the run.
  results.machine.loadAvgAtEnd = os.loadavg();
  log(`Load avg at start ${fmtLoad(results.machine.loadAvg)}, at end ${fmtLoad(results.machine.loadAvgAtEnd)}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(JSON.stringify(results));
  log(`(written to bench/results/latest.json)`);
  if (results.flags.length) process.exitCode = 1;
}

// Children must not outlive the benchmark, whether it ends, fails or is interrupted.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => cleanup().finally(() => process.exit(130)));
}
try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
