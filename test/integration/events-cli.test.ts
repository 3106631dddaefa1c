/**
 * EventBridge driven by the real AWS CLIs (pip CLI v1 and Debian's CLI 2.9, both AWS JSON 1.1):
 * put-rule, put-targets, put-events (delivered to an SQS target), list-rules, test-event-pattern and
 * an error as the CLI shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws, type CliFlavour } from '../helpers/aws-cli.ts';
import { startTestOnward, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;

beforeAll(async () => {
  onward = await startTestOnward();
});

afterAll(async () => {
  await onward?.stop();
});

const aws = (flavour: CliFlavour, args: string[]) => runAws(flavour, onward.url, args);

describe.each<CliFlavour>(['pip', 'debian'])('%s aws events', (flavour) => {
  const name = `cli-${flavour}`;
  const queueArn = `arn:aws:sqs:us-east-1:000000000000:${name}`;

  it('puts a rule and a target, delivers put-events to the queue, lists rules', async () => {
    const queue = await aws(flavour, ['sqs', 'create-queue', '--queue-name', name]);
    expect(queue.status).toBe(0);
    const queueUrl = queue.json.QueueUrl as string;

    const rule = await aws(flavour, [
      'events',
      'put-rule',
      '--name',
      name,
      '--event-pattern',
      JSON.stringify({ source: [name] }),
    ]);
    expect(rule.status).toBe(0);
    expect(rule.json).toEqual({ RuleArn: `arn:aws:events:us-east-1:000000000000:rule/${name}` });

    const targets = await aws(flavour, ['events', 'put-targets', '--rule', name, '--targets', `Id=q,Arn=${queueArn}`]);
    expect(targets.status).toBe(0);
    expect(targets.json).toEqual({ FailedEntryCount: 0, FailedEntries: [] });

    const entries = JSON.stringify([{ Source: name, DetailType: 'cli', Detail: '{"from": "cli"}' }]);
    const put = await aws(flavour, ['events', 'put-events', '--entries', entries]);
    expect(put.status).toBe(0);
    expect(put.json.FailedEntryCount).toBe(0);
    const eventId = put.json.Entries[0].EventId as string;

    const received = await aws(flavour, ['sqs', 'receive-message', '--queue-url', queueUrl]);
    expect(JSON.parse(received.json.Messages[0].Body)).toMatchObject({ id: eventId, source: name, detail: { from: 'cli' } });

    const listed = await aws(flavour, ['events', 'list-rules', '--name-prefix', name]);
    expect(listed.status).toBe(0);
    expect(listed.json.Rules).toEqual([
      {
        Name: name,
        Arn: `arn:aws:events:us-east-1:000000000000:rule/${name}`,
        EventPattern: JSON.stringify({ source: [name] }),
        State: 'ENABLED',
        EventBusName: 'default',
      },
    ]);
  }, 60_000);

  it('tests an event pattern', async () => {
    const event = JSON.stringify({
      id: '1',
      source: 'cli',
      'detail-type': 'x',
      account: '000000000000',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      detail: { n: 3 },
    });
    const matched = await aws(flavour, [
      'events',
      'test-event-pattern',
      '--event-pattern',
      '{"detail": {"n": [{"numeric": [">", 2]}]}}',
      '--event',
      event,
    ]);
    expect(matched.status).toBe(0);
    expect(matched.json).toEqual({ Result: true });
    const invalid = await aws(flavour, ['events', 'test-event-pattern', '--event-pattern', '{"source": []}', '--event', event]);
    // CLI v1 exits 255 on a service error, CLI v2 254.
    expect(invalid.status).toBe(flavour === 'pip' ? 255 : 254);
    expect(invalid.stderr).toContain(
      'An error occurred (InvalidEventPatternException) when calling the TestEventPattern operation',
    );
    expect(invalid.stderr).toContain(': Event pattern is not valid. Reason: Empty arrays are not allowed');
  }, 60_000);
});
