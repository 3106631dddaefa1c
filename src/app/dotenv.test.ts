import { describe, expect, it } from 'vitest';
import { parseDotenv } from './dotenv.ts';

describe('.env files', () => {
  it('reads KEY=value lines, export, quotes and comments', () => {
    expect(
      parseDotenv(
        '# comment\nA=1\nexport B = two \nC="three # not a comment"\nD=\'four\'\nE=five # comment\nF="a\\nb"\nnot a line\n\n',
      ),
    ).toEqual({
      A: '1',
      B: 'two',
      C: 'three # not a comment',
      D: 'four',
      E: 'five',
      F: 'a\nb',
    });
  });
});
