import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { loadCloudFormationApp } from './cloudformation-loader.ts';
import { loadServerlessApp } from './serverless-loader.ts';

const ARN = 'arn:aws:scheduler:us-east-1:000000000000';

function template(body: string, transform = '') {
  const dir = tempApp({
    'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\n${transform}Resources:\n${body}`,
    'src/index.js': 'exports.handler = async () => 1;',
  });
  return loadCloudFormationApp(path.join(dir, 'template.yaml'), { stackName: 'app' }, 'template.yaml');
}

describe('EventBridge Scheduler resources', () => {
  it('AWS::Scheduler::Schedule and ScheduleGroup: names, ARNs, Ref/GetAtt, every target setting', () => {
    const app = template(`
  Group:
    Type: AWS::Scheduler::ScheduleGroup
    Properties: { Name: nightly, Tags: [{ Key: team, Value: ops }] }
  Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: sched-dlq } }
  Work: { Type: AWS::SQS::Queue, Properties: { QueueName: work.fifo, FifoQueue: true } }
  Nightly:
    Type: AWS::Scheduler::Schedule
    Properties:
      GroupName: !Ref Group
      ScheduleExpression: cron(0 2 * * ? *)
      ScheduleExpressionTimezone: Europe/Paris
      StartDate: '2026-01-01T00:00:00Z'
      FlexibleTimeWindow: { Mode: FLEXIBLE, MaximumWindowInMinutes: 15 }
      Target:
        Arn: !GetAtt Work.Arn
        RoleArn: arn:aws:iam::000000000000:role/scheduler
        Input: '{"job":"nightly"}'
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 }
        DeadLetterConfig: { Arn: !GetAtt Dlq.Arn }
        SqsParameters: { MessageGroupId: jobs }
  Once:
    Type: AWS::Scheduler::Schedule
    Properties:
      Name: once
      State: DISABLED
      ScheduleExpression: at(2026-12-01T10:00:00)
      FlexibleTimeWindow: { Mode: 'OFF' }
      Target: { Arn: !GetAtt Work.Arn, RoleArn: arn:aws:iam::000000000000:role/scheduler }
Outputs:
  ScheduleArn: { Value: !GetAtt Nightly.Arn }
  GroupArn: { Value: !GetAtt Group.Arn }
  OnceName: { Value: !Ref Once }
`);
    expect(app.warnings).toEqual([]);
    expect(app.scheduleGroups).toEqual([
      {
        origin: { stack: 'app', logicalId: 'Group' },
        name: 'nightly',
        arn: `${ARN}:schedule-group/nightly`,
        tags: { team: 'ops' },
      },
    ]);
    const [nightly, once] = app.schedules;
    expect(nightly).toMatchObject({
      groupName: 'nightly',
      scheduleExpression: 'cron(0 2 * * ? *)',
      timezone: 'Europe/Paris',
      startDate: '2026-01-01T00:00:00Z',
      state: 'ENABLED',
      flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 15 },
      target: {
        arn: 'arn:aws:sqs:us-east-1:000000000000:work.fifo',
        roleArn: 'arn:aws:iam::000000000000:role/scheduler',
        input: '{"job":"nightly"}',
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 600 },
        deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:sched-dlq',
        sqsMessageGroupId: 'jobs',
      },
    });
    expect(nightly!.name).toMatch(/^app-Nightly-[A-Z0-9]{12}$/);
    expect(nightly!.arn).toBe(`${ARN}:schedule/nightly/${nightly!.name}`);
    expect(once).toMatchObject({ name: 'once', groupName: 'default', state: 'DISABLED', flexibleTimeWindow: { mode: 'OFF' } });
    expect(Object.fromEntries(app.outputs.map((o) => [o.key, o.value]))).toEqual({
      ScheduleArn: nightly!.arn,
      GroupArn: `${ARN}:schedule-group/nightly`,
      OnceName: 'once',
    });
  });

  it('a schedule without its FlexibleTimeWindow or Target does not load, naming the property', () => {
    expect(() =>
      template(`
  S:
    Type: AWS::Scheduler::Schedule
    Properties: { ScheduleExpression: rate(1 hour), Target: { Arn: x, RoleArn: y } }
`),
    ).toThrow('template.yaml: Resources.S.Properties.FlexibleTimeWindow: is required');
  });

  it('SAM ScheduleV2: named after the function and the event, a role and a DLQ queue of its own', () => {
    const app = template(
      `
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ticker
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Events:
        Tick:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(5 minutes)
            Input: '{"tick":true}'
            DeadLetterConfig: { Type: SQS }
            RetryPolicy: { MaximumRetryAttempts: 0 }
        Anonymous:
          Type: ScheduleV2
          Properties: { ScheduleExpression: rate(1 day), OmitName: true, RoleArn: arn:aws:iam::000000000000:role/mine }
`,
      'Transform: AWS::Serverless-2016-10-31\n',
    );
    const [tick, anonymous] = app.schedules;
    expect(tick).toMatchObject({
      name: 'FnTick',
      groupName: 'default',
      scheduleExpression: 'rate(5 minutes)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:ticker',
        input: '{"tick":true}',
        retryPolicy: { maximumRetryAttempts: 0 },
        deadLetterArn: app.queues[0]!.arn,
      },
    });
    expect(tick!.target.roleArn).toMatch(/^arn:aws:iam::000000000000:role\/app-FnTickRole-/);
    expect(app.queues.map((q) => q.origin.logicalId)).toEqual(['FnTickQueue']);
    expect(anonymous!.name).toMatch(/^app-FnAnonymous-[A-Z0-9]{12}$/);
    expect(anonymous!.target.roleArn).toBe('arn:aws:iam::000000000000:role/mine');
  });
});

describe('serverless schedule with method: scheduler', () => {
  function serverless(events: string) {
    const dir = tempApp({
      'serverless.yml': `service: svc\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  cron:\n    handler: index.handler\n    events:\n${events}`,
      'index.js': 'exports.handler = async () => 1;',
    });
    return loadServerlessApp(path.join(dir, 'serverless.yml'), {}, 'serverless.yml');
  }

  it('compiles each rate to an AWS::Scheduler::Schedule with the role, input and time zone', () => {
    const app = serverless(`      - schedule:
          method: scheduler
          rate: [rate(1 hour), cron(0 8 * * ? *)]
          timezone: America/New_York
          roleArn: arn:aws:iam::000000000000:role/sched
          input: { report: daily }
`);
    expect(app.rules).toEqual([]);
    expect(app.warnings).toEqual([]);
    expect(app.schedules.map((s) => [s.scheduleExpression, s.timezone, s.target.input, s.target.roleArn, s.target.arn])).toEqual([
      [
        'rate(1 hour)',
        'America/New_York',
        '{"report":"daily"}',
        'arn:aws:iam::000000000000:role/sched',
        'arn:aws:lambda:us-east-1:000000000000:function:svc-dev-cron',
      ],
      [
        'cron(0 8 * * ? *)',
        'America/New_York',
        '{"report":"daily"}',
        'arn:aws:iam::000000000000:role/sched',
        'arn:aws:lambda:us-east-1:000000000000:function:svc-dev-cron',
      ],
    ]);
  });

  it('needs roleArn, as the framework does', () => {
    expect(() => serverless(`      - schedule: { method: scheduler, rate: rate(1 hour) }\n`)).toThrow(
      'serverless.yml: functions.cron.events[0].schedule.roleArn: is required with method: scheduler',
    );
  });
});
