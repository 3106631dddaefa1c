import { describe, expect, it } from 'vitest';
import { InvocationLog } from './invocation-log.ts';

describe('InvocationLog', () => {
  it('keeps every line within its budget', () => {
    const log = new InvocationLog(100);
    for (const line of ['START', 'a', 'b', 'END']) log.add(line);
    expect(log.text()).toBe('START\na\nb\nEND\n');
  });

  it('keeps the first line and the latest lines when over budget, saying how many were left out', () => {
    const log = new InvocationLog(10);
    log.add('START');
    for (let i = 0; i < 5_000; i++) log.add(`l${i}`);
    log.add('END');
    expect(log.text()).toBe(
      'START\n[Onward: 4999 lines of this invocation are left out here; the log stream has them]\nl4999\nEND\n',
    );
  });

  it('is empty before its first line', () => {
    expect(new InvocationLog(10).text()).toBe('');
  });
});
