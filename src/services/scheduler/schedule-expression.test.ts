import { describe, expect, it } from 'vitest';
import { firstFireAtOrAfter, isKnownTimezone, parseSchedulerExpression, zonedWallTimeToUtcMs } from './schedule-expression.ts';

const utc = (text: string): number => Date.parse(`${text}Z`);

describe('scheduler schedule expressions', () => {
  it('reads at() in UTC and in a time zone, daylight saving included', () => {
    expect(parseSchedulerExpression('at(2030-01-15T10:00:00)')).toEqual({ kind: 'at', atMs: utc('2030-01-15T10:00:00') });
    // New York is UTC-5 in January and UTC-4 in July.
    expect(parseSchedulerExpression('at(2030-01-15T10:00:00)', 'America/New_York')).toEqual({
      kind: 'at',
      atMs: utc('2030-01-15T15:00:00'),
    });
    expect(parseSchedulerExpression('at(2030-07-15T10:00:00)', 'America/New_York')).toEqual({
      kind: 'at',
      atMs: utc('2030-07-15T14:00:00'),
    });
    expect(zonedWallTimeToUtcMs(utc('2030-07-15T10:00:00'), 'Asia/Kolkata')).toBe(utc('2030-07-15T04:30:00'));
  });

  it('rejects what AWS rejects', () => {
    for (const bad of [
      'at(2030-02-30T10:00:00)',
      'at(2030-01-15 10:00:00)',
      'at(2030-01-15T24:00:00)',
      'rate(1 minutes)',
      'rate(0 minutes)',
      'cron(0 10 * * * *)',
      'every 5 minutes',
      '',
    ]) {
      expect(parseSchedulerExpression(bad), bad).toBeUndefined();
    }
    expect(isKnownTimezone('Europe/Paris')).toBe(true);
    expect(isKnownTimezone('Mars/Olympus')).toBe(false);
  });

  it('fires a rate at its anchor and every period after, within start and end', () => {
    const rate = parseSchedulerExpression('rate(5 minutes)')!;
    const anchorMs = utc('2030-01-01T00:00:00');
    expect(firstFireAtOrAfter(rate, { anchorMs }, anchorMs)).toBe(anchorMs);
    expect(firstFireAtOrAfter(rate, { anchorMs }, anchorMs + 1)).toBe(anchorMs + 300_000);
    expect(firstFireAtOrAfter(rate, { anchorMs, endMs: anchorMs + 299_999 }, anchorMs + 1)).toBeUndefined();
  });

  it('evaluates cron in the schedule zone and at() once', () => {
    const cron = parseSchedulerExpression('cron(0 9 * * ? *)', 'Europe/Paris')!;
    const from = utc('2030-01-15T12:00:00');
    expect(firstFireAtOrAfter(cron, { anchorMs: from }, from)).toBe(utc('2030-01-16T08:00:00'));
    expect(firstFireAtOrAfter(cron, { anchorMs: from, startMs: utc('2030-07-01T00:00:00') }, from)).toBe(
      utc('2030-07-01T07:00:00'),
    );
    const exact = utc('2030-01-16T08:00:00');
    expect(firstFireAtOrAfter(cron, { anchorMs: from }, exact)).toBe(exact);
    const at = parseSchedulerExpression('at(2030-01-15T10:00:00)')!;
    expect(firstFireAtOrAfter(at, { anchorMs: 0 }, utc('2030-01-15T10:00:00'))).toBe(utc('2030-01-15T10:00:00'));
    expect(firstFireAtOrAfter(at, { anchorMs: 0 }, utc('2030-01-15T10:00:01'))).toBeUndefined();
  });
});
