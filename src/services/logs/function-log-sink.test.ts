import { describe, expect, it } from 'vitest';
import { colourFor, terminalLine } from './function-log-sink.ts';

describe('terminal lines of function output', () => {
  it('prefixes every line with the function name, dropping one trailing line break', () => {
    expect(terminalLine('pay', 'START RequestId: 1', false)).toBe('pay | START RequestId: 1');
    expect(terminalLine('pay', 'a\nb\n', false)).toBe('pay | a\npay | b');
    expect(terminalLine('pay', 'one\n', false)).toBe('pay | one');
  });

  it('colours the name on a terminal that shows colours', () => {
    expect(terminalLine('pay', 'x', true)).toBe(`\u001b[${colourFor('pay')}mpay\u001b[0m | x`);
  });
});
