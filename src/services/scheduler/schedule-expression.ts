/**
 * Scheduler's schedule expressions: `at(yyyy-mm-ddThh:mm:ss)` (one-time), `rate(N unit)` and AWS's six-field
 * `cron(...)`, evaluated in the schedule's time zone (`ScheduleExpressionTimezone`, UTC by default).
 * Rates and crons are validated by EventBridge's rule parser (the same grammar); crons then run on croner
 * in the schedule's zone, so daylight-saving changes move them as AWS does.
 */
import { Cron } from 'croner';
import { parseScheduleExpression as parseRuleExpression } from '../events/schedule-expression.ts';

export type SchedulerSchedule = { kind: 'at'; atMs: number } | { kind: 'rate'; periodMs: number } | { kind: 'cron'; cron: Cron };

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

/** Whether the IANA time zone name is one this machine knows (AWS takes the IANA names too). */
export function isKnownTimezone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The parsed expression, or undefined when it is not valid. `timeZone` must be known (isKnownTimezone). */
export function parseSchedulerExpression(expression: string, timeZone = 'UTC'): SchedulerSchedule | undefined {
  const at = AT.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
    const wall = new Date(wallMs);
    // Date.UTC rolls 2030-02-30 over to March: a date that does not come back as written is not valid.
    if (
      wall.getUTCFullYear() !== year ||
      wall.getUTCMonth() !== month - 1 ||
      wall.getUTCDate() !== day ||
      hour > 23 ||
      minute > 59 ||
      second > 59
    ) {
      return undefined;
    }
    return { kind: 'at', atMs: zonedWallTimeToUtcMs(wallMs, timeZone) };
  }
  const rule = parseRuleExpression(expression);
  if (!rule) return undefined;
  if (rule.kind === 'rate') return rule;
  const fields = /^cron\((.*)\)$/.exec(expression)![1]!.trim().split(/\s+/);
  return {
    kind: 'cron',
    cron: new Cron(`0 ${fields.join(' ')}`, {
      mode: '7-part',
      alternativeWeekdays: true,
      sloppyRanges: true,
      timezone: timeZone,
      paused: true,
    }),
  };
}

/** How far the zone's wall clock is ahead of UTC at `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((part) => [part.type, part.value]));
  const wallMs = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wallMs - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant at which the zone's clocks show `wallMs` (read as UTC fields). */
export function zonedWallTimeToUtcMs(wallMs: number, timeZone: string): number {
  const first = zoneOffsetMs(wallMs, timeZone);
  const utcMs = wallMs - first;
  const second = zoneOffsetMs(utcMs, timeZone);
  return second === first ? utcMs : wallMs - second;
}

export interface FireWindow {
  /** Rates count their periods from here (StartDate, else when the schedule was written). */
  anchorMs: number;
  startMs?: number;
  endMs?: number;
}

/**
 * The first fire time at or after `fromMs` within [StartDate, EndDate], or undefined when the schedule
 * never fires again. A rate fires at its anchor and every period after it (AWS: a rate schedule without
 * StartDate starts at once).
 */
export function firstFireAtOrAfter(schedule: SchedulerSchedule, window: FireWindow, fromMs: number): number | undefined {
  const from = Math.max(fromMs, window.startMs ?? fromMs);
  let fireMs: number | undefined;
  if (schedule.kind === 'at') {
    fireMs = schedule.atMs >= from ? schedule.atMs : undefined;
  } else if (schedule.kind === 'rate') {
    const periods = Math.max(0, Math.ceil((from - window.anchorMs) / schedule.periodMs));
    fireMs = window.anchorMs + periods * schedule.periodMs;
  } else {
    let next = schedule.cron.nextRun(new Date(from - 1000))?.getTime();
    while (next !== undefined && next < from) next = schedule.cron.nextRun(new Date(next))?.getTime();
    fireMs = next;
  }
  if (fireMs === undefined || (window.endMs !== undefined && fireMs > window.endMs)) return undefined;
  return fireMs;
}
