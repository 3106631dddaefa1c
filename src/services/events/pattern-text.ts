/**
 * An EventPattern member (JSON text) compiled with AWS's InvalidEventPatternException reasons, including
 * the JSON parser's own wording for text that is not JSON.
 */
import { compileEventPattern, InvalidEventPatternError, type CompiledPattern } from '../../patterns/event-pattern.ts';
import { InvalidEventPatternException } from './errors.ts';

const JSON_VALUE_START = /^[\s]*[{["\-0-9]|^[\s]*(true|false|null)\b/;

/** The parser's complaint, in the words of the JSON library AWS uses. */
function jsonReason(text: string): string {
  const trimmed = text.trimStart();
  if (!JSON_VALUE_START.test(text)) {
    const token = /^[^\s{}[\],:"]+/.exec(trimmed)?.[0] ?? trimmed.slice(0, 1);
    return `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  }
  const quote = /^\{\s*(')/.exec(trimmed);
  if (quote) return "Unexpected character (''' (code 39)): was expecting double-quote to start field name";
  const bare = /^\{\s*"[^"]*"\s*:\s*([A-Za-z_][^\s,}\]"]*)/.exec(trimmed);
  if (bare) {
    return `Unrecognized token '${bare[1]}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  }
  return 'Unexpected end-of-input: expected close marker for Object';
}

export function compilePatternText(text: string): CompiledPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw InvalidEventPatternException(jsonReason(text));
  }
  try {
    return compileEventPattern(parsed);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) throw InvalidEventPatternException(error.reason);
    throw error;
  }
}
