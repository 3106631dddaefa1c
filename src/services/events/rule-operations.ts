/** Rules: PutRule (replace semantics), Describe/List/Delete, Enable/Disable, ListRuleNamesByTarget, TestEventPattern. */
import type { Clock } from '../../clock/clock.ts';
import type { EventRuleKey, EventRuleRecord, EventsStore } from '../../store/events-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { busNameOf, DEFAULT_BUS, ruleArn } from './arns.ts';
import {
  constraintViolations,
  EventBusNotFound,
  NAME_CONSTRAINT,
  NAME_PATTERN,
  RuleNotFound,
  ValidationException,
} from './errors.ts';
import type { EventRouter } from './event-router.ts';
import { page } from './paging.ts';
import { compilePatternText } from './pattern-text.ts';
import { parseScheduleExpression } from './schedule-expression.ts';
import { validTags } from './tag-operations.ts';

const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];
const MAX_RULE_NAME_LENGTH = 64;
const MAX_PATTERN_LENGTH = 4096;
const MAX_SCHEDULE_LENGTH = 256;
const MAX_DESCRIPTION_LENGTH = 512;
const MAX_ROLE_ARN_LENGTH = 1600;
/** Fields a TestEventPattern event must carry to be an event envelope. */
const ENVELOPE_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

export interface RuleChangeListener {
  /** A rule was created, replaced, enabled, disabled or deleted. */
  ruleChanged(key: EventRuleKey): void;
}

const optionalText = (input: Record<string, unknown>, name: string): string | undefined => {
  const value = input[name];
  return value === undefined || value === null ? undefined : String(value);
};

type Violation = { member: string; value: unknown; constraint: string };

function lengthViolation(member: string, value: string | undefined, max: number): Violation[] {
  return value !== undefined && value.length > max
    ? [{ member, value, constraint: `Member must have length less than or equal to ${max}` }]
    : [];
}

/** A rule name member: required, AWS's pattern and length. */
export function ruleName(input: Record<string, unknown>, member = 'Name', wireMember = 'name'): string {
  const name = optionalText(input, member);
  if (name === undefined)
    throw constraintViolations([{ member: wireMember, value: 'null', constraint: 'Member must not be null' }]);
  const violations: Violation[] = [];
  if (!NAME_PATTERN.test(name)) violations.push({ member: wireMember, value: name, constraint: NAME_CONSTRAINT });
  violations.push(...lengthViolation(wireMember, name, MAX_RULE_NAME_LENGTH));
  if (name.length === 0)
    violations.push({ member: wireMember, value: name, constraint: 'Member must have length greater than or equal to 1' });
  if (violations.length > 0) throw constraintViolations(violations);
  return name;
}

export function ruleView(rule: EventRuleRecord, withCreatedBy: boolean): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: ruleArn(rule.region, rule.accountId, rule.busName, rule.name),
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    EventBusName: rule.busName,
    ...(withCreatedBy ? { CreatedBy: rule.createdBy } : {}),
  };
}

