/** Schedule groups (CreateScheduleGroup, GetScheduleGroup, DeleteScheduleGroup, ListScheduleGroups) and their tags. */
import type { Clock } from '../../clock/clock.ts';
import type { SchedulerStore, SchedulerTag } from '../../store/scheduler-store.ts';
import type { OperationHandler } from '../service.ts';
import { DEFAULT_GROUP, groupArn, parseGroupArn } from './arns.ts';
import { ConflictException, constraintViolations, GroupNotFound, ValidationException } from './errors.ts';
import { allGroups, findGroup } from './groups.ts';
import { page } from './paging.ts';
import { throwIfAny, validateName } from './schedule-input.ts';
import type { ScheduleRunner } from './schedule-runner.ts';

const seconds = (ms: number): number => ms / 1000;

function validTags(raw: unknown): SchedulerTag[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [];
  if (list.length > 200)
    throw constraintViolations([{ member: 'tags', value: raw, constraint: 'Member must have length less than or equal to 200' }]);
  return list.map((tag, index) => {
    for (const [member, max] of [
      ['Key', 128],
      ['Value', 256],
    ] as const) {
      const value = tag[member];
      const path = `tags.${index + 1}.member.${member.toLowerCase()}`;
      if (typeof value !== 'string')
        throw constraintViolations([{ member: path, value: null, constraint: 'Member must not be null' }]);
      if (value.length < 1)
        throw constraintViolations([{ member: path, value, constraint: 'Member must have length greater than or equal to 1' }]);
      if (value.length > max)
        throw constraintViolations([{ member: path, value, constraint: `Member must have length less than or equal to ${max}` }]);
    }
    return { Key: tag.Key as string, Value: tag.Value as string };
  });
}

function checkGroupName(name: unknown, member = 'name'): void {
  const violations: Parameters<typeof validateName>[0] = [];
  validateName(violations, member, name);
  throwIfAny(violations);
}

export function groupOperations(store: SchedulerStore, clock: Clock, runner: ScheduleRunner): Record<string, OperationHandler> {
  /** The group an ARN names in the caller's account and region. */
  const taggedGroup = (arn: unknown, request: { accountId: string; region: string }) => {
    const parsed = typeof arn === 'string' ? parseGroupArn(arn) : undefined;
    if (!parsed) {
      throw constraintViolations([
        {
          member: 'resourceArn',
          value: arn ?? null,
          constraint:
            'Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\\-]+:\\d{12}:schedule-group\\/[0-9a-zA-Z-_.]+$',
        },
      ]);
    }
    const group =
      parsed.accountId === request.accountId && parsed.region === request.region
        ? findGroup(store, parsed.accountId, parsed.region, parsed.name, clock.now())
        : undefined;
    if (!group) throw GroupNotFound(parsed.name);
    return group;
  };

  return {
    async CreateScheduleGroup(input, request) {
      checkGroupName(input.Name);
      const tags = validTags(input.Tags);
      const name = String(input.Name);
      if (findGroup(store, request.accountId, request.region, name, clock.now()))
        throw ConflictException(`Schedule group ${name} already exists.`);
      const nowMs = clock.now();
      await store.putGroup({
        accountId: request.accountId,
        region: request.region,
        name,
        tags,
        createdAtMs: nowMs,
        lastModifiedAtMs: nowMs,
      });
      return { ScheduleGroupArn: groupArn(request.region, request.accountId, name) };
    },

    GetScheduleGroup(input, request) {
      checkGroupName(input.Name);
      const group = findGroup(store, request.accountId, request.region, String(input.Name), clock.now());
      if (!group) throw GroupNotFound(String(input.Name));
      return {
        Arn: groupArn(group.region, group.accountId, group.name),
        CreationDate: seconds(group.createdAtMs),
        LastModificationDate: seconds(group.lastModifiedAtMs),
        Name: group.name,
        State: 'ACTIVE',
      };
    },

    async DeleteScheduleGroup(input, request) {
      checkGroupName(input.Name);
      const name = String(input.Name);
      if (name === DEFAULT_GROUP) throw ValidationException('The default schedule group cannot be deleted.');
      const key = { accountId: request.accountId, region: request.region, name };
      if (!store.getGroup(key)) throw GroupNotFound(name);
      const schedules = store.listSchedules(request.accountId, request.region, name);
      await store.deleteGroup(key);
      for (const schedule of schedules) runner.scheduleChanged(schedule);
      return {};
    },

    ListScheduleGroups(input, request) {
      const violations: Parameters<typeof validateName>[0] = [];
      validateName(violations, 'namePrefix', input.NamePrefix, false);
      throwIfAny(violations);
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const groups = allGroups(store, request.accountId, request.region, clock.now()).filter((group) =>
        group.name.startsWith(prefix),
      );
      const { items, nextToken } = page(groups, input);
      return {
        ScheduleGroups: items.map((group) => ({
          Arn: groupArn(group.region, group.accountId, group.name),
          CreationDate: seconds(group.createdAtMs),
          LastModificationDate: seconds(group.lastModifiedAtMs),
          Name: group.name,
          State: 'ACTIVE',
        })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },

    ListTagsForResource(input, request) {
      return { Tags: taggedGroup(input.ResourceArn, request).tags };
    },

    async TagResource(input, request) {
      const group = taggedGroup(input.ResourceArn, request);
      if (input.Tags === undefined || input.Tags === null) {
        throw constraintViolations([{ member: 'tags', value: null, constraint: 'Member must not be null' }]);
      }
      const merged = new Map(group.tags.map((tag) => [tag.Key, tag.Value]));
      for (const tag of validTags(input.Tags)) merged.set(tag.Key, tag.Value);
      await store.putGroup({ ...group, tags: [...merged].map(([Key, Value]) => ({ Key, Value })) });
      return {};
    },

    async UntagResource(input, request) {
      const group = taggedGroup(input.ResourceArn, request);
      if (!Array.isArray(input.TagKeys)) {
        throw constraintViolations([{ member: 'tagKeys', value: null, constraint: 'Member must not be null' }]);
      }
      const removed = new Set(input.TagKeys as string[]);
      await store.putGroup({ ...group, tags: group.tags.filter((tag) => !removed.has(tag.Key)) });
      return {};
    },
  };
}
