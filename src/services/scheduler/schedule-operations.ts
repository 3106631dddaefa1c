/** CreateSchedule, GetSchedule, UpdateSchedule (replaces the schedule), DeleteSchedule, ListSchedules. */
import type { Clock } from '../../clock/clock.ts';
import type { ScheduleKey, ScheduleRecord, SchedulerStore } from '../../store/scheduler-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { DEFAULT_GROUP, scheduleArn } from './arns.ts';
import { ConflictException, ScheduleNotFound, GroupNotFound } from './errors.ts';
import { firstFire } from './fire-times.ts';
import { findGroup } from './groups.ts';
import { page } from './paging.ts';
import { parseScheduleInput, throwIfAny, validateName } from './schedule-input.ts';
import type { ScheduleRunner } from './schedule-runner.ts';

const seconds = (ms: number): number => ms / 1000;

function keyOf(input: Record<string, unknown>, request: RequestContext): ScheduleKey {
  return {
    accountId: request.accountId,
    region: request.region,
    groupName: typeof input.GroupName === 'string' ? input.GroupName : DEFAULT_GROUP,
    name: String(input.Name),
  };
}

function scheduleOutput(schedule: ScheduleRecord): Record<string, unknown> {
  return {
    Arn: scheduleArn(schedule.region, schedule.accountId, schedule.groupName, schedule.name),
    ActionAfterCompletion: schedule.actionAfterCompletion,
    CreationDate: seconds(schedule.createdAtMs),
    ...(schedule.description !== undefined ? { Description: schedule.description } : {}),
    ...(schedule.endMs !== undefined ? { EndDate: seconds(schedule.endMs) } : {}),
    FlexibleTimeWindow: schedule.flexibleTimeWindow,
    GroupName: schedule.groupName,
    ...(schedule.kmsKeyArn !== undefined ? { KmsKeyArn: schedule.kmsKeyArn } : {}),
    LastModificationDate: seconds(schedule.lastModifiedAtMs),
    Name: schedule.name,
    ScheduleExpression: schedule.scheduleExpression,
    ...(schedule.timezone !== undefined ? { ScheduleExpressionTimezone: schedule.timezone } : {}),
    ...(schedule.startMs !== undefined ? { StartDate: seconds(schedule.startMs) } : {}),
    State: schedule.state,
    Target: schedule.target,
  };
}

function checkKey(input: Record<string, unknown>): void {
  const violations: Parameters<typeof validateName>[0] = [];
  validateName(violations, 'name', input.Name);
  validateName(violations, 'groupName', input.GroupName, false);
  throwIfAny(violations);
}

export function scheduleOperations(
  store: SchedulerStore,
  clock: Clock,
  runner: ScheduleRunner,
): Record<string, OperationHandler> {
  const write = async (input: Record<string, unknown>, request: RequestContext, mode: 'create' | 'update') => {
    const nowMs = clock.now();
    const { schedule: _parsed, ...fields } = parseScheduleInput(input, nowMs);
    const key = keyOf(input, request);
    const group = findGroup(store, key.accountId, key.region, key.groupName, nowMs);
    if (!group) throw GroupNotFound(key.groupName);
    const existing = store.getSchedule(key);
    if (mode === 'create' && existing) throw ConflictException(`Schedule ${key.name} already exists.`);
    if (mode === 'update' && !existing) throw ScheduleNotFound(key.name);
    const record: ScheduleRecord = {
      ...key,
      ...fields,
      createdAtMs: existing?.createdAtMs ?? nowMs,
      lastModifiedAtMs: nowMs,
      nextFireAtMs: undefined,
      lastFireAtMs: existing?.lastFireAtMs,
    };
    record.nextFireAtMs = firstFire(record, nowMs);
    const writes: Promise<void>[] = [store.putSchedule(record)];
    // The default group is implicit until a schedule lands in it; then it is stored with its real date.
    if (!store.getGroup(group)) writes.push(store.putGroup(group));
    await Promise.all(writes);
    runner.scheduleChanged(key);
    return { ScheduleArn: scheduleArn(key.region, key.accountId, key.groupName, key.name) };
  };

  return {
    CreateSchedule: (input, request) => write(input, request, 'create'),
    UpdateSchedule: (input, request) => write(input, request, 'update'),

    GetSchedule(input, request) {
      checkKey(input);
      const schedule = store.getSchedule(keyOf(input, request));
      if (!schedule) throw ScheduleNotFound(String(input.Name));
      return scheduleOutput(schedule);
    },

    async DeleteSchedule(input, request) {
      checkKey(input);
      const key = keyOf(input, request);
      if (!store.getSchedule(key)) throw ScheduleNotFound(key.name);
      await store.deleteSchedule(key);
      runner.scheduleChanged(key);
      return {};
    },

    ListSchedules(input, request) {
      const violations: Parameters<typeof validateName>[0] = [];
      validateName(violations, 'groupName', input.GroupName, false);
      validateName(violations, 'namePrefix', input.NamePrefix, false);
      if (input.State !== undefined && !['ENABLED', 'DISABLED'].includes(String(input.State))) {
        violations.push({
          member: 'state',
          value: input.State,
          constraint: 'Member must satisfy enum value set: [ENABLED, DISABLED]',
        });
      }
      throwIfAny(violations);
      const groupName = typeof input.GroupName === 'string' ? input.GroupName : undefined;
      if (groupName !== undefined && !findGroup(store, request.accountId, request.region, groupName, clock.now())) {
        throw GroupNotFound(groupName);
      }
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const matching = store
        .listSchedules(request.accountId, request.region, groupName)
        .filter((schedule) => schedule.name.startsWith(prefix) && (input.State === undefined || schedule.state === input.State));
      const { items, nextToken } = page(matching, input);
      return {
        Schedules: items.map((schedule) => ({
          Arn: scheduleArn(schedule.region, schedule.accountId, schedule.groupName, schedule.name),
          CreationDate: seconds(schedule.createdAtMs),
          GroupName: schedule.groupName,
          LastModificationDate: seconds(schedule.lastModifiedAtMs),
          Name: schedule.name,
          State: schedule.state,
          Target: { Arn: schedule.target.Arn },
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
  };
}
