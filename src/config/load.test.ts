import { describe, expect, it } from 'vitest';
import { ConfigError, optionsFromEnvironment, resolveOptions } from './load.ts';

describe('options', () => {
  it('defaults to LocalStack-compatible settings', () => {
    expect(resolveOptions()).toEqual({
      port: 4566,
      host: '127.0.0.1',
      dataDir: './.onward',
      clockMode: 'real',
      timeScale: 1,
      region: 'us-east-1',
      accountId: '000000000000',
      logRequests: false,
      invocationRetentionHours: 24,
      invocationRetentionCount: 10_000,
    });
  });

  it('layers environment under flags', () => {
    const env = optionsFromEnvironment({ ONWARD_PORT: '5000', ONWARD_TIME_SCALE: '60', ONWARD_HOST: '' });
    expect(env).toEqual({ port: '5000', timeScale: '60' });
    expect(resolveOptions(env, { port: '6000' })).toMatchObject({ port: 6000, clockMode: 'scaled', timeScale: 60 });
  });

  it.each([
    [{ port: '70000' }, 'Invalid port "70000"'],
    [{ timeScale: '0' }, 'Invalid time scale "0"'],
    [{ clock: 'fast' }, 'Invalid clock "fast"'],
    [{ clock: 'manual', timeScale: '2' }, '--clock manual and --time-scale exclude each other'],
    [{ accountId: '42' }, 'Invalid account id "42"'],
    [{ invocationRetentionHours: '0' }, 'Invalid invocation retention hours "0"'],
    [{ invocationRetentionCount: '1.5' }, 'Invalid invocation retention count "1.5"'],
  ])('refuses %j', (raw, message) => {
    expect(() => resolveOptions(raw)).toThrow(ConfigError);
    expect(() => resolveOptions(raw)).toThrow(message);
  });
});
