/** PutTargets, RemoveTargets, ListTargetsByRule. */
import type { EventRuleRecord, EventsStore } from '../../store/events-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { busNameOf } from './arns.ts';
import { constraintViolations, EventBusNotFound, LimitExceededException, RuleNotFound } from './errors.ts';
import type { EventRouter } from './event-router.ts';
import { page } from './paging.ts';
import { ruleName } from './rule-operations.ts';
import { checkTargets } from './target-validation.ts';

const MAX_TARGETS_PER_RULE = 5;

export function targetOperations(store: EventsStore, router: EventRouter): Record<string, OperationHandler> {
  function existingRule(input: Record<string, unknown>, request: RequestContext): EventRuleRecord {
    const name = ruleName(input, 'Rule', 'rule');
    const busName = busNameOf(typeof input.EventBusName === 'string' ? input.EventBusName : undefined);
    if (!router.busExists(request.accountId, request.region, busName)) throw EventBusNotFound(busName);
    const rule = store.getRule({ accountId: request.accountId, region: request.region, busName, name });
    if (!rule) throw RuleNotFound(name, busName);
    return rule;
  }

  return {
    async PutTargets(input, request) {
      const rule = existingRule(input, request);
      const { accepted, failed } = checkTargets(input.Targets);
      const targets = [...rule.targets];
      for (const target of accepted) {
        const index = targets.findIndex((existing) => existing.Id === target.Id);
        if (index >= 0) targets[index] = target;
        else targets.push(target);
      }
      if (targets.length > MAX_TARGETS_PER_RULE) throw LimitExceededException();
      if (accepted.length > 0) await store.setTargets(rule, targets);
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },

    async RemoveTargets(input, request) {
      const rule = existingRule(input, request);
      if (!Array.isArray(input.Ids))
        throw constraintViolations([{ member: 'ids', value: 'null', constraint: 'Member must not be null' }]);
      const ids = new Set(input.Ids.map(String));
      if (ids.size < 1 || input.Ids.length > 100) {
        throw constraintViolations([
          {
            member: 'ids',
            value: `[${input.Ids.map(String).join(', ')}]`,
            constraint:
              ids.size < 1
                ? 'Member must have length greater than or equal to 1'
                : 'Member must have length less than or equal to 100',
          },
        ]);
      }
      await store.setTargets(
        rule,
        rule.targets.filter((target) => !ids.has(target.Id)),
      );
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    ListTargetsByRule(input, request) {
      const rule = existingRule(input, request);
      const { items, nextToken } = page(rule.targets, input);
      return { Targets: items, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  };
}
