import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/clock.ts';
import type { EventBusRecord, EventRuleRecord, EventsStore } from '../../store/events-store.ts';
import type { InternalTargets } from '../targets/internal-targets.ts';
import { EventsCounters } from './metrics.ts';
import { EventRouter } from './event-router.ts';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

function rule(name: string, busName: string, pattern: unknown, targetArn: string): EventRuleRecord {
  return {
    accountId: ACCOUNT,
    region: REGION,
    busName,
    name,
    eventPattern: JSON.stringify(pattern),
    scheduleExpression: undefined,
    state: 'ENABLED',
    description: undefined,
    roleArn: undefined,
    createdBy: ACCOUNT,
    tags: [],
    targets: [{ Id: 't', Arn: targetArn }],
    createdAtMs: 0,
    nextFireAtMs: undefined,
    lastFireAtMs: undefined,
  };
}

function setUp(rules: EventRuleRecord[], buses: string[] = []) {
  const store = {
    getBus: ({ name }: { name: string }) => (buses.includes(name) ? ({ name } as EventBusRecord) : undefined),
    listRules: (_a: string, _r: string, bus: string) => rules.filter((r) => r.busName === bus),
  } as unknown as EventsStore;
  const sent: { arn: string; body: string }[] = [];
  const targets = {
    sendToQueue: (arn: string, body: string) => {
      sent.push({ arn, body });
      return Promise.resolve();
    },
  } as unknown as InternalTargets;
  const router = new EventRouter({
    store,
    clock: new ManualClock(Date.parse('2024-01-01T00:00:00Z')),
    targets,
    counters: new EventsCounters(),
    log: () => {},
  });
  return { router, sent };
}

describe('EventRouter.publish (the bus publisher of Lambda destinations)', () => {
  it('puts the entry on the bus as an envelope and delivers to matching rules', async () => {
    const queue = 'arn:aws:sqs:us-east-1:000000000000:q';
    const { router, sent } = setUp([rule('r', 'dest', { source: ['lambda'] }, queue)], ['dest']);
    await router.publish(`arn:aws:events:${REGION}:${ACCOUNT}:event-bus/dest`, {
      source: 'lambda',
      detailType: 'Lambda Function Invocation Result - Success',
      detail: { version: '1.0' },
      resources: ['bus', 'fn'],
    });
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({
      source: 'lambda',
      'detail-type': 'Lambda Function Invocation Result - Success',
      account: ACCOUNT,
      region: REGION,
      time: '2024-01-01T00:00:00Z',
      resources: ['bus', 'fn'],
      detail: { version: '1.0' },
    });
  });

  it('rejects with ResourceNotFoundException for a bus that does not exist', async () => {
    const { router } = setUp([]);
    await expect(
      router.publish(`arn:aws:events:${REGION}:${ACCOUNT}:event-bus/missing`, { source: 's', detailType: 'd', detail: {} }),
    ).rejects.toMatchObject({ code: 'ResourceNotFoundException', message: 'Event bus missing does not exist.' });
  });

  it('stops a loop of bus targets', async () => {
    const loopArn = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/loop`;
    const { router, sent } = setUp(
      [
        rule('self', 'loop', { source: ['x'] }, loopArn),
        rule('out', 'loop', { source: ['x'] }, 'arn:aws:sqs:us-east-1:000000000000:q'),
      ],
      ['loop'],
    );
    await router.publish(loopArn, { source: 'x', detailType: 'd', detail: {} });
    // The first pass and five forwarded hops each reach the queue once.
    expect(sent).toHaveLength(6);
  });
});
