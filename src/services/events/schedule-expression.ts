/**
 * Schedule expressions of rules: `rate(N unit)` and AWS's six-field `cron(...)`, validated as AWS does
 * and evaluated in UTC. AWS cron is run by croner after a translation (seconds field added, 1 = Sunday).
 */
import { Cron } from 'croner';

export type Schedule = { kind: 'rate'; periodMs: number } | { kind: 'cron'; cron: Cron };

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const CRON_OPTIONS = {
  mode: '7-part',
  alternativeWeekdays: true,
  sloppyRanges: true,
  timezone: 'UTC',
  paused: true,
} as const;

const cache = new Map<string, Schedule>();

/** The parsed schedule, or undefined when AWS would answer `Parameter ScheduleExpression is not valid.` */
export function parseScheduleExpression(expression: string): Schedule | undefined {
  const cached = cache.get(expression);
  if (cached) return cached;
  const schedule = parse(expression);
  if (schedule) cache.set(expression, schedule);
  return schedule;
}

function parse(expression: string): Schedule | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const count = Number(rate[1]);
    const unit = rate[2]!;
    const plural = unit.endsWith('s');
    if (count < 1 || (count === 1) === plural) return undefined;
    return { kind: 'rate', periodMs: count * UNIT_MS[plural ? unit.slice(0, -1) : unit]! };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return undefined;
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [, , dayOfMonth, , dayOfWeek] = fields as [string, string, string, string, string, string];
  // One of day-of-month and day-of-week must be `?`, not both.
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return undefined;
  try {
    return { kind: 'cron', cron: new Cron(`0 ${fields.join(' ')}`, CRON_OPTIONS) };
  } catch {
    return undefined;
  }
}

/** The first fire time strictly after `afterMs` (rates count from `anchorMs`); undefined if it never fires again. */
export function nextFireAfter(schedule: Schedule, anchorMs: number, afterMs: number): number | undefined {
  if (schedule.kind === 'rate') {
    const periods = Math.max(1, Math.floor((afterMs - anchorMs) / schedule.periodMs) + 1);
    return anchorMs + periods * schedule.periodMs;
  }
  return schedule.cron.nextRun(new Date(afterMs))?.getTime();
}