export function ruleOperations(
  store: EventsStore,
  clock: Clock,
  router: EventRouter,
  listener: RuleChangeListener,
): Record<string, OperationHandler> {
  function existingBus(input: Record<string, unknown>, request: RequestContext): string {
    const busName = busNameOf(optionalText(input, 'EventBusName'));
    if (!router.busExists(request.accountId, request.region, busName)) throw EventBusNotFound(busName);
    return busName;
  }

  function existingRule(input: Record<string, unknown>, request: RequestContext): EventRuleRecord {
    const name = ruleName(input);
    const busName = busNameOf(optionalText(input, 'EventBusName'));
    const rule = store.getRule({ accountId: request.accountId, region: request.region, busName, name });
    if (!rule) throw RuleNotFound(name, busName);
    return rule;
  }

  async function setState(input: Record<string, unknown>, request: RequestContext, state: string) {
    const rule = existingRule(input, request);
    await store.putRule({ ...rule, state });
    listener.ruleChanged(rule);
    return {};
  }

  return {
    async PutRule(input, request) {
      const name = ruleName(input);
      const eventPattern = optionalText(input, 'EventPattern');
      const scheduleExpression = optionalText(input, 'ScheduleExpression');
      const state = optionalText(input, 'State') ?? 'ENABLED';
      const description = optionalText(input, 'Description');
      const roleArn = optionalText(input, 'RoleArn');
      const violations: Violation[] = [
        ...lengthViolation('eventPattern', eventPattern, MAX_PATTERN_LENGTH),
        ...lengthViolation('scheduleExpression', scheduleExpression, MAX_SCHEDULE_LENGTH),
        ...(RULE_STATES.includes(state)
          ? []
          : [{ member: 'state', value: state, constraint: `Member must satisfy enum value set: [${RULE_STATES.join(', ')}]` }]),
        ...lengthViolation('description', description, MAX_DESCRIPTION_LENGTH),
        ...lengthViolation('roleArn', roleArn, MAX_ROLE_ARN_LENGTH),
      ];
      if (violations.length > 0) throw constraintViolations(violations);
      const busName = existingBus(input, request);
      if (eventPattern === undefined && scheduleExpression === undefined) {
        throw ValidationException('Parameter(s) EventPattern or ScheduleExpression must be specified.');
      }
      if (scheduleExpression !== undefined) {
        if (busName !== DEFAULT_BUS) throw ValidationException('ScheduleExpression is supported only on the default event bus.');
        if (!parseScheduleExpression(scheduleExpression)) throw ValidationException('Parameter ScheduleExpression is not valid.');
      }
      if (eventPattern !== undefined) compilePatternText(eventPattern);
      const tags = validTags(input.Tags);
      const key = { accountId: request.accountId, region: request.region, busName, name };
      const existing = store.getRule(key);
      const nowMs = clock.now();
      const sameSchedule = existing?.scheduleExpression === scheduleExpression;
      // A re-put replaces every field (omitted ones become empty) but keeps targets and tags.
      await store.putRule({
        ...key,
        eventPattern,
        scheduleExpression,
        state,
        description,
        roleArn,
        createdBy: existing?.createdBy ?? request.accountId,
        tags: existing ? existing.tags : tags,
        targets: existing?.targets ?? [],
        createdAtMs: sameSchedule && existing ? existing.createdAtMs : nowMs,
        nextFireAtMs: sameSchedule ? existing?.nextFireAtMs : undefined,
        lastFireAtMs: sameSchedule ? existing?.lastFireAtMs : undefined,
      });
      listener.ruleChanged(key);
      return { RuleArn: ruleArn(request.region, request.accountId, busName, name) };
    },

    DescribeRule(input, request) {
      return ruleView(existingRule(input, request), true);
    },

    ListRules(input, request) {
      const busName = existingBus(input, request);
      const prefix = optionalText(input, 'NamePrefix') ?? '';
      const rules = store.listRules(request.accountId, request.region, busName).filter((rule) => rule.name.startsWith(prefix));
      const { items, nextToken } = page(rules, input);
      return { Rules: items.map((rule) => ruleView(rule, false)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    async DeleteRule(input, request) {
      const name = ruleName(input);
      const busName = busNameOf(optionalText(input, 'EventBusName'));
      const key = { accountId: request.accountId, region: request.region, busName, name };
      const rule = store.getRule(key);
      // Deleting a rule that does not exist succeeds.
      if (!rule) return {};
      if (rule.targets.length > 0 && input.Force !== true)
        throw ValidationException("Rule can't be deleted since it has targets.");
      await store.deleteRule(key);
      listener.ruleChanged(key);
      return {};
    },

    EnableRule: (input, request) => setState(input, request, 'ENABLED'),
    DisableRule: (input, request) => setState(input, request, 'DISABLED'),

    ListRuleNamesByTarget(input, request) {
      const targetArn = optionalText(input, 'TargetArn');
      if (targetArn === undefined) {
        throw constraintViolations([{ member: 'targetArn', value: 'null', constraint: 'Member must not be null' }]);
      }
      const busName = existingBus(input, request);
      const names = store
        .listRules(request.accountId, request.region, busName)
        .filter((rule) => rule.targets.some((target) => target.Arn === targetArn))
        .map((rule) => rule.name);
      const { items, nextToken } = page(names, input);
      return { RuleNames: items, ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    TestEventPattern(input) {
      const patternText = optionalText(input, 'EventPattern');
      const eventText = optionalText(input, 'Event');
      if (patternText === undefined || eventText === undefined) {
        throw constraintViolations([
          { member: patternText === undefined ? 'eventPattern' : 'event', value: 'null', constraint: 'Member must not be null' },
        ]);
      }
      let event: unknown;
      try {
        event = JSON.parse(eventText);
      } catch {
        throw ValidationException('Parameter Event is not valid.');
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event))
        throw ValidationException('Parameter Event is not valid.');
      if (!ENVELOPE_FIELDS.every((field) => Object.hasOwn(event as object, field))) {
        throw ValidationException('Parameter Event is not valid.');
      }
      return { Result: compilePatternText(patternText).matches(event) };
    },
  };
}
