import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from './filter-pattern.ts';

describe('filter patterns', () => {
  it.each([
    ['', 'anything', true],
    ['ERROR', '2026 req ERROR boom', true],
    ['ERROR', 'error in lower case', false],
    ['ERROR boom', 'ERROR: boom happened', true],
    ['ERROR boom', 'ERROR only', false],
    ['"Task timed out"', 'x Task timed out after 3.00 seconds', true],
    ['"Task timed out"', 'Task was timed out', false],
    ['?ERROR ?WARN', 'a WARN line', true],
    ['?ERROR ?WARN', 'an INFO line', false],
    ['REPORT -Init', 'REPORT RequestId: 1 Duration: 2 ms', true],
    ['REPORT -Init', 'REPORT RequestId: 1 Init Duration: 2 ms', false],
  ])('%j on %j -> %s', (pattern, message, expected) => {
    expect(compileFilterPattern(pattern)(message)).toBe(expected);
  });

  it('refuses JSON and space-delimited patterns instead of misreading them', () => {
    expect(() => compileFilterPattern('{ $.level = "ERROR" }')).toThrow(/not implemented/);
    expect(() => compileFilterPattern('[ip, user]')).toThrow(/not implemented/);
  });
});
