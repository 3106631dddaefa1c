import { describe, expect, it } from 'vitest';
import { emptyDescription, type AppDescription, type QueueSpec } from '../app-description.ts';
import { planResources, plannedResources, stableJson, type AppliedResource } from './resource-plan.ts';

const origin = { stack: 's', logicalId: 'L' };

function queue(name: string, dlq?: string): QueueSpec {
  const arn = `arn:aws:sqs:us-east-1:000000000000:${name}`;
  return {
    origin,
    name,
    arn,
    url: `http://localhost:4566/000000000000/${name}`,
    attributes: {},
    tags: {},
    ...(dlq ? { redrivePolicy: { deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${dlq}`, maxReceiveCount: 3 } } : {}),
  };
}

function app(queues: QueueSpec[]): AppDescription {
  return { ...emptyDescription('serverless', 'a', 'us-east-1', '000000000000'), queues };
}

function appliedFrom(description: AppDescription): Record<string, AppliedResource> {
  const plan = planResources(plannedResources(description), {});
  return Object.fromEntries(plan.apply.map(({ resource, fingerprint }) => [resource.key, { resource, fingerprint }]));
}

describe('plannedResources', () => {
  it('puts a dead-letter queue before the queue whose redrive policy names it', () => {
    const keys = plannedResources(app([queue('work', 'dlq'), queue('dlq')])).map((r) => r.key);
    expect(keys).toEqual(['queue arn:aws:sqs:us-east-1:000000000000:dlq', 'queue arn:aws:sqs:us-east-1:000000000000:work']);
  });

  it('splits each function async config into its own resource, after versions and aliases', () => {
    const description = emptyDescription('sam', 'a', 'us-east-1', '000000000000');
    description.functions.push({
      origin,
      name: 'f',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code: { kind: 'inline', source: '', fileName: 'index.js' },
      memorySizeMb: 128,
      timeoutSeconds: 3,
      environment: {},
      asyncConfigs: [{ qualifier: '$LATEST', maximumRetryAttempts: 0 }],
      tags: {},
    });
    description.aliases.push({
      origin,
      functionName: 'f',
      name: 'live',
      functionVersion: '1',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
    });
    const planned = plannedResources(description);
    expect(planned.map((r) => r.kind)).toEqual(['function', 'alias', 'async-config']);
    expect(planned[0]!.spec).toMatchObject({ asyncConfigs: [] });
    expect(planned[2]!.key).toBe('async-config arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST');
  });
});

describe('planResources', () => {
  it('applies everything the first time', () => {
    const plan = planResources(plannedResources(app([queue('q')])), {});
    expect(plan.apply).toHaveLength(1);
    expect(plan.remove).toEqual([]);
  });

  it('leaves equal specs alone, whatever their key order and origin', () => {
    const before = appliedFrom(app([queue('q')]));
    const reordered = { ...queue('q'), origin: { stack: 'other', logicalId: 'X' } };
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as unknown as QueueSpec;
    const plan = planResources(plannedResources(app([shuffled])), before);
    expect(plan.apply).toEqual([]);
    expect(plan.unchanged).toHaveLength(1);
  });

  it('applies a changed spec with the previous one, and removes what is gone, dependents first', () => {
    const before = appliedFrom(app([queue('dlq'), queue('work', 'dlq'), queue('old')]));
    const changed = { ...queue('work', 'dlq'), attributes: { VisibilityTimeout: '60' } };
    const plan = planResources(plannedResources(app([queue('dlq'), changed])), before);
    expect(plan.apply.map((a) => [a.resource.key, a.previous !== undefined])).toEqual([
      ['queue arn:aws:sqs:us-east-1:000000000000:work', true],
    ]);
    expect(plan.remove.map((r) => r.resource.key)).toEqual(['queue arn:aws:sqs:us-east-1:000000000000:old']);
  });

  it('counts a changed code stamp (an edited zip) as a change', () => {
    const description = app([queue('q')]);
    const key = 'queue arn:aws:sqs:us-east-1:000000000000:q';
    const before = planResources(plannedResources(description), {}, { [key]: '10:1' });
    const applied = { [key]: { resource: before.apply[0]!.resource, fingerprint: before.apply[0]!.fingerprint } };
    expect(planResources(plannedResources(description), applied, { [key]: '10:1' }).apply).toEqual([]);
    expect(planResources(plannedResources(description), applied, { [key]: '12:2' }).apply).toHaveLength(1);
  });
});

describe('stableJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(stableJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[{"x":2,"y":1}]},"b":1}');
  });
});
