// Two load generators with the same shape of result:
// - `cannon`: autocannon, the fast raw-socket client, for plain request floods;
// - `loop`: N async workers on a keep-alive http.Agent. Needed for moto, which
//   answers `Connection: close`: autocannon 9 keeps writing to the closed
//   socket and stalls after one response per connection. The loop also makes
//   multi-request workloads (receive, then delete what was received) easy.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** Result: { rate, p50Ms, p99Ms, requests, seconds, statuses: {code: n}, errors, non2xx, ok } */
function summary({ requests, seconds, p50Ms, p99Ms, statuses, errors }) {
  const bad = Object.entries(statuses).reduce((n, [code, count]) => (code.startsWith('2') ? n : n + count), 0);
  return {
    rate: requests / seconds,
    p50Ms,
    p99Ms,
    requests,
    seconds,
    statuses,
    errors,
    non2xx: bad,
    ok: bad === 0 && errors === 0,
  };
}

/** autocannon: a warm-up run that is thrown away, then the measured run. */
export async function cannon({ port, connections, warmupMs, durationMs, ...request }) {
  const options = { url: `http://127.0.0.1:${port}`, connections, pipelining: 1, ...request };
  await autocannon({ ...options, duration: warmupMs / 1000 });
  const r = await autocannon({ ...options, duration: durationMs / 1000 });
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, count]));
  return summary({
    requests: r.requests.total,
    seconds: r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    statuses,
    errors: r.errors, // autocannon counts its timeouts in here too
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Run `step(post)` from `connections` concurrent workers, either until
 * `durationMs` has passed or `amount` steps have been taken. `post(headers, body)`
 * POSTs to `path` and resolves to { status, headers, body }; it records every
 * request's latency and status.
 */
export async function loop({ port, connections, durationMs, amount, step, path = '/' }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const statuses = {};
  let errors = 0;

  const post = (headers, body) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => {
            latencies.push(performance.now() - started);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            resolve({ status: res.statusCode, headers: res.headers, body: text });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });

  const started = performance.now();
  const deadline = started + (durationMs ?? Infinity);
  let tickets = amount ?? Infinity;
  const worker = async () => {
    while (tickets-- > 0 && performance.now() < deadline) {
      try {
        await step(post);
      } catch {
        errors++; // connection error or timeout; the step is abandoned
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return summary({
    requests: latencies.length,
    seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
    errors,
  });
}

/** `loop` with a warm-up run first; `makeStep()` gives fresh counters per run. */
export async function warmLoop({ warmupMs, makeStep, ...options }) {
  await loop({ ...options, durationMs: warmupMs, step: makeStep().step });
  const { step, counters } = makeStep();
  const result = await loop({ ...options, step });
  return { ...result, counters };
}
