// SNS through Onward: Publish on a topic fanned out to 1 and to 10 SQS queue
// subscriptions (raw delivery). Every fan-out write commits with its Publish,
// so the rate is Publish requests answered per second; messages/s = rate x
// subscriptions. Checks that every subscribed queue got every accepted message.
// `node bench/sns.mjs <port>` measures an Onward already listening there.
import { cannon } from './load.mjs';
import { createQueue, MESSAGE_BODY, queueDepth } from './sqs.mjs';

export const SNS_SETTINGS = { subscriptions: [1, 10], connections: 50, warmupMs: 1000, measureMs: 5000 };

const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=0';
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: AUTHORIZATION };

async function snsCall(port, params) {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ Version: '2010-03-31', ...params }).toString(),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${params.Action} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

/** A topic with `count` raw SQS subscriptions; returns its ARN and the queue URLs. */
async function setUp(port, count) {
  const name = `bench-fanout-${count}`;
  const xml = await snsCall(port, { Action: 'CreateTopic', Name: name });
  const topicArn = /<TopicArn>([^<]+)<\/TopicArn>/.exec(xml)[1];
  const queues = [];
  for (let i = 0; i < count; i++) {
    const queueName = `${name}-${i}`;
    queues.push(await createQueue(port, queueName));
    await snsCall(port, {
      Action: 'Subscribe',
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:us-east-1:000000000000:${queueName}`,
      'Attributes.entry.1.key': 'RawMessageDelivery',
      'Attributes.entry.1.value': 'true',
    });
  }
  return { topicArn, queues };
}

/** Runs the measurements; `log(line)` prints progress. Returns rates and the delivery check. */
export async function measureSns(port, log = () => {}) {
  const { subscriptions, connections, warmupMs, measureMs } = SNS_SETTINGS;
  const results = {};
  for (const count of subscriptions) {
    const { topicArn, queues } = await setUp(port, count);
    const body = new URLSearchParams({
      Action: 'Publish',
      Version: '2010-03-31',
      TopicArn: topicArn,
      Message: MESSAGE_BODY,
    }).toString();
    log(`  Publish -> ${count} SQS subscription${count === 1 ? '' : 's'}, ${connections} connections`);
    const run = await cannon({ port, connections, warmupMs, durationMs: measureMs, method: 'POST', headers: FORM, body });
    const depths = [];
    for (const queue of queues) depths.push(await queueDepth(port, queue));
    results[`subscriptions${count}`] = {
      publishesPerSec: run.rate,
      messagesPerSec: run.rate * count,
      p50Ms: run.p50Ms,
      p99Ms: run.p99Ms,
      non2xx: run.non2xx,
      errors: run.errors,
      // Warm-up and measured publishes both deliver: every queue holds the same count.
      minDepth: Math.min(...depths),
      maxDepth: Math.max(...depths),
    };
    log(
      `    ${run.rate.toFixed(0)} publishes/s = ${(run.rate * count).toFixed(0)} SQS messages/s, p99 ${run.p99Ms} ms; queues hold ${Math.min(...depths)}..${Math.max(...depths)}`,
    );
  }
  return results;
}

export function problems(results) {
  const found = [];
  for (const [name, r] of Object.entries(results)) {
    if (r.non2xx > 0 || r.errors > 0) found.push(`SNS ${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    if (r.minDepth !== r.maxDepth) found.push(`SNS ${name}: subscribed queues differ (${r.minDepth}..${r.maxDepth} messages)`);
    if (r.minDepth <= 0) found.push(`SNS ${name}: no message reached the queues`);
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2]);
  if (!port) throw new Error('usage: node bench/sns.mjs <port of a running Onward>');
  const results = await measureSns(port, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  const found = problems(results);
  if (found.length) process.stdout.write(`FLAGGED:\n${found.map((f) => `  ! ${f}`).join('\n')}\n`);
}
