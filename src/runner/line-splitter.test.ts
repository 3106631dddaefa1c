import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.ts';

describe('LineSplitter', () => {
  it('joins chunks into lines and keeps the unfinished rest', () => {
    const splitter = new LineSplitter(100);
    expect(splitter.push('a\nb')).toEqual(['a']);
    expect(splitter.push('c\r\n\nd\re')).toEqual(['bc', '']);
    expect(splitter.flush()).toEqual(['d\re']);
    expect(splitter.flush()).toEqual([]);
  });

  it('cuts lines longer than the limit, finished or not', () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push('abcdefghij\n')).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitter.push('0123456789')).toEqual(['0123', '4567']);
    expect(splitter.flush()).toEqual(['89']);
  });
});
