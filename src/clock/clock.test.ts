import { describe, expect, it } from 'vitest';
import { ManualClock, RealClock } from './clock.ts';

describe('ManualClock', () => {
  it('runs due tasks in time order, each at its own time, before the advance resolves', async () => {
    const clock = new ManualClock(1_000_000);
    const seen: Array<[string, number]> = [];
    clock.at(1_030_000, () => seen.push(['b', clock.now()]));
    clock.at(1_010_000, () => {
      seen.push(['a', clock.now()]);
      // A task scheduled by a task runs in the same advance if it falls due within it.
      clock.at(1_020_000, () => seen.push(['a2', clock.now()]));
    });
    const cancelled = clock.at(1_015_000, () => seen.push(['never', clock.now()]));
    cancelled.cancel();
    clock.at(2_000_000, () => seen.push(['later', clock.now()]));
    await clock.advance(60);
    expect(seen).toEqual([
      ['a', 1_010_000],
      ['a2', 1_020_000],
      ['b', 1_030_000],
    ]);
    expect(clock.now()).toBe(1_060_000);
  });

  it('waits for asynchronous tasks and serialises concurrent advances', async () => {
    const clock = new ManualClock(0);
    const order: string[] = [];
    clock.at(1_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('slow task');
    });
    await Promise.all([
      clock.advance(1).then(() => order.push('first advance')),
      clock.advance(1).then(() => order.push('second advance')),
    ]);
    expect(order).toEqual(['slow task', 'first advance', 'second advance']);
    expect(clock.now()).toBe(2_000);
  });

  it('lets client I/O waits last their real seconds', () => {
    expect(new ManualClock().ioWaitMs(20)).toBe(20_000);
  });
});

describe('RealClock', () => {
  it('runs time N times faster when scaled, and shortens waits the same', async () => {
    const clock = new RealClock(1000);
    const startMs = clock.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now() - startMs).toBeGreaterThanOrEqual(20 * 1000 - 1000);
    expect(clock.ioWaitMs(20)).toBe(20);
    expect(clock.mode).toBe('scaled');
  });

  it('fires a timer once the clock reaches it', async () => {
    const clock = new RealClock(1000);
    const fired = await new Promise<number>((resolve) => {
      const target = clock.now() + 5_000;
      clock.at(target, () => resolve(clock.now() - target));
    });
    expect(fired).toBeGreaterThanOrEqual(0);
  });

  it('never starts before a persisted time', () => {
    const future = Date.now() + 3_600_000;
    expect(new RealClock(1, future).now()).toBeGreaterThanOrEqual(future);
  });
});
