/** The `wildcard` operator: `*` matches any run of characters, `\*` a literal star, `\\` a backslash. */
import { InvalidEventPatternError } from './invalid-event-pattern-error.ts';

/** More wildcards than this makes AWS answer "Rule is too complex" (AWS accepts 2, rejects 6; ruler's limit lies between). */
const MAX_WILDCARDS = 5;

export type WildcardMatcher = (value: string) => boolean;

export function compileWildcard(pattern: string): WildcardMatcher {
  // Literal pieces between unescaped stars.
  const pieces: string[] = [];
  let current = '';
  let stars = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new InvalidEventPatternError(`Invalid escape character at pos ${i}`);
      }
      current += next;
      i++;
    } else if (char === '*') {
      if (pattern[i + 1] === '*') throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${i + 1}`);
      pieces.push(current);
      current = '';
      stars++;
    } else {
      current += char;
    }
  }
  pieces.push(current);
  if (stars > MAX_WILDCARDS) {
    throw new InvalidEventPatternError(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
  if (stars === 0) return (value) => value === current;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  return (value) => {
    if (value.length < first.length + last.length) return false;
    if (!value.startsWith(first) || !value.endsWith(last)) return false;
    // Greedy left-to-right placement of the middle pieces is optimal for `*`-only globs.
    let position = first.length;
    const end = value.length - last.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, position);
      if (found < 0 || found + piece.length > end) return false;
      position = found + piece.length;
    }
    return true;
  };
}
