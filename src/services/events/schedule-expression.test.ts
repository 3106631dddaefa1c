import { describe, expect, it } from 'vitest';
import { nextFireAfter, parseScheduleExpression } from './schedule-expression.ts';

describe('parseScheduleExpression', () => {
  it.each([
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'cron(0 10 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(15 10 ? * 6L 2002-2005)',
    'cron(0 2 ? * SAT#3 *)',
    'cron(0 0 L * ? *)',
  ])('accepts %s', (expression) => {
    expect(parseScheduleExpression(expression)).toBeDefined();
  });

  it.each([
    'rate(1 minutes)',
    'rate(2 minute)',
    'rate(0 minutes)',
    'rate(1 second)',
    'rate(1.5 hours)',
    'rate(5minutes)',
    'cron(0 1 * * * *)',
    'cron(0 1 ? * ? *)',
    'cron(71 8 1 * ? *)',
    'cron(7 20 * * NOT *)',
    'cron(0 10 * * ?)',
    'cron(0 0 10 * * ? *)',
    'at(2024-01-01T00:00:00)',
    '',
  ])('refuses %s', (expression) => {
    expect(parseScheduleExpression(expression)).toBeUndefined();
  });
});

describe('nextFireAfter', () => {
  const t0 = Date.parse('2026-11-22T17:00:30Z');

  it('counts rate windows from the anchor', () => {
    const rate = parseScheduleExpression('rate(5 minutes)')!;
    expect(nextFireAfter(rate, t0, t0)).toBe(t0 + 300_000);
    expect(nextFireAfter(rate, t0, t0 + 300_000)).toBe(t0 + 600_000);
    expect(nextFireAfter(rate, t0, t0 + 301_000)).toBe(t0 + 600_000);
    // Long after: the first window after now, not every missed one.
    expect(nextFireAfter(rate, t0, t0 + 3_600_000 + 1)).toBe(t0 + 3_900_000);
  });

  it('finds the next cron match in UTC, 1 = Sunday', () => {
    const quarter = parseScheduleExpression('cron(0/15 * * * ? *)')!;
    expect(new Date(nextFireAfter(quarter, t0, t0)!).toISOString()).toBe('2026-11-22T17:15:00.000Z');
    const sunday = parseScheduleExpression('cron(0 9 ? * 1 *)')!;
    expect(new Date(nextFireAfter(sunday, t0, t0)!).toISOString()).toBe('2026-11-29T09:00:00.000Z');
    const weekdays = parseScheduleExpression('cron(0 18 ? * MON-FRI *)')!;
    expect(new Date(nextFireAfter(weekdays, t0, t0)!).toISOString()).toBe('2026-11-23T18:00:00.000Z');
  });

  it('ends a cron schedule whose years are over', () => {
    const past = parseScheduleExpression('cron(15 10 ? * 6L 2002-2005)')!;
    expect(nextFireAfter(past, t0, t0)).toBeUndefined();
  });
});
