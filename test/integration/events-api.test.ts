/**
 * EventBridge control plane through @aws-sdk/client-eventbridge: buses, rules, targets, tags,
 * TestEventPattern and PutEvents answers, with AWS's error codes and messages.
 */
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  type PutRuleCommandInput,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let events: EventBridgeClient;
const PREFIX = 'arn:aws:events:us-east-1:000000000000';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:some-queue';

beforeAll(async () => {
  onward = await startTestOnward();
  events = new EventBridgeClient({ endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

afterAll(async () => {
  events.destroy();
  await onward.stop();
});

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected a failure');
}

const PATTERN = JSON.stringify({ source: ['my.app'] });

describe('event buses', () => {
  it('has a default bus that cannot be deleted', async () => {
    const described = await events.send(new DescribeEventBusCommand({}));
    expect(described.Name).toBe('default');
    expect(described.Arn).toBe(`${PREFIX}:event-bus/default`);
    expect(await failure(events.send(new DeleteEventBusCommand({ Name: 'default' })))).toEqual({
      name: 'ValidationException',
      message: 'Cannot delete event bus default.',
      status: 400,
    });
    expect(await failure(events.send(new CreateEventBusCommand({ Name: 'default' })))).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'Event bus default already exists.',
    });
  });

  it('creates, describes, lists with a prefix and pages, and deletes custom buses', async () => {
    const created = await events.send(new CreateEventBusCommand({ Name: 'orders-bus', Description: 'orders' }));
    expect(created).toMatchObject({ EventBusArn: `${PREFIX}:event-bus/orders-bus`, Description: 'orders' });
    await events.send(new CreateEventBusCommand({ Name: 'orders-bus-2' }));
    expect(await failure(events.send(new CreateEventBusCommand({ Name: 'orders-bus' })))).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'Event bus orders-bus already exists.',
      status: 400,
    });
    const described = await events.send(new DescribeEventBusCommand({ Name: `${PREFIX}:event-bus/orders-bus` }));
    expect(described).toMatchObject({ Name: 'orders-bus', Description: 'orders' });
    expect(described.CreationTime).toBeInstanceOf(Date);

    const listed = await events.send(new ListEventBusesCommand({ NamePrefix: 'orders' }));
    expect(listed.EventBuses!.map((b) => b.Name)).toEqual(['orders-bus', 'orders-bus-2']);
    const first = await events.send(new ListEventBusesCommand({ NamePrefix: 'orders', Limit: 1 }));
    expect(first.EventBuses!.map((b) => b.Name)).toEqual(['orders-bus']);
    const second = await events.send(new ListEventBusesCommand({ NamePrefix: 'orders', Limit: 1, NextToken: first.NextToken }));
    expect(second.EventBuses!.map((b) => b.Name)).toEqual(['orders-bus-2']);
    expect(second.NextToken).toBeUndefined();

    await events.send(new DeleteEventBusCommand({ Name: 'orders-bus-2' }));
    expect(await failure(events.send(new DescribeEventBusCommand({ Name: 'orders-bus-2' })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Event bus orders-bus-2 does not exist.',
      status: 400,
    });
    expect(await failure(events.send(new DeleteEventBusCommand({ Name: 'orders-bus-2' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('validates bus names', async () => {
    expect(await failure(events.send(new CreateEventBusCommand({ Name: 'bad name!' })))).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+",
    });
  });

  it('tags buses', async () => {
    await events.send(new CreateEventBusCommand({ Name: 'tagged-bus', Tags: [{ Key: 'team', Value: 'a' }] }));
    const arn = `${PREFIX}:event-bus/tagged-bus`;
    await events.send(
      new TagResourceCommand({
        ResourceARN: arn,
        Tags: [
          { Key: 'env', Value: 'dev' },
          { Key: 'team', Value: 'b' },
        ],
      }),
    );
    await events.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['env'] }));
    expect((await events.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: 'team', Value: 'b' }]);
    expect(await failure(events.send(new ListTagsForResourceCommand({ ResourceARN: `${PREFIX}:event-bus/nope` })))).toMatchObject(
      {
        name: 'ResourceNotFoundException',
        message: 'Event bus nope does not exist.',
      },
    );
  });
});

describe('rules', () => {
  it('puts, describes, lists, replaces, disables and deletes a rule on the default bus', async () => {
    const put = await events.send(
      new PutRuleCommand({ Name: 'r1', EventPattern: PATTERN, Description: 'first', Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    expect(put.RuleArn).toBe(`${PREFIX}:rule/r1`);
    const described = await events.send(new DescribeRuleCommand({ Name: 'r1' }));
    expect(described).toMatchObject({
      Name: 'r1',
      Arn: `${PREFIX}:rule/r1`,
      EventPattern: PATTERN,
      State: 'ENABLED',
      Description: 'first',
      EventBusName: 'default',
      CreatedBy: '000000000000',
    });
    // A re-put replaces: the omitted description is gone, tags stay.
    await events.send(new PutRuleCommand({ Name: 'r1', EventPattern: PATTERN, State: 'DISABLED' }));
    const replaced = await events.send(new DescribeRuleCommand({ Name: 'r1' }));
    expect(replaced.Description).toBeUndefined();
    expect(replaced.State).toBe('DISABLED');
    expect((await events.send(new ListTagsForResourceCommand({ ResourceARN: put.RuleArn }))).Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);

    await events.send(new EnableRuleCommand({ Name: 'r1' }));
    expect((await events.send(new DescribeRuleCommand({ Name: 'r1' }))).State).toBe('ENABLED');
    await events.send(new DisableRuleCommand({ Name: 'r1' }));
    expect((await events.send(new DescribeRuleCommand({ Name: 'r1' }))).State).toBe('DISABLED');

    const listed = await events.send(new ListRulesCommand({ NamePrefix: 'r1' }));
    expect(listed.Rules).toEqual([
      { Name: 'r1', Arn: `${PREFIX}:rule/r1`, EventPattern: PATTERN, State: 'DISABLED', EventBusName: 'default' },
    ]);
    await events.send(new DeleteRuleCommand({ Name: 'r1' }));
    expect(await failure(events.send(new DescribeRuleCommand({ Name: 'r1' })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Rule r1 does not exist on EventBus default.',
      status: 400,
    });
    // Deleting again is not an error.
    await events.send(new DeleteRuleCommand({ Name: 'r1' }));
  });

  it('uses rule/<bus>/<name> ARNs on custom buses and refuses unknown buses', async () => {
    await events.send(new CreateEventBusCommand({ Name: 'custom' }));
    const put = await events.send(new PutRuleCommand({ Name: 'c1', EventPattern: PATTERN, EventBusName: 'custom' }));
    expect(put.RuleArn).toBe(`${PREFIX}:rule/custom/c1`);
    const described = await events.send(new DescribeRuleCommand({ Name: 'c1', EventBusName: `${PREFIX}:event-bus/custom` }));
    expect(described.EventBusName).toBe('custom');
    expect(await failure(events.send(new DescribeRuleCommand({ Name: 'c1' })))).toMatchObject({
      message: 'Rule c1 does not exist on EventBus default.',
    });
    expect(await failure(events.send(new PutRuleCommand({ Name: 'x', EventPattern: PATTERN, EventBusName: 'ghost' })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Event bus ghost does not exist.',
      status: 400,
    });
    expect(
      await failure(events.send(new PutRuleCommand({ Name: 'x', ScheduleExpression: 'rate(1 minute)', EventBusName: 'custom' }))),
    ).toMatchObject({ name: 'ValidationException', message: 'ScheduleExpression is supported only on the default event bus.' });
  });

  it('pages ListRules', async () => {
    for (const n of [0, 1, 2, 3, 4]) await events.send(new PutRuleCommand({ Name: `page-${n}`, EventPattern: PATTERN }));
    const first = await events.send(new ListRulesCommand({ NamePrefix: 'page-', Limit: 3 }));
    expect(first.Rules!.map((r) => r.Name)).toEqual(['page-0', 'page-1', 'page-2']);
    const rest = await events.send(new ListRulesCommand({ NamePrefix: 'page-', Limit: 3, NextToken: first.NextToken }));
    expect(rest.Rules!.map((r) => r.Name)).toEqual(['page-3', 'page-4']);
    expect(rest.NextToken).toBeUndefined();
  });

  it.each([
    [
      { Name: 'bad name', EventPattern: PATTERN },
      'ValidationException',
      "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    ],
    [
      { Name: 'p', EventPattern: '{"source": []}' },
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: Empty arrays are not allowed',
    ],
    [
      { Name: 'p', EventPattern: '{"a": [{"numeric": 10}]}' },
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: Value of numeric must be an array.',
    ],
    [
      { Name: 'p', EventPattern: '{"a": [{"NUMERIC": ["=", 1]}]}' },
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: Unrecognized match type NUMERIC',
    ],
    [
      { Name: 'p', EventPattern: '{"a": [{"prefix": 1}]}' },
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: prefix match pattern must be a string',
    ],
    [
      { Name: 'p', EventPattern: '["a"]' },
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: Filter is not an object',
    ],
    [
      { Name: 'p', EventPattern: 'this is not json' },
      'InvalidEventPatternException',
      "Event pattern is not valid. Reason: Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    ],
    [{ Name: 'p', ScheduleExpression: 'rate(1 minutes)' }, 'ValidationException', 'Parameter ScheduleExpression is not valid.'],
    [{ Name: 'p', ScheduleExpression: 'rate(5 minute)' }, 'ValidationException', 'Parameter ScheduleExpression is not valid.'],
    [{ Name: 'p', ScheduleExpression: 'cron(0 1 * * * *)' }, 'ValidationException', 'Parameter ScheduleExpression is not valid.'],
    [
      { Name: 'p', ScheduleExpression: 'cron(71 8 1 * ? *)' },
      'ValidationException',
      'Parameter ScheduleExpression is not valid.',
    ],
    [{ Name: 'p', ScheduleExpression: 'cron(0 10 * * ?)' }, 'ValidationException', 'Parameter ScheduleExpression is not valid.'],
    [{ Name: 'p' }, 'ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.'],
    [
      { Name: 'p', EventPattern: PATTERN, State: 'ON' },
      'ValidationException',
      "1 validation error detected: Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]",
    ],
  ])('PutRule %j is refused', async (input, name, message) => {
    expect(await failure(events.send(new PutRuleCommand(input as PutRuleCommandInput)))).toEqual({ name, message, status: 400 });
    expect(await failure(events.send(new DescribeRuleCommand({ Name: 'p' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('accepts the AWS-recorded valid schedule expressions', async () => {
    for (const expression of [
      'cron(0 10 * * ? *)',
      'cron(0/15 * * * ? *)',
      'cron(0 18 ? * MON-FRI *)',
      'cron(15 10 ? * 6L 2002-2005)',
      'cron(0 2 ? * SAT#3 *)',
      'rate(1 minute)',
      'rate(2 hours)',
      'rate(1 day)',
    ]) {
      await events.send(new PutRuleCommand({ Name: 'valid-schedule', ScheduleExpression: expression }));
      expect((await events.send(new DescribeRuleCommand({ Name: 'valid-schedule' }))).ScheduleExpression).toBe(expression);
    }
    await events.send(new DeleteRuleCommand({ Name: 'valid-schedule' }));
  });
});

describe('targets', () => {
  it('puts, replaces, lists, refuses deletion of a rule with targets, removes', async () => {
    await events.send(new PutRuleCommand({ Name: 't1', EventPattern: PATTERN }));
    const put = await events.send(
      new PutTargetsCommand({
        Rule: 't1',
        Targets: [
          { Id: 'a', Arn: QUEUE_ARN },
          { Id: 'b', Arn: QUEUE_ARN, InputPath: '$.detail' },
        ],
      }),
    );
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    await events.send(new PutTargetsCommand({ Rule: 't1', Targets: [{ Id: 'a', Arn: QUEUE_ARN, Input: '{"x":1}' }] }));
    const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 't1' }));
    expect(listed.Targets).toEqual([
      { Id: 'a', Arn: QUEUE_ARN, Input: '{"x":1}' },
      { Id: 'b', Arn: QUEUE_ARN, InputPath: '$.detail' },
    ]);
    const paged = await events.send(new ListTargetsByRuleCommand({ Rule: 't1', Limit: 1 }));
    expect(paged.Targets!.map((t) => t.Id)).toEqual(['a']);
    expect(paged.NextToken).toBeDefined();

    expect((await events.send(new ListRuleNamesByTargetCommand({ TargetArn: QUEUE_ARN }))).RuleNames).toEqual(['t1']);
    expect(await failure(events.send(new DeleteRuleCommand({ Name: 't1' })))).toEqual({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
      status: 400,
    });
    const removed = await events.send(new RemoveTargetsCommand({ Rule: 't1', Ids: ['a', 'missing'] }));
    expect(removed).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 't1' }))).Targets!.map((t) => t.Id)).toEqual(['b']);
    await events.send(new DeleteRuleCommand({ Name: 't1', Force: true }));
    expect((await events.send(new ListRuleNamesByTargetCommand({ TargetArn: QUEUE_ARN }))).RuleNames).toEqual([]);
  });

  it('limits a rule to 5 targets', async () => {
    await events.send(new PutRuleCommand({ Name: 'many', EventPattern: PATTERN }));
    const six = [1, 2, 3, 4, 5, 6].map((n) => ({ Id: `t${n}`, Arn: QUEUE_ARN }));
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'many', Targets: six })))).toEqual({
      name: 'LimitExceededException',
      message: 'The requested resource exceeds the maximum number allowed.',
      status: 400,
    });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'many' }))).Targets).toEqual([]);
  });

  it.each([
    [
      [{ Id: '!@#$@!#$', Arn: QUEUE_ARN }],
      "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    ],
    [
      [{ Id: 'x'.repeat(65), Arn: QUEUE_ARN }],
      `1 validation error detected: Value '${'x'.repeat(65)}' at 'targets.1.member.id' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ],
    [
      [{ Id: 'two', Arn: QUEUE_ARN, Input: '{}', InputPath: '$.detail' }],
      'Only one of Input, InputPath, or InputTransformer must be provided for target two.',
    ],
    [
      [
        {
          Id: 'tpl',
          Arn: QUEUE_ARN,
          InputTransformer: { InputPathsMap: { a: '$.detail.a' }, InputTemplate: '"<a> and <notdefinedkey>"' },
        },
      ],
      'InputTemplate for target tpl contains invalid placeholder notdefinedkey.',
    ],
    [
      [{ Id: 'fifo', Arn: 'arn:aws:sqs:us-east-1:000000000000:q.fifo' }],
      'Parameter(s) SqsParameters must be specified for target: fifo.',
    ],
    [
      [{ Id: 'retry', Arn: QUEUE_ARN, RetryPolicy: { MaximumRetryAttempts: 186, MaximumEventAgeInSeconds: 59 } }],
      "2 validation errors detected: Value '186' at 'targets.1.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185; Value '59' at 'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    ],
  ])('PutTargets %j is refused', async (targets, message) => {
    await events.send(new PutRuleCommand({ Name: 'v', EventPattern: PATTERN }));
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'v', Targets: targets })))).toEqual({
      name: 'ValidationException',
      message,
      status: 400,
    });
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'v' }))).Targets).toEqual([]);
  });

  it('reports a malformed target ARN as a failed entry', async () => {
    await events.send(new PutRuleCommand({ Name: 'w', EventPattern: PATTERN }));
    const put = await events.send(
      new PutTargetsCommand({
        Rule: 'w',
        Targets: [
          { Id: 'ok', Arn: QUEUE_ARN },
          { Id: 'bad', Arn: 'not-an-arn' },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(1);
    expect(put.FailedEntries).toEqual([
      {
        TargetId: 'bad',
        ErrorCode: 'ValidationException',
        ErrorMessage: 'Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.',
      },
    ]);
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'w' }))).Targets!.map((t) => t.Id)).toEqual(['ok']);
  });

  it('refuses targets for a missing rule', async () => {
    expect(await failure(events.send(new PutTargetsCommand({ Rule: 'ghost', Targets: [{ Id: 'a', Arn: QUEUE_ARN }] })))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Rule ghost does not exist on EventBus default.',
      status: 400,
    });
  });
});

describe('TestEventPattern', () => {
  const event = JSON.stringify({
    id: '1',
    source: 'my.app',
    'detail-type': 'thing',
    account: '000000000000',
    time: '2024-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { n: 5 },
  });

  it('matches and does not match', async () => {
    expect((await events.send(new TestEventPatternCommand({ Event: event, EventPattern: PATTERN }))).Result).toBe(true);
    const numeric = JSON.stringify({ detail: { n: [{ numeric: ['>', 5] }] } });
    expect((await events.send(new TestEventPatternCommand({ Event: event, EventPattern: numeric }))).Result).toBe(false);
  });

  it('refuses an event that is not an envelope and an invalid pattern', async () => {
    for (const bad of ['"just a string"', '["a"]', '{"source": "x"}', 'not json']) {
      expect(await failure(events.send(new TestEventPatternCommand({ Event: bad, EventPattern: PATTERN })))).toEqual({
        name: 'ValidationException',
        message: 'Parameter Event is not valid.',
        status: 400,
      });
    }
    expect(
      await failure(events.send(new TestEventPatternCommand({ Event: event, EventPattern: '{"a": [{"EXISTS": true}]}' }))),
    ).toEqual({
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: Unrecognized match type EXISTS',
      status: 400,
    });
  });
});

describe('PutEvents answers', () => {
  it('answers per entry in order, accepts unknown buses, and refuses too many entries', async () => {
    const answer = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'a', DetailType: 'b', Detail: '{}' },
          { DetailType: 'b', Detail: '{}' },
          { Source: 'a', Detail: '{}' },
          { Source: 'a', DetailType: 'b' },
          { Source: 'a', DetailType: 'b', Detail: '"text"' },
          { Source: 'a', DetailType: 'b', Detail: '[1]' },
          { Source: 'a', DetailType: 'b', Detail: '{not json' },
          { Source: 'a', DetailType: 'b', Detail: '{}', EventBusName: 'no-such-bus' },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(6);
    const entries = answer.Entries!;
    expect(entries[0]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries.slice(1, 7)).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
    ]);
    expect(entries[7]!.EventId).toMatch(/^[0-9a-f-]{36}$/);

    const eleven = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    const tooMany = await failure(events.send(new PutEventsCommand({ Entries: eleven })));
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(/^1 validation error detected: Value '\[PutEventsRequestEntry\(time=null, source=s, /);
    expect(tooMany.message).toMatch(
      /at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/,
    );

    const big = await failure(
      events.send(
        new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: JSON.stringify({ x: 'y'.repeat(262_144) }) }] }),
      ),
    );
    expect(big).toEqual({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
      status: 400,
    });
  });
});

describe('operations Onward leaves out', () => {
  it('answers UnknownOperationException for them', async () => {
    const response = await fetch(`${onward.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSEvents.CreateArchive',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify({ ArchiveName: 'a', EventSourceArn: `${PREFIX}:event-bus/default` }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });
});
