/** When a schedule fires first and next, from its stored fields (pure). */
import type { ScheduleRecord } from '../../store/scheduler-store.ts';
import { firstFireAtOrAfter, parseSchedulerExpression, type FireWindow } from './schedule-expression.ts';

type Timing = Pick<ScheduleRecord, 'scheduleExpression' | 'timezone' | 'state' | 'startMs' | 'endMs' | 'lastModifiedAtMs'>;

/** Rates count from StartDate, else from the last write of the schedule (an update restarts the rate). */
const fireWindow = (schedule: Timing): FireWindow => ({
  anchorMs: schedule.startMs ?? schedule.lastModifiedAtMs,
  startMs: schedule.startMs,
  endMs: schedule.endMs,
});

/** The first fire of a schedule just written at `nowMs`; undefined when disabled or it never fires. */
export function firstFire(schedule: Timing, nowMs: number): number | undefined {
  if (schedule.state !== 'ENABLED') return undefined;
  const parsed = parseSchedulerExpression(schedule.scheduleExpression, schedule.timezone ?? 'UTC');
  return parsed ? firstFireAtOrAfter(parsed, fireWindow(schedule), nowMs) : undefined;
}

/**
 * The fire after the one due at `dueMs`, handled at `nowMs`: windows missed while Onward was down collapse
 * into the fire that just ran, so the next one is the first strictly after now.
 */
export function nextFire(schedule: Timing, dueMs: number, nowMs: number): number | undefined {
  const parsed = parseSchedulerExpression(schedule.scheduleExpression, schedule.timezone ?? 'UTC');
  return parsed ? firstFireAtOrAfter(parsed, fireWindow(schedule), Math.max(dueMs, nowMs) + 1) : undefined;
}
