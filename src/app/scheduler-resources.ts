/** EventBridge Scheduler resources: AWS::Scheduler::ScheduleGroup and AWS::Scheduler::Schedule. */
import type { ScheduleSpec } from './app-description.ts';
import { targetDelivery } from './target-delivery.ts';
import { arns, nameFromArn } from './physical-names.ts';
import { origin, physicalName, unhandled, type Handler } from './resource-context.ts';

const scheduleGroup: Handler = (c) => {
  unhandled(c, ['Name', 'Tags']);
  const name = physicalName(c, 'Name', 64);
  const arn = arns.scheduleGroup(c.arn, name);
  c.app.scheduleGroups.push({ origin: origin(c), name, arn, tags: c.props.tags() });
  return { ref: name, attributes: { Arn: arn } };
};

const schedule: Handler = (c) => {
  unhandled(c, [
    'Name',
    'GroupName',
    'ScheduleExpression',
    'ScheduleExpressionTimezone',
    'StartDate',
    'EndDate',
    'State',
    'Description',
    'FlexibleTimeWindow',
    'Target',
    'KmsKeyArn',
  ]);
  const name = physicalName(c, 'Name', 64);
  // GroupName takes a name; templates often pass the group's ARN-less Ref, which is its name.
  const given = c.props.optString('GroupName');
  const groupName = given === undefined ? 'default' : given.startsWith('arn:') ? nameFromArn(given) : given;
  const arn = arns.schedule(c.arn, groupName, name);
  const state = c.props.optString('State') ?? 'ENABLED';
  if (state !== 'ENABLED' && state !== 'DISABLED') c.props.fail('State', `must be ENABLED or DISABLED, got ${state}`);
  const window = c.props.optObject('FlexibleTimeWindow') ?? c.props.fail('FlexibleTimeWindow', 'is required');
  const mode = window.string('Mode');
  if (mode !== 'OFF' && mode !== 'FLEXIBLE') window.fail('Mode', `must be OFF or FLEXIBLE, got ${mode}`);
  const maximumWindowInMinutes = window.optNumber('MaximumWindowInMinutes');
  const t = c.props.optObject('Target') ?? c.props.fail('Target', 'is required');
  c.warnings.unhandledProperties(c.file, t.path, 'Schedule target', t.props, [
    'Arn',
    'RoleArn',
    'Input',
    'RetryPolicy',
    'DeadLetterConfig',
    'SqsParameters',
  ]);
  const target: ScheduleSpec['target'] = { arn: t.string('Arn'), roleArn: t.string('RoleArn') };
  const input = t.optString('Input');
  if (input !== undefined) target.input = input;
  Object.assign(target, targetDelivery(t));
  const optional = (key: string) => c.props.optString(key);
  const timezone = optional('ScheduleExpressionTimezone');
  const startDate = optional('StartDate');
  const endDate = optional('EndDate');
  const description = optional('Description');
  c.app.schedules.push({
    origin: origin(c),
    name,
    groupName,
    arn,
    scheduleExpression: c.props.string('ScheduleExpression'),
    ...(timezone !== undefined ? { timezone } : {}),
    ...(startDate !== undefined ? { startDate } : {}),
    ...(endDate !== undefined ? { endDate } : {}),
    state: state as 'ENABLED' | 'DISABLED',
    ...(description !== undefined ? { description } : {}),
    flexibleTimeWindow: {
      mode: mode as 'OFF' | 'FLEXIBLE',
      ...(maximumWindowInMinutes !== undefined ? { maximumWindowInMinutes } : {}),
    },
    target,
  });
  return { ref: name, attributes: { Arn: arn } };
};

export const SCHEDULER_HANDLERS: Record<string, Handler> = {
  'AWS::Scheduler::ScheduleGroup': scheduleGroup,
  'AWS::Scheduler::Schedule': schedule,
};
