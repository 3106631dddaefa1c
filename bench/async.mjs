// Asynchronous Lambda invocation through Onward (`X-Amz-Invocation-Type: Event`):
// the accept rate beside the bare node:http ceiling of the same client, the end
// to end rate invoke -> function process -> SQS destination record, the end to
// end latency at a paced rate, and the accept rate again with a large backlog of
// queued events. Every 202 is counted, every destination record is matched to
// its invoke's x-amzn-requestid (losses and duplicates end up in `problems()`).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { httpRequest } from './http-client.mjs';
import { createFunction, HEADERS, invocations } from './lambda.mjs';
import { cannon, loop, percentile } from './load.mjs';
import { call, createQueue } from './sqs.mjs';

export const ASYNC_SETTINGS = {
  connections: 50,
  warmupMs: 1000,
  measureMs: 5000,
  endToEndInvokes: 5000,
  endToEndConsumers: 4,
  pacedRate: 500,
  pacedMs: 5000,
  latencyConsumers: 2,
  backlogWanted: 1_000_000,
  backlogFillMaxMs: 60_000,
  handler: 'exports.handler = async () => ({ ok: true });',
  sleeper: 'exports.handler = () => new Promise((r) => setTimeout(r, 600000));',
  sleeperTimeout: 900,
};
export const ASYNC_TARGETS = { acceptVsCeiling: 0.6, endToEndPerSec: 10_000, pacedP99Ms: 10, backlogVsEmpty: 0.9 };

const EVENT_HEADERS = { ...HEADERS, 'x-amz-invocation-type': 'Event' };
const RECORD_WAIT_MS = 20_000; // give up when no new record arrived for this long
const MAX_EXAMPLES = 3;
const queueArn = (name) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
const payload = (n) => JSON.stringify({ bench: 'onward-async', n });

async function lambdaCall(port, method, path, body, expected) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: HEADERS,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

export function onSuccessTo(port, name, queue) {
  return lambdaCall(
    port,
    'PUT',
    `/2019-09-25/functions/${encodeURIComponent(name)}/event-invoke-config`,
    { DestinationConfig: { OnSuccess: { Destination: queueArn(queue) } } },
    200,
  );
}

/** One Event invoke outside of any measurement; resolves with its request id. */
async function invokeEvent(port, name, body) {
  const response = await httpRequest({ port, path: invocations(name), headers: EVENT_HEADERS, body });
  if (response.status !== 202) {
    throw new Error(`Event invoke of ${name} answered ${response.status}: ${response.body.slice(0, 500)}`);
  }
  return response.headers['x-amzn-requestid'];
}

