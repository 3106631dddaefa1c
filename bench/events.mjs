// EventBridge through Onward: PutEvents on the default bus carrying 100 rules
// (each with an SQS target, distinct sources), every event matching exactly
// one rule -> one SQS message. Measures the PutEvents rate (1 entry and 10
// entries per request) and checks that every accepted event reached its queue.
// `node bench/events.mjs <port>` measures an Onward already listening there.
import { cannon } from './load.mjs';
import { createQueue, queueDepth } from './sqs.mjs';

export const EVENTS_SETTINGS = { rules: 100, connections: 50, warmupMs: 1000, measureMs: 5000 };

const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=0';
const eventsHeaders = (operation) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `AWSEvents.${operation}`,
  authorization: AUTHORIZATION,
});

async function eventsCall(port, operation, input) {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: eventsHeaders(operation),
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${operation} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** 100 rules, each matching its own source and detail shape, each sending to its own queue. */
async function setUp(port, rules) {
  const queues = [];
  for (let i = 0; i < rules; i++) {
    const name = `bench-events-${i}`;
    const queueUrl = await createQueue(port, name);
    queues.push(queueUrl);
    await eventsCall(port, 'PutRule', {
      Name: name,
      EventPattern: JSON.stringify({
        source: [`bench.app${i}`],
        detail: { kind: [{ prefix: 'order' }], total: [{ numeric: ['>', 0] }] },
      }),
    });
    await eventsCall(port, 'PutTargets', {
      Rule: name,
      Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:000000000000:${name}` }],
    });
  }
  return queues;
}

const entry = (i) => ({
  Source: `bench.app${i}`,
  DetailType: 'Order Placed',
  Detail: JSON.stringify({ kind: 'order-created', total: 42, id: 'x'.repeat(40) }),
});

/** Runs the measurements; `log(line)` prints progress. Returns rates and the delivery check. */
export async function measureEvents(port, log = () => {}) {
  const { rules, connections, warmupMs, measureMs } = EVENTS_SETTINGS;
  const queues = await setUp(port, rules);
  // The last rule's source: the matcher walks all 100 patterns before the match.
  const target = rules - 1;
  const results = {};
  for (const size of [1, 10]) {
    const body = JSON.stringify({ Entries: Array.from({ length: size }, () => entry(target)) });
    log(`  PutEvents, ${size} entr${size === 1 ? 'y' : 'ies'} per request, ${rules} rules, ${connections} connections`);
    const before = await queueDepth(port, queues[target]);
    const run = await cannon({
      port,
      connections,
      warmupMs,
      durationMs: measureMs,
      method: 'POST',
      headers: eventsHeaders('PutEvents'),
      body,
    });
    const after = await queueDepth(port, queues[target]);
    const otherDepth = await queueDepth(port, queues[0]);
    results[`entries${size}`] = {
      requestsPerSec: run.rate,
      eventsPerSec: run.rate * size,
      p99Ms: run.p99Ms,
      non2xx: run.non2xx,
      errors: run.errors,
      // Warm-up and measured requests both deliver: depth counts all of them.
      delivered: after - before,
      deliveredElsewhere: otherDepth,
    };
    log(`    ${(run.rate * size).toFixed(0)} events/s (${run.rate.toFixed(0)} requests/s), ${after - before} messages delivered`);
  }
  return results;
}

export function problems(results) {
  const found = [];
  for (const [name, r] of Object.entries(results)) {
    if (r.non2xx > 0 || r.errors > 0) found.push(`EventBridge ${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    if (r.deliveredElsewhere > 0)
      found.push(`EventBridge ${name}: ${r.deliveredElsewhere} events reached a rule that does not match`);
    if (r.delivered <= 0) found.push(`EventBridge ${name}: no event reached its queue`);
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2]);
  if (!port) throw new Error('usage: node bench/events.mjs <port of a running Onward>');
  const results = await measureEvents(port, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  const found = problems(results);
  if (found.length) process.stdout.write(`FLAGGED:\n${found.map((f) => `  ! ${f}`).join('\n')}\n`);
}
