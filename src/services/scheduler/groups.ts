/** Schedule groups as the operations see them: the `default` group exists in every account and region. */
import type { ScheduleGroupRecord, SchedulerStore } from '../../store/scheduler-store.ts';
import { DEFAULT_GROUP } from './arns.ts';

/** The stored group, or the implicit default group (dated now until something is stored for it). */
export function findGroup(
  store: SchedulerStore,
  accountId: string,
  region: string,
  name: string,
  nowMs: number,
): ScheduleGroupRecord | undefined {
  const stored = store.getGroup({ accountId, region, name });
  if (stored || name !== DEFAULT_GROUP) return stored;
  return { accountId, region, name, tags: [], createdAtMs: nowMs, lastModifiedAtMs: nowMs };
}

/** Every group of an account and region by name, the default one included. */
export function allGroups(store: SchedulerStore, accountId: string, region: string, nowMs: number): ScheduleGroupRecord[] {
  const groups = store.listGroups(accountId, region);
  if (!groups.some((group) => group.name === DEFAULT_GROUP))
    groups.push(findGroup(store, accountId, region, DEFAULT_GROUP, nowMs)!);
  return groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
