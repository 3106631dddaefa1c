/** Tags of buses and rules, addressed by ARN. */
import type { Clock } from '../../clock/clock.ts';
import type { EventsStore, EventsTag } from '../../store/events-store.ts';
import type { OperationHandler } from '../service.ts';
import { DEFAULT_BUS, parseBusArn, parseRuleArn } from './arns.ts';
import { defaultBus } from './bus-operations.ts';
import { constraintViolations, EventBusNotFound, ResourceNotFoundException, RuleNotFound } from './errors.ts';

const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;

/** A `Tags` member as a clean list (Key and Value required, AWS's length limits). */
export function validTags(raw: unknown): EventsTag[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [];
  return list.map((tag, index) => {
    const key = tag.Key;
    const value = tag.Value;
    if (typeof key !== 'string') {
      throw constraintViolations([
        { member: `tags.${index + 1}.member.key`, value: 'null', constraint: 'Member must not be null' },
      ]);
    }
    if (typeof value !== 'string') {
      throw constraintViolations([
        { member: `tags.${index + 1}.member.value`, value: 'null', constraint: 'Member must not be null' },
      ]);
    }
    if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
      throw constraintViolations([
        {
          member: `tags.${index + 1}.member.key`,
          value: key,
          constraint: `Member must have length less than or equal to ${MAX_TAG_KEY_LENGTH}`,
        },
      ]);
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw constraintViolations([
        {
          member: `tags.${index + 1}.member.value`,
          value,
          constraint: `Member must have length less than or equal to ${MAX_TAG_VALUE_LENGTH}`,
        },
      ]);
    }
    return { Key: key, Value: value };
  });
}

/** Later tags win over earlier ones with the same key. */
export function mergeTags(current: EventsTag[], added: EventsTag[]): EventsTag[] {
  const merged = new Map(current.map((tag) => [tag.Key, tag.Value]));
  for (const tag of added) merged.set(tag.Key, tag.Value);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

interface TaggedResource {
  tags: EventsTag[];
  save(tags: EventsTag[]): Promise<void>;
}

export function tagOperations(store: EventsStore, clock: Clock): Record<string, OperationHandler> {
  function resource(arnValue: unknown): TaggedResource {
    const arn = typeof arnValue === 'string' ? arnValue : '';
    if (!arn) throw constraintViolations([{ member: 'resourceARN', value: 'null', constraint: 'Member must not be null' }]);
    const rule = parseRuleArn(arn);
    if (rule) {
      const key = { accountId: rule.accountId, region: rule.region, busName: rule.busName, name: rule.name };
      const record = store.getRule(key);
      if (!record) throw RuleNotFound(rule.name, rule.busName);
      return { tags: record.tags, save: (tags) => store.setRuleTags(key, tags) };
    }
    const bus = parseBusArn(arn);
    if (bus) {
      const record =
        bus.name === DEFAULT_BUS
          ? defaultBus(store, bus.accountId, bus.region)
          : store.getBus({ accountId: bus.accountId, region: bus.region, name: bus.name });
      if (!record) throw EventBusNotFound(bus.name);
      return {
        tags: record.tags,
        save: (tags) => {
          const nowMs = clock.now();
          return store.putBus({ ...record, tags, createdAtMs: record.createdAtMs || nowMs, lastModifiedAtMs: nowMs });
        },
      };
    }
    throw ResourceNotFoundException(`Resource ${arn} does not exist.`);
  }

  return {
    async TagResource(input) {
      const target = resource(input.ResourceARN);
      await target.save(mergeTags(target.tags, validTags(input.Tags)));
      return {};
    },
    async UntagResource(input) {
      const target = resource(input.ResourceARN);
      const removed = new Set(Array.isArray(input.TagKeys) ? input.TagKeys.map(String) : []);
      await target.save(target.tags.filter((tag) => !removed.has(tag.Key)));
      return {};
    },
    ListTagsForResource(input) {
      return { Tags: resource(input.ResourceARN).tags };
    },
  };
}
