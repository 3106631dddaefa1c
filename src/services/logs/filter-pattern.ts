/**
 * CloudWatch Logs filter patterns for unstructured events: terms that must all appear (a quoted term is
 * one phrase), `?term` of which at least one must appear, and `-term` that must not. JSON (`{ $.x = 1 }`)
 * and space-delimited (`[a, b]`) patterns are not implemented and are refused rather than misread.
 */
import { InvalidParameterException } from './errors.ts';

export type EventMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw InvalidParameterException(
      `Onward implements term filter patterns ("a b", "?a ?b", "-a", quoted phrases); JSON and space-delimited patterns are not implemented: ${text}`,
    );
  }
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  for (const match of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
    if (match[1] === '?') optional.push(term);
    else if (match[1] === '-') excluded.push(term);
    else required.push(term);
  }
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}