/** VmRSS of a process in MiB (Linux), undefined elsewhere. */
function rssMiB(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Accept rate of Event invokes of `name`: autocannon, the same client as the ceiling it is compared with. */
async function acceptRate(port, name) {
  const { connections, warmupMs, measureMs } = ASYNC_SETTINGS;
  return cannon({
    port,
    connections,
    warmupMs,
    durationMs: measureMs,
    url: `http://127.0.0.1:${port}${invocations(name)}`,
    method: 'POST',
    headers: EVENT_HEADERS,
    body: payload(0),
  });
}

/**
 * Destination records of `queueUrl`, consumed by `consumers` workers
 * (ReceiveMessage of 10, long poll 1 s, then DeleteMessageBatch) until `stop()`.
 * Each record's arrival time is kept by its requestContext.requestId.
 */
function consume(port, queueUrl, consumers) {
  const arrived = new Map(); // requestId -> [receive times]
  const state = { records: 0, duplicates: 0, unreadable: 0, failedDeletes: 0, errors: 0, lastAt: performance.now() };
  let running = true;
  const worker = async () => {
    while (running) {
      let Messages;
      try {
        ({ Messages } = await call(port, 'ReceiveMessage', {
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }));
      } catch {
        state.errors++;
        continue;
      }
      const at = performance.now();
      if (!Messages?.length) continue;
      state.lastAt = at;
      for (const message of Messages) {
        let id;
        try {
          id = JSON.parse(message.Body).requestContext?.requestId;
        } catch {
          // counted below
        }
        if (!id) {
          state.unreadable++;
          continue;
        }
        const times = arrived.get(id);
        if (times) {
          times.push(at);
          state.duplicates++;
        } else {
          arrived.set(id, [at]);
          state.records++;
        }
      }
      try {
        const { Failed } = await call(port, 'DeleteMessageBatch', {
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
        });
        state.failedDeletes += Failed?.length ?? 0;
      } catch {
        state.errors++;
      }
    }
  };
  const workers = Array.from({ length: consumers }, worker);
  return {
    arrived,
    state,
    /** Resolves once `count` records arrived, or none came for RECORD_WAIT_MS. */
    async until(count) {
      while (state.records < count && performance.now() - state.lastAt < RECORD_WAIT_MS) {
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** Compare the request ids of the 202s with the records that arrived: losses, duplicates, strangers. */
function reconcile(sentIds, consumer) {
  const sent = new Set(sentIds);
  const lost = sentIds.filter((id) => !consumer.arrived.has(id));
  const duplicated = [...consumer.arrived].filter(([, times]) => times.length > 1).map(([id]) => id);
  const unknown = [...consumer.arrived.keys()].filter((id) => !sent.has(id));
  return {
    lost: lost.length,
    duplicated: duplicated.length,
    unknown: unknown.length,
    missingRequestIds: sentIds.length - sent.size, // 202s without an x-amzn-requestid, or repeated ones
    examples: [
      ...lost.slice(0, MAX_EXAMPLES).map((id) => `lost ${id}`),
      ...duplicated.slice(0, MAX_EXAMPLES).map((id) => `duplicate ${id}`),
    ],
    unreadable: consumer.state.unreadable,
    failedDeletes: consumer.state.failedDeletes,
    consumerErrors: consumer.state.errors,
  };
}

/** After every record arrived, one more long poll: a duplicate delivered late shows up here. */
async function settle(consumer) {
  await new Promise((r) => setTimeout(r, 1500));
  await consumer.stop();
}

/** N Event invokes at full speed (http loop), consumed from the destination queue until all arrived. */
export async function endToEnd(port, name, queueUrl) {
  const { connections, endToEndInvokes: amount, endToEndConsumers } = ASYNC_SETTINGS;
  const consumer = consume(port, queueUrl, endToEndConsumers);
  const sentIds = [];
  let firstAcceptAt;
  let n = 0;
  const step = async (post) => {
    const answer = await post(EVENT_HEADERS, payload(n++));
    if (answer.status !== 202) return;
    firstAcceptAt ??= performance.now();
    sentIds.push(answer.headers['x-amzn-requestid']);
  };
  const started = performance.now();
  const invokes = await loop({ port, path: invocations(name), connections, amount, step });
  const acceptedAt = performance.now();
  await consumer.until(sentIds.length);
  const lastRecordAt = consumer.state.lastAt;
  await settle(consumer);
  const seconds = (lastRecordAt - (firstAcceptAt ?? started)) / 1000;
  return {
    invokes: { ...invokes, latencies: undefined },
    accepted: sentIds.length,
    records: consumer.state.records,
    seconds,
    acceptSeconds: (acceptedAt - started) / 1000,
    rate: consumer.state.records / seconds,
    check: reconcile(sentIds, consumer),
  };
}

/** Event invokes paced at `pacedRate`/s; latency = record received - invoke sent, per request id. */
export async function pacedLatency(port, name, queueUrl) {
  const { pacedRate, pacedMs, latencyConsumers } = ASYNC_SETTINGS;
  const consumer = consume(port, queueUrl, latencyConsumers);
  await new Promise((r) => setTimeout(r, 100)); // the consumers are polling before the first invoke
  const total = Math.round((pacedRate * pacedMs) / 1000);
  const sentAt = new Map();
  const sentIds = [];
  const failures = { non202: 0, errors: 0, examples: [] };
  const pending = [];
  const fire = async (i) => {
    const at = performance.now();
    try {
      const id = await invokeEvent(port, name, payload(i));
      sentAt.set(id, at);
      sentIds.push(id);
    } catch (error) {
      if (error.name === 'Error' && error.message.startsWith('Event invoke')) failures.non202++;
      else failures.errors++;
      if (failures.examples.length < MAX_EXAMPLES) failures.examples.push(error.message.split('\n')[0]);
    }
  };
  const started = performance.now();
  let lateSends = 0; // sends more than 5 ms behind their schedule: the client could not keep the pace
  for (let i = 0; i < total;) {
    const now = performance.now();
    while (i < total && started + (i * 1000) / pacedRate <= now) {
      if (now - (started + (i * 1000) / pacedRate) > 5) lateSends++;
      pending.push(fire(i++));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const sendSeconds = (performance.now() - started) / 1000;
  await consumer.until(sentIds.length);
  await settle(consumer);
  const latencies = sentIds.filter((id) => consumer.arrived.has(id)).map((id) => consumer.arrived.get(id)[0] - sentAt.get(id));
  return {
    total,
    accepted: sentIds.length,
    sendSeconds,
    lateSends,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    failures,
    check: reconcile(sentIds, consumer),
  };
}

/** Queue up to backlogWanted events for the sleeping function, for at most backlogFillMaxMs. */
async function fillBacklog(port, name) {
  const { connections, backlogWanted, backlogFillMaxMs } = ASYNC_SETTINGS;
  const started = performance.now();
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${invocations(name)}`,
    connections,
    pipelining: 1,
    method: 'POST',
    headers: EVENT_HEADERS,
    body: payload(0),
    duration: backlogFillMaxMs / 1000,
    maxOverallRequests: backlogWanted,
  });
  const seconds = (performance.now() - started) / 1000;
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, count]));
  const accepted = statuses[202] ?? 0;
  return {
    wanted: backlogWanted,
    accepted,
    requests: r.requests.total,
    seconds,
    rate: accepted / seconds,
    p99Ms: r.latency.p99,
    statuses,
    errors: r.errors,
    ok: accepted === r.requests.total && r.errors === 0,
  };
}

/** How many of `name`'s most recent invocations are in each status (the listing caps at 1000). */
async function statusCounts(port, name) {
  const response = await fetch(`http://127.0.0.1:${port}/_onward/invocations?function=${encodeURIComponent(name)}&limit=1000`);
  if (!response.ok) throw new Error(`GET /_onward/invocations answered ${response.status}`);
  const { invocations: list } = await response.json();
  const counts = {};
  for (const inv of list ?? []) counts[inv.status] = (counts[inv.status] ?? 0) + 1;
  return counts;
}

/**
 * The Async section against the Onward process `onwardPid` listening on `port`.
 * `ceiling` is the bare node:http autocannon row measured earlier in this run.
 */
export async function measureAsync(port, onwardPid, ceiling, log) {
  const started = performance.now();
  const fast = 'bench-async';
  const sleeper = 'bench-async-sleeper';
  await createFunction(port, fast, { handler: ASYNC_SETTINGS.handler });
  await createFunction(port, sleeper, { handler: ASYNC_SETTINGS.sleeper, Timeout: ASYNC_SETTINGS.sleeperTimeout });

  // End to end first: the accept runs below leave tens of thousands of events queued behind them.
  const e2eQueue = await createQueue(port, 'bench-async-e2e');
  await onSuccessTo(port, fast, 'bench-async-e2e');
  {
    const warm = consume(port, e2eQueue, 1); // one checked round trip: starts the function process, proves the wiring
    const id = await invokeEvent(port, fast, payload(0));
    await warm.until(1);
    await warm.stop();
    if (!warm.arrived.has(id)) throw new Error(`the first Event invoke (${id}) left no record in bench-async-e2e`);
  }
  log(
    `  end to end: ${ASYNC_SETTINGS.endToEndInvokes} Event invokes at full speed -> SQS destination, ${ASYNC_SETTINGS.endToEndConsumers} consumers`,
  );
  const endToEndResult = await endToEnd(port, fast, e2eQueue);

  const latencyQueue = await createQueue(port, 'bench-async-latency');
  await onSuccessTo(port, fast, 'bench-async-latency');
  log(
    `  latency: ${ASYNC_SETTINGS.pacedRate} Event invokes/s for ${ASYNC_SETTINGS.pacedMs / 1000} s, ${ASYNC_SETTINGS.latencyConsumers} consumers polling`,
  );
  const latency = await pacedLatency(port, fast, latencyQueue);

  // From here on no destination: the accepted events run (or wait) without anyone reading records.
  await lambdaCall(port, 'DELETE', `/2019-09-25/functions/${fast}/event-invoke-config`, undefined, 204).catch(() => undefined);
  log(
    `  accept rate: autocannon, ${ASYNC_SETTINGS.connections} connections, ${ASYNC_SETTINGS.warmupMs / 1000} s warm-up + ${ASYNC_SETTINGS.measureMs / 1000} s`,
  );
  const accept = await acceptRate(port, fast);

  log(
    `  backlog: fill ${sleeper} (handler sleeps 600 s) for up to ${ASYNC_SETTINGS.backlogFillMaxMs / 1000} s or ${ASYNC_SETTINGS.backlogWanted} events`,
  );
  const rssBefore = rssMiB(onwardPid);
  const fill = await fillBacklog(port, sleeper);
  const rssAfterFill = rssMiB(onwardPid);
  const sleeperStatuses = await statusCounts(port, sleeper);
  log(
    `  backlog: ${fill.accepted} events accepted in ${fill.seconds.toFixed(1)} s (${fill.rate.toFixed(0)}/s); ` +
      `Onward RSS ${rssBefore?.toFixed(0)} -> ${rssAfterFill?.toFixed(0)} MiB; then the accept rate again`,
  );
  const acceptBacklog = await acceptRate(port, fast);
  const rssAtEnd = rssMiB(onwardPid);

  return {
    settings: ASYNC_SETTINGS,
    targets: ASYNC_TARGETS,
    ceiling: { server: ceiling.server, client: ceiling.client, rate: ceiling.rate, p99Ms: ceiling.p99Ms },
    accept: { ...accept, vsCeiling: accept.rate / ceiling.rate },
    endToEnd: endToEndResult,
    latency,
    backlog: {
      fill,
      sleeperStatusesOfLatest1000: sleeperStatuses,
      accept: { ...acceptBacklog, vsCeiling: acceptBacklog.rate / ceiling.rate },
      vsEmpty: acceptBacklog.rate / accept.rate,
    },
    onwardRssMiB: { beforeFill: rssBefore, afterFill: rssAfterFill, atEnd: rssAtEnd },
    seconds: (performance.now() - started) / 1000,
  };
}

function checkProblems(label, check, expected) {
  const found = [];
  if (check.lost || check.duplicated || check.unknown || check.missingRequestIds) {
    found.push(
      `Async ${label}: of ${expected} accepted, ${check.lost} records lost, ${check.duplicated} duplicated, ` +
        `${check.unknown} with an unknown requestId, ${check.missingRequestIds} 202s without a distinct x-amzn-requestid` +
        (check.examples.length ? `; e.g. ${check.examples.join(', ')}` : ''),
    );
  }
  if (check.unreadable) found.push(`Async ${label}: ${check.unreadable} destination messages without requestContext.requestId`);
  if (check.failedDeletes || check.consumerErrors)
    found.push(`Async ${label}: ${check.failedDeletes} failed deletes, ${check.consumerErrors} consumer request errors`);
  return found;
}

export function problems(result) {
  const found = [];
  const { accept, endToEnd: e2e, latency, backlog } = result;
  for (const [label, r] of [
    ['accept', accept],
    ['accept with backlog', backlog.accept],
  ]) {
    if (!r.ok)
      found.push(`Async ${label}: ${r.non2xx} non-2xx, ${r.errors} errors/timeouts; statuses ${JSON.stringify(r.statuses)}`);
  }
  if (e2e.accepted !== e2e.invokes.requests || !e2e.invokes.ok)
    found.push(
      `Async end to end: ${e2e.accepted} of ${result.settings.endToEndInvokes} invokes answered 202; statuses ${JSON.stringify(e2e.invokes.statuses)}, ${e2e.invokes.errors} errors`,
    );
  found.push(...checkProblems('end to end', e2e.check, e2e.accepted));
  if (latency.accepted !== latency.total)
    found.push(
      `Async latency: ${latency.accepted} of ${latency.total} invokes answered 202 (${latency.failures.non202} other status, ${latency.failures.errors} errors); e.g. ${latency.failures.examples.join('; ')}`,
    );
  found.push(...checkProblems('latency', latency.check, latency.accepted));
  const paced = latency.total / latency.sendSeconds;
  if (paced < 0.9 * result.settings.pacedRate)
    found.push(
      `Async latency: the client sent at ${paced.toFixed(0)}/s, not the ${result.settings.pacedRate}/s asked ` +
        `(${latency.lateSends} sends > 5 ms late): the machine could not keep the pace, so the latency is not at that rate`,
    );
  if (!backlog.fill.ok)
    found.push(
      `Async backlog fill: ${backlog.fill.accepted} of ${backlog.fill.requests} answered 202, ${backlog.fill.errors} errors; statuses ${JSON.stringify(backlog.fill.statuses)}`,
    );
  const listed = Object.values(backlog.sleeperStatusesOfLatest1000).reduce((a, b) => a + b, 0);
  if (listed < Math.min(1000, backlog.fill.accepted))
    found.push(
      `Async backlog: GET /_onward/invocations?function=bench-async-sleeper&limit=1000 listed ${listed} invocations with ${backlog.fill.accepted} accepted`,
    );
  const finished = Object.entries(backlog.sleeperStatusesOfLatest1000).filter(
    ([status]) => !/queued|pending|running|retry/i.test(status),
  );
  if (finished.length)
    found.push(
      `Async backlog: events of the sleeping function did not stay queued: ${JSON.stringify(backlog.sleeperStatusesOfLatest1000)} among its latest 1000`,
    );
  return found;
}
