/**
 * One element of a pattern's leaf array (`"x": [ <condition>, ... ]`) compiled to a predicate over one
 * scalar event value (string, number, boolean or null). Validation reasons are AWS's own (recorded).
 */
import { compileCidr } from './cidr.ts';
import { InvalidEventPatternError } from './invalid-event-pattern-error.ts';
import { compileWildcard } from './wildcard.ts';

export type Scalar = string | number | boolean | null;
export type ValuePredicate = (value: Scalar) => boolean;

/** `exists` is not a value predicate: it looks at whether the field has any value at all. */
export type LeafCondition = { kind: 'value'; test: ValuePredicate } | { kind: 'exists'; exists: boolean };

const fail = (reason: string): never => {
  throw new InvalidEventPatternError(reason);
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function compileLeafCondition(element: unknown): LeafCondition {
  if (element === null || typeof element === 'boolean') return { kind: 'value', test: (v) => v === element };
  if (typeof element === 'string') return { kind: 'value', test: (v) => v === element };
  if (typeof element === 'number') return { kind: 'value', test: (v) => v === element };
  if (!isPlainObject(element)) return fail('Match value must be String, number, true, false, or null');
  const keys = Object.keys(element);
  if (keys.length === 0) return fail('Match expression name not found');
  const matchType = keys[0]!;
  const operand = element[matchType];
  const condition = compileMatchExpression(matchType, operand);
  if (keys.length > 1) {
    return fail(matchType === 'numeric' ? 'Too many elements in numeric expression' : 'Only one key allowed in match expression');
  }
  return condition;
}

function compileMatchExpression(matchType: string, operand: unknown): LeafCondition {
  const value = (test: ValuePredicate): LeafCondition => ({ kind: 'value', test });
  switch (matchType) {
    case 'prefix':
    case 'suffix': {
      const at = matchType === 'prefix' ? startsWith : endsWith;
      if (typeof operand === 'string') return value((v) => typeof v === 'string' && at(v, operand));
      const folded = ignoreCaseOperand(operand, `${matchType} match pattern must be a string`);
      return value((v) => typeof v === 'string' && at(v.toLowerCase(), folded));
    }
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') return fail('equals-ignore-case match pattern must be a string');
      const folded = operand.toLowerCase();
      return value((v) => typeof v === 'string' && v.toLowerCase() === folded);
    }
    case 'wildcard': {
      if (typeof operand !== 'string') return fail('wildcard match pattern must be a string');
      const matches = compileWildcard(operand);
      return value((v) => typeof v === 'string' && matches(v));
    }
    case 'cidr': {
      // AWS-recorded: a non-string cidr is reported with the prefix wording.
      if (typeof operand !== 'string') return fail('prefix match pattern must be a string');
      const matches = compileCidr(operand);
      return value((v) => typeof v === 'string' && matches(v));
    }
    case 'numeric':
      return value(compileNumeric(operand));
    case 'exists':
      if (typeof operand !== 'boolean') return fail('exists match pattern must be either true or false.');
      return { kind: 'exists', exists: operand };
    case 'anything-but':
      return value(compileAnythingBut(operand));
    default:
      return fail(`Unrecognized match type ${matchType}`);
  }
}

const startsWith = (value: string, prefix: string): boolean => value.startsWith(prefix);
const endsWith = (value: string, suffix: string): boolean => value.endsWith(suffix);

/** `{"prefix": {"equals-ignore-case": "x"}}`: the lower-cased operand. */
function ignoreCaseOperand(operand: unknown, reason: string): string {
  if (!isPlainObject(operand)) return fail(reason);
  const keys = Object.keys(operand);
  if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') return fail(reason);
  const inner = operand['equals-ignore-case'];
  if (typeof inner !== 'string') return fail('equals-ignore-case match pattern must be a string');
  return inner.toLowerCase();
}

const LOWER_OPERATORS = new Set(['>', '>=']);
const UPPER_OPERATORS = new Set(['<', '<=']);

