/**
 * EventBridge Scheduler through @aws-sdk/client-scheduler on the manual clock: the API with AWS's error
 * codes (a refused request changes nothing), rate/cron/at fire times (time zones, StartDate, EndDate,
 * DISABLED, ActionAfterCompletion DELETE), exactly the Input with its context attributes at SQS, SNS,
 * Lambda and EventBridge targets, retries then the dead-letter queue, and restarts (a missed window, a pending retry).
 */
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  SchedulerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type ListSchedulesCommandInput,
} from '@aws-sdk/client-scheduler';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateFunctionCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, startTestOnward, TEST_ACCOUNT, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { createQueue } from '../helpers/queues.ts';

const dataDir = makeDataDir();
const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/scheduler-role`;
const ARN_PREFIX = `arn:aws:scheduler:${TEST_REGION}:${TEST_ACCOUNT}`;
let onward: TestOnward;
let scheduler: SchedulerClient;
let sqs: SQSClient;

function clients(): void {
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  scheduler = new SchedulerClient(config);
  sqs = new SQSClient(config);
}

beforeAll(async () => {
  onward = await startTestOnward({ dataDir });
  clients();
});

afterAll(async () => {
  scheduler.destroy();
  sqs.destroy();
  await onward.stop();
});

const queue = (name: string) => createQueue(sqs, name);

async function drain(url: string, waitSeconds = 0): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 3600,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: messages.length === 0 ? waitSeconds : 0,
      }),
    );
    if (!Messages?.length) return messages;
    messages.push(...Messages);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
}

const bodies = async (url: string): Promise<string[]> => (await drain(url)).map((m) => m.Body!);

function schedule(name: string, targetArn: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: name,
    ScheduleExpression: 'rate(5 minutes)',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: targetArn, RoleArn: ROLE, Input: `{"schedule":"${name}"}` },
    ...extra,
  };
}

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  const error = (await promise.then(
    () => {
      throw new Error('expected the request to be refused');
    },
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

/** `at()` text for a clock time, in UTC. */
const atExpression = (ms: number): string => `at(${new Date(ms).toISOString().slice(0, 19)})`;

describe('the schedule API', () => {
  it('creates, reads, replaces, lists and deletes schedules in the default group', async () => {
    const q = await queue('api-target');
    const nowMs = onward.clock.now();
    const { ScheduleArn } = await scheduler.send(new CreateScheduleCommand(schedule('api-one', q.arn, { Description: 'first' })));
    expect(ScheduleArn).toBe(`${ARN_PREFIX}:schedule/default/api-one`);

    const got = await scheduler.send(new GetScheduleCommand({ Name: 'api-one' }));
    expect(got).toMatchObject({
      Arn: ScheduleArn,
      Name: 'api-one',
      GroupName: 'default',
      State: 'ENABLED',
      Description: 'first',
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'NONE',
      Target: {
        Arn: q.arn,
        RoleArn: ROLE,
        Input: '{"schedule":"api-one"}',
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    });
    expect(got.CreationDate!.getTime()).toBe(nowMs);

    // UpdateSchedule replaces the whole schedule: the description it leaves out is gone.
    await scheduler.send(
      new UpdateScheduleCommand({ ...schedule('api-one', q.arn), State: 'DISABLED', ScheduleExpression: 'rate(1 hour)' }),
    );
    const updated = await scheduler.send(new GetScheduleCommand({ Name: 'api-one' }));
    expect(updated.Description).toBeUndefined();
    expect(updated).toMatchObject({ State: 'DISABLED', ScheduleExpression: 'rate(1 hour)' });

    await scheduler.send(new CreateScheduleCommand(schedule('api-two', q.arn)));
    await scheduler.send(new CreateScheduleCommand(schedule('other-three', q.arn)));
    const names = async (input: ListSchedulesCommandInput) =>
      (await scheduler.send(new ListSchedulesCommand(input))).Schedules!.map((s) => s.Name);
    expect(await names({ NamePrefix: 'api-' })).toEqual(['api-one', 'api-two']);
    expect(await names({ NamePrefix: 'api-', State: 'DISABLED' })).toEqual(['api-one']);
    const first = await scheduler.send(new ListSchedulesCommand({ NamePrefix: 'api-', MaxResults: 1 }));
    expect(first.Schedules!.map((s) => [s.Name, s.Target?.Arn, s.GroupName])).toEqual([['api-one', q.arn, 'default']]);
    const second = await scheduler.send(
      new ListSchedulesCommand({ NamePrefix: 'api-', MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(second.Schedules!.map((s) => s.Name)).toEqual(['api-two']);
    expect(second.NextToken).toBeUndefined();

    for (const name of ['api-one', 'api-two', 'other-three']) await scheduler.send(new DeleteScheduleCommand({ Name: name }));
    expect(await rejection(scheduler.send(new GetScheduleCommand({ Name: 'api-one' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule api-one does not exist.',
      status: 404,
    });
    expect(await names({ NamePrefix: 'api-' })).toEqual([]);
  });

  it('refuses bad input with AWS error codes and changes nothing', async () => {
    const q = await queue('refused-target');
    await scheduler.send(new CreateScheduleCommand(schedule('taken', q.arn)));
    expect(await rejection(scheduler.send(new CreateScheduleCommand(schedule('taken', q.arn))))).toMatchObject({
      name: 'ConflictException',
      status: 409,
    });
    const refused: [Partial<CreateScheduleCommandInput>, string][] = [
      [{ ScheduleExpression: 'rate(1 minutes)' }, 'Invalid Schedule Expression rate(1 minutes).'],
      [{ ScheduleExpression: 'cron(0 9 * * * *)' }, 'Invalid Schedule Expression cron(0 9 * * * *).'],
      [{ ScheduleExpressionTimezone: 'Mars/Olympus' }, 'Invalid time zone: Mars/Olympus.'],
      [
        { Name: 'bad name' },
        "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$",
      ],
      [{ Target: { Arn: q.arn, RoleArn: 'not-a-role' } }, "1 validation error detected: Value 'not-a-role' at 'target.roleArn'"],
      [{ FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }, 'MaximumWindowInMinutes is required when Mode is FLEXIBLE.'],
      [{ EndDate: new Date(onward.clock.now() - 60_000) }, 'The EndDate you specify cannot be earlier than the current time.'],
    ];
    for (const [change, message] of refused) {
      const error = await rejection(scheduler.send(new CreateScheduleCommand({ ...schedule('refused', q.arn), ...change })));
      expect(error.name, message).toBe('ValidationException');
      expect(error.status).toBe(400);
      expect(error.message.startsWith(message), `${error.message} / ${message}`).toBe(true);
    }
    expect(
      await rejection(scheduler.send(new CreateScheduleCommand({ ...schedule('refused', q.arn), GroupName: 'nope' }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Schedule group nope does not exist.',
    });
    expect(await rejection(scheduler.send(new UpdateScheduleCommand(schedule('never-made', q.arn))))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const listed = await scheduler.send(new ListSchedulesCommand({}));
    expect(listed.Schedules!.map((s) => s.Name)).toEqual(['taken']);
    await scheduler.send(new DeleteScheduleCommand({ Name: 'taken' }));
  });

  it('manages groups and their tags; deleting a group deletes its schedules', async () => {
    const q = await queue('group-target');
    const { ScheduleGroupArn } = await scheduler.send(
      new CreateScheduleGroupCommand({ Name: 'team', Tags: [{ Key: 'owner', Value: 'me' }] }),
    );
    expect(ScheduleGroupArn).toBe(`${ARN_PREFIX}:schedule-group/team`);
    expect(await scheduler.send(new GetScheduleGroupCommand({ Name: 'team' }))).toMatchObject({
      Name: 'team',
      State: 'ACTIVE',
      Arn: ScheduleGroupArn,
    });
    expect(await rejection(scheduler.send(new CreateScheduleGroupCommand({ Name: 'team' })))).toMatchObject({
      name: 'ConflictException',
    });
    const groups = await scheduler.send(new ListScheduleGroupsCommand({}));
    expect(groups.ScheduleGroups!.map((g) => g.Name)).toEqual(['default', 'team']);

    await scheduler.send(new TagResourceCommand({ ResourceArn: ScheduleGroupArn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await scheduler.send(new UntagResourceCommand({ ResourceArn: ScheduleGroupArn, TagKeys: ['owner'] }));
    expect((await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags).toEqual([
      { Key: 'env', Value: 'dev' },
    ]);

    await scheduler.send(new CreateScheduleCommand({ ...schedule('in-team', q.arn), GroupName: 'team' }));
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'in-team', GroupName: 'team' }))).Arn).toBe(
      `${ARN_PREFIX}:schedule/team/in-team`,
    );
    expect(await rejection(scheduler.send(new GetScheduleCommand({ Name: 'in-team' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await scheduler.send(new DeleteScheduleGroupCommand({ Name: 'team' }));
    expect(await rejection(scheduler.send(new GetScheduleGroupCommand({ Name: 'team' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await rejection(scheduler.send(new ListSchedulesCommand({ GroupName: 'team' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await rejection(scheduler.send(new DeleteScheduleGroupCommand({ Name: 'default' })))).toMatchObject({
      name: 'ValidationException',
    });
    // The deleted group's schedule never fires.
    await onward.advance(600);
    expect(await bodies(q.url)).toEqual([]);
  });
});

describe('fire times on the manual clock', () => {
  it('fires a rate at creation and every period, with the context attributes filled in', async () => {
    const q = await queue('rate-target');
    const createdMs = onward.clock.now();
    const { ScheduleArn } = await scheduler.send(
      new CreateScheduleCommand(
        schedule('rate', q.arn, {
          Target: {
            Arn: q.arn,
            RoleArn: ROLE,
            Input: 'arn=<aws.scheduler.schedule-arn> at=<aws.scheduler.scheduled-time> try=<aws.scheduler.attempt-number>',
          },
        }),
      ),
    );
    await onward.advance(0);
    const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    expect(await bodies(q.url)).toEqual([`arn=${ScheduleArn} at=${iso(createdMs)} try=1`]);
    await onward.advance(299);
    expect(await bodies(q.url)).toEqual([]);
    await onward.advance(1);
    expect(await bodies(q.url)).toEqual([`arn=${ScheduleArn} at=${iso(createdMs + 300_000)} try=1`]);
    await onward.advance(600);
    expect(await bodies(q.url)).toEqual([600_000, 900_000].map((d) => `arn=${ScheduleArn} at=${iso(createdMs + d)} try=1`));
    await scheduler.send(new DeleteScheduleCommand({ Name: 'rate' }));
    await onward.advance(600);
    expect(await bodies(q.url)).toEqual([]);
  });

  it('evaluates cron in the schedule time zone, from StartDate', async () => {
    const q = await queue('cron-target');
    const nowMs = onward.clock.now();
    // 09:00 in Tokyo is 00:00 UTC; start one day on, so the first fire is the midnight UTC after that.
    const startMs = nowMs + 86_400_000;
    const firstMs = Math.ceil(startMs / 86_400_000) * 86_400_000;
    await scheduler.send(
      new CreateScheduleCommand(
        schedule('cron-tokyo', q.arn, {
          ScheduleExpression: 'cron(0 9 * * ? *)',
          ScheduleExpressionTimezone: 'Asia/Tokyo',
          StartDate: new Date(startMs),
        }),
      ),
    );
    await onward.advance((firstMs - nowMs) / 1000 - 1);
    expect(await bodies(q.url)).toEqual([]);
    await onward.advance(1);
    expect(await bodies(q.url)).toEqual(['{"schedule":"cron-tokyo"}']);
    await onward.advance(86_400);
    expect(await bodies(q.url)).toHaveLength(1);
    await scheduler.send(new DeleteScheduleCommand({ Name: 'cron-tokyo' }));
  });

  it('fires at() once in its zone and deletes the schedule after with ActionAfterCompletion DELETE', async () => {
    const q = await queue('at-target');
    const atMs = Math.ceil((onward.clock.now() + 600_000) / 1000) * 1000;
    // The same instant written as New York wall time (UTC-5 in winter, UTC-4 in summer).
    const offsetHours = new Date(atMs)
      .toLocaleString('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' })
      .endsWith('GMT-4')
      ? 4
      : 5;
    await scheduler.send(
      new CreateScheduleCommand(
        schedule('once', q.arn, {
          ScheduleExpression: atExpression(atMs - offsetHours * 3_600_000),
          ScheduleExpressionTimezone: 'America/New_York',
          ActionAfterCompletion: 'DELETE',
        }),
      ),
    );
    await scheduler.send(
      new CreateScheduleCommand(
        schedule('once-kept', q.arn, {
          ScheduleExpression: atExpression(atMs),
          Target: { Arn: q.arn, RoleArn: ROLE, Input: 'kept' },
        }),
      ),
    );
    await onward.advance((atMs - onward.clock.now()) / 1000 - 1);
    expect(await bodies(q.url)).toEqual([]);
    await onward.advance(1);
    expect((await bodies(q.url)).sort()).toEqual(['kept', '{"schedule":"once"}']);
    expect(await rejection(scheduler.send(new GetScheduleCommand({ Name: 'once' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'once-kept' }))).State).toBe('ENABLED');
    await onward.advance(3600);
    expect(await bodies(q.url)).toEqual([]);
    await scheduler.send(new DeleteScheduleCommand({ Name: 'once-kept' }));
  });

  it('stops at EndDate and never fires while DISABLED', async () => {
    const q = await queue('end-target');
    const nowMs = onward.clock.now();
    await scheduler.send(
      new CreateScheduleCommand(
        schedule('ending', q.arn, { ScheduleExpression: 'rate(1 minute)', EndDate: new Date(nowMs + 150_000) }),
      ),
    );
    await scheduler.send(
      new CreateScheduleCommand(schedule('off', q.arn, { ScheduleExpression: 'rate(1 minute)', State: 'DISABLED' })),
    );
    await onward.advance(600);
    expect(await bodies(q.url)).toEqual(Array(3).fill('{"schedule":"ending"}'));
    // Enabled again by an update, it starts from the update.
    await scheduler.send(new UpdateScheduleCommand(schedule('off', q.arn, { ScheduleExpression: 'rate(1 minute)' })));
    await onward.advance(60);
    expect(await bodies(q.url)).toEqual(Array(2).fill('{"schedule":"off"}'));
    await scheduler.send(new DeleteScheduleCommand({ Name: 'ending' }));
    await scheduler.send(new DeleteScheduleCommand({ Name: 'off' }));
  });
});

describe('targets', () => {
  it('delivers exactly the Input to SNS, EventBridge and Lambda', async () => {
    const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const sns = new SNSClient(config);
    const events = new EventBridgeClient(config);
    const lambda = new LambdaClient(config);
    try {
      const fromTopic = await queue('from-topic');
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'scheduled-topic' }));
      await sns.send(
        new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: fromTopic.arn, Attributes: { RawMessageDelivery: 'true' } }),
      );

      const fromBus = await queue('from-bus');
      const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: 'scheduled-bus' }));
      await events.send(
        new PutRuleCommand({ Name: 'all', EventBusName: 'scheduled-bus', EventPattern: '{"source":["my.scheduler"]}' }),
      );
      await events.send(
        new PutTargetsCommand({ Rule: 'all', EventBusName: 'scheduled-bus', Targets: [{ Id: 'q', Arn: fromBus.arn }] }),
      );

      const fromFunction = await queue('from-function');
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'scheduled-fn',
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async (event) => ({ got: event });') }) },
        }),
      );
      await lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'scheduled-fn',
          DestinationConfig: { OnSuccess: { Destination: fromFunction.arn } },
        }),
      );

      const input = '{"order":42,"note":"exact"}';
      const target = (Arn: string) => ({ Arn, RoleArn: ROLE, Input: input });
      await scheduler.send(new CreateScheduleCommand(schedule('to-topic', TopicArn!, { Target: target(TopicArn!) })));
      await scheduler.send(
        new CreateScheduleCommand(
          schedule('to-bus', EventBusArn!, {
            Target: { ...target(EventBusArn!), EventBridgeParameters: { Source: 'my.scheduler', DetailType: 'Tick' } },
          }),
        ),
      );
      await scheduler.send(
        new CreateScheduleCommand(
          schedule('to-fn', `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:scheduled-fn`, {
            Target: target(`arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:scheduled-fn`),
          }),
        ),
      );
      await onward.advance(0);

      expect(await bodies(fromTopic.url)).toEqual([input]);
      const [event, ...more] = (await bodies(fromBus.url)).map((b) => JSON.parse(b) as Record<string, unknown>);
      expect(more).toEqual([]);
      expect(event).toMatchObject({
        source: 'my.scheduler',
        'detail-type': 'Tick',
        detail: JSON.parse(input),
        resources: [`${ARN_PREFIX}:schedule/default/to-bus`],
      });
      const [record] = (await drain(fromFunction.url, 20)).map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
      expect(record).toMatchObject({ requestPayload: JSON.parse(input), responsePayload: { got: JSON.parse(input) } });
      for (const name of ['to-topic', 'to-bus', 'to-fn']) await scheduler.send(new DeleteScheduleCommand({ Name: name }));
    } finally {
      sns.destroy();
      events.destroy();
      lambda.destroy();
    }
  });

  it('retries a missing target per its RetryPolicy on the clock, then sends the Input to the dead-letter queue', async () => {
    const dlq = await queue('scheduler-dlq');
    const missing = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:not-there`;
    const { ScheduleArn } = await scheduler.send(
      new CreateScheduleCommand(
        schedule('doomed', missing, {
          ScheduleExpression: 'rate(1 day)',
          Target: {
            Arn: missing,
            RoleArn: ROLE,
            Input: '{"try":"<aws.scheduler.attempt-number>"}',
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: dlq.arn },
          },
        }),
      ),
    );
    // Tries at 0, +60 s and +180 s (Onward's backoff: 1 minute, doubling).
    await onward.advance(179);
    expect(await drain(dlq.url)).toEqual([]);
    await onward.advance(1);
    const [dead, ...more] = await drain(dlq.url);
    expect(more).toEqual([]);
    expect(dead!.Body).toBe('{"try":"3"}');
    const attributes = Object.fromEntries(Object.entries(dead!.MessageAttributes!).map(([k, v]) => [k, v.StringValue]));
    expect(attributes).toMatchObject({
      ERROR_CODE: 'ResourceNotFoundException',
      RETRY_ATTEMPTS: '2',
      SCHEDULE_ARN: ScheduleArn,
      TARGET_ARN: missing,
    });
    expect(attributes.EXECUTION_ID).toMatch(/^[0-9a-f-]{36}$/);
    expect(attributes.ERROR_MESSAGE).toBeTruthy();
    await scheduler.send(new DeleteScheduleCommand({ Name: 'doomed' }));
  });
});