function compileNumeric(operand: unknown): ValuePredicate {
  if (!Array.isArray(operand)) return fail('Value of numeric must be an array.');
  let lower: { value: number; inclusive: boolean } | undefined;
  let upper: { value: number; inclusive: boolean } | undefined;
  let equals: number | undefined;
  let index = 0;
  const readBound = (operator: string): number => {
    const bound = operand[index + 1];
    if (typeof bound !== 'number') {
      return fail(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
    }
    index += 2;
    return bound;
  };
  const first = operand[0];
  if (typeof first !== 'string') return fail(`Invalid member in numeric match: ${JSON.stringify(first ?? ']')}`);
  if (first === '=') {
    equals = readBound(first);
  } else if (LOWER_OPERATORS.has(first)) {
    lower = { value: readBound(first), inclusive: first === '>=' };
    if (index < operand.length) {
      const second = operand[index];
      if (typeof second !== 'string') return fail(`Bad value in numeric range: ${JSON.stringify(second)}`);
      if (!UPPER_OPERATORS.has(second)) return fail(`Bad numeric range operator: ${second}`);
      upper = { value: readBound(second), inclusive: second === '<=' };
    }
  } else if (UPPER_OPERATORS.has(first)) {
    upper = { value: readBound(first), inclusive: first === '<=' };
  } else {
    return fail(`Unrecognized numeric range operator: ${first}`);
  }
  if (index < operand.length) {
    return fail(lower && upper ? 'Too many terms in numeric range expression' : 'Too many elements in numeric expression');
  }
  if (equals !== undefined) {
    const target = equals;
    return (v) => typeof v === 'number' && v === target;
  }
  return (v) => {
    if (typeof v !== 'number') return false;
    if (lower && (lower.inclusive ? v < lower.value : v <= lower.value)) return false;
    if (upper && (upper.inclusive ? v > upper.value : v >= upper.value)) return false;
    return true;
  };
}

/** anything-but matches every value present except the excluded ones (null and other types included). */
function compileAnythingBut(operand: unknown): ValuePredicate {
  if (typeof operand === 'string') return (v) => v !== operand;
  if (typeof operand === 'number') return (v) => v !== operand;
  if (Array.isArray(operand)) {
    let strings = 0;
    let numbers = 0;
    for (const item of operand) {
      if (typeof item === 'string') strings++;
      else if (typeof item === 'number') numbers++;
      else return fail('Inside anything but list, start|null|boolean is not supported.');
    }
    if (strings > 0 === numbers > 0) {
      return fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    const excluded = new Set<Scalar>(operand as Scalar[]);
    return (v) => !excluded.has(v);
  }
  if (!isPlainObject(operand)) return fail('Value of anything-but must be an array or single string/number value.');
  const keys = Object.keys(operand);
  if (keys.length === 0) return fail('Anything-But expression name not found');
  if (keys.length > 1) return fail('Only one key allowed in match expression');
  const op = keys[0]!;
  const inner = operand[op];
  const strings = (reason: string, allowEmpty: boolean): string[] => {
    const list = Array.isArray(inner) ? inner : [inner];
    if (Array.isArray(inner) && inner.length === 0) return fail(reason);
    for (const item of list) {
      if (typeof item !== 'string') return fail(reason);
      if (!allowEmpty && item === '') return fail('Null prefix/suffix not allowed');
    }
    return list as string[];
  };
  switch (op) {
    case 'prefix':
    case 'suffix': {
      if (isPlainObject(inner)) return fail('Value of anything-but must be an array or single string/number value.');
      const list = strings('prefix/suffix match pattern must be a string', false);
      const at = op === 'prefix' ? startsWith : endsWith;
      return (v) => typeof v !== 'string' || !list.some((s) => at(v, s));
    }
    case 'equals-ignore-case': {
      const list = strings('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.', true);
      const folded = new Set(list.map((s) => s.toLowerCase()));
      return (v) => typeof v !== 'string' || !folded.has(v.toLowerCase());
    }
    case 'wildcard': {
      const matchers = strings('wildcard match pattern must be a string', true).map(compileWildcard);
      return (v) => typeof v !== 'string' || !matchers.some((m) => m(v));
    }
    default:
      return fail(`Unsupported anything-but pattern: ${op}`);
  }
}