describe('restart', () => {
  it('keeps schedules, fires a window missed while down once, then carries on', async () => {
    const q = await queue('survivor');
    await scheduler.send(new CreateScheduleCommand(schedule('survivor', q.arn, { ScheduleExpression: 'rate(1 minute)' })));
    await onward.advance(0);
    expect(await bodies(q.url)).toHaveLength(1);

    // Down for ten minutes: stop, move the persisted clock on, start again on the same data.
    const location = onward.store.location;
    await onward.close();
    const db = new Database(location);
    const row = db.prepare("SELECT value FROM meta WHERE key = 'clock.nowMs'").get() as { value: string };
    db.prepare("UPDATE meta SET value = ? WHERE key = 'clock.nowMs'").run(String(Number(row.value) + 600_000));
    db.close();
    scheduler.destroy();
    sqs.destroy();
    onward = await startTestOnward({ dataDir });
    clients();

    await onward.advance(0);
    expect(await bodies(q.url)).toHaveLength(1);
    await onward.advance(59);
    expect(await bodies(q.url)).toHaveLength(0);
    await onward.advance(1);
    expect(await bodies(q.url)).toHaveLength(1);
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'survivor' }))).ScheduleExpression).toBe('rate(1 minute)');
  });

  it('resumes a retry that was pending when Onward stopped', async () => {
    const dlq = await queue('restart-dlq');
    const missing = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:still-not-there`;
    await scheduler.send(
      new CreateScheduleCommand(
        schedule('retry-across', missing, {
          ScheduleExpression: atExpression(Math.ceil(onward.clock.now() / 1000) * 1000 + 10_000),
          Target: {
            Arn: missing,
            RoleArn: ROLE,
            Input: '{"try":"<aws.scheduler.attempt-number>"}',
            RetryPolicy: { MaximumRetryAttempts: 1 },
            DeadLetterConfig: { Arn: dlq.arn },
          },
        }),
      ),
    );
    await onward.advance(10);
    expect(await drain(dlq.url)).toEqual([]);

    await onward.close();
    scheduler.destroy();
    sqs.destroy();
    onward = await startTestOnward({ dataDir });
    clients();

    await onward.advance(59);
    expect(await drain(dlq.url)).toEqual([]);
    await onward.advance(1);
    const [dead, ...more] = await drain(dlq.url);
    expect(more).toEqual([]);
    expect(dead!.Body).toBe('{"try":"2"}');
    expect(dead!.MessageAttributes!.RETRY_ATTEMPTS!.StringValue).toBe('1');
  });
});
