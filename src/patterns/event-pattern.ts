/**
 * The event-pattern language shared by EventBridge rules, SNS filter policies and Lambda event-source
 * filters. A pattern mirrors the event: objects nest, leaves are arrays of conditions (OR), keys are
 * ANDed, `$or` offers alternatives at any level. Keys are paths: `"a.b"` in a pattern or an event is the
 * same field as `a` -> `b` (AWS flattens both). An event array matches when any element matches, and the
 * fields of one nested object pattern must all be found in the same array element.
 * compileEventPattern validates once (AWS's reasons) and returns a matcher that allocates little.
 */
import { InvalidEventPatternError } from './invalid-event-pattern-error.ts';
import { compileLeafCondition, type LeafCondition, type Scalar } from './leaf-conditions.ts';

export { InvalidEventPatternError } from './invalid-event-pattern-error.ts';

export interface CompiledPattern {
  matches(event: unknown): boolean;
}

interface ObjectNode {
  fields: FieldNode[];
  /** Each group: the object matches when one alternative matches. */
  ors: ObjectNode[][];
}

interface FieldNode {
  key: string;
  child?: ObjectNode;
  leaf?: Leaf;
}

interface Leaf {
  values: ((value: Scalar) => boolean)[];
  /** `exists: true` among the conditions. */
  existsTrue: boolean;
  /** `exists: false` among the conditions. */
  existsFalse: boolean;
}

const OR_KEY = '$or';
const RESERVED_IN_OR = new Set([
  'anything-but',
  'prefix',
  'suffix',
  'numeric',
  'exists',
  'cidr',
  'equals-ignore-case',
  'wildcard',
]);

type JsonObject = Record<string, unknown>;
const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (reason: string): never => {
  throw new InvalidEventPatternError(reason);
};

export function compileEventPattern(pattern: unknown): CompiledPattern {
  if (!isPlainObject(pattern)) return fail('Filter is not an object');
  const root = compileObject(pattern, false);
  return { matches: (event) => matchObject(root, isPlainObject(event) ? event : undefined) };
}

/** A mutable tree while compiling: dotted keys are split and merged into their parents. */
interface Draft {
  fields: Map<string, Draft | Leaf>;
  ors: ObjectNode[][];
}

function compileObject(source: JsonObject, insideOr: boolean): ObjectNode {
  const draft: Draft = { fields: new Map(), ors: [] };
  addFields(draft, source, insideOr);
  return freeze(draft);
}

function addFields(draft: Draft, source: JsonObject, insideOr: boolean): void {
  const keys = Object.keys(source);
  if (keys.length === 0) fail('Empty objects are not allowed');
  for (const key of keys) {
    const value = source[key];
    if (key === OR_KEY) {
      draft.ors.push(compileOr(value));
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      fail(`${key} is Ruler reserved fieldName which cannot be used inside ${OR_KEY}.`);
    }
    const path = key.split('.');
    let target = draft;
    for (const segment of path.slice(0, -1)) target = draftChild(target, segment);
    const last = path[path.length - 1]!;
    if (Array.isArray(value)) {
      target.fields.set(last, compileLeaf(value));
    } else if (isPlainObject(value)) {
      addFields(draftChild(target, last), value, insideOr);
    } else {
      fail(`"${key}" must be an object or an array`);
    }
  }
}

function draftChild(draft: Draft, segment: string): Draft {
  const existing = draft.fields.get(segment);
  if (existing && 'fields' in existing) return existing;
  const created: Draft = { fields: new Map(), ors: [] };
  draft.fields.set(segment, created);
  return created;
}

function freeze(draft: Draft): ObjectNode {
  const fields: FieldNode[] = [];
  for (const [key, node] of draft.fields) {
    fields.push('fields' in node ? { key, child: freeze(node) } : { key, leaf: node });
  }
  return { fields, ors: draft.ors };
}

function compileOr(value: unknown): ObjectNode[] {
  if (!Array.isArray(value)) return fail(`It must be an Array followed with ${OR_KEY}.`);
  const alternatives: ObjectNode[] = [];
  for (const alternative of value) {
    if (!isPlainObject(alternative)) fail(`Only JSON object is allowed in array of ${OR_KEY} relationship.`);
    alternatives.push(compileObject(alternative as JsonObject, true));
  }
  if (alternatives.length < 2) fail(`There must have at least 2 Objects in ${OR_KEY} relationship.`);
  return alternatives;
}

function compileLeaf(elements: unknown[]): Leaf {
  const leaf: Leaf = { values: [], existsTrue: false, existsFalse: false };
  for (const element of elements) {
    const condition: LeafCondition = compileLeafCondition(element);
    if (condition.kind === 'value') leaf.values.push(condition.test);
    else if (condition.exists) leaf.existsTrue = true;
    else leaf.existsFalse = true;
  }
  if (elements.length === 0) fail('Empty arrays are not allowed');
  return leaf;
}

// ---- matching ----

function matchObject(node: ObjectNode, object: JsonObject | undefined): boolean {
  for (const field of node.fields) {
    const found = object === undefined ? EMPTY : lookup(object, field.key);
    if (field.leaf ? !matchLeaf(field.leaf, found) : !matchChild(field.child!, found)) return false;
  }
  for (const group of node.ors) {
    if (!group.some((alternative) => matchObject(alternative, object))) return false;
  }
  return true;
}

function matchChild(child: ObjectNode, found: readonly unknown[]): boolean {
  let sawObject = false;
  for (const value of found) {
    if (isPlainObject(value)) {
      sawObject = true;
      if (matchObject(child, value)) return true;
    }
  }
  // Nothing at this path: only absence conditions (`exists: false`) can hold.
  return !sawObject && matchObject(child, undefined);
}

function matchLeaf(leaf: Leaf, found: readonly unknown[]): boolean {
  let scalars = 0;
  for (const value of found) {
    if (isPlainObject(value)) continue;
    scalars++;
    for (const test of leaf.values) if (test(value as Scalar)) return true;
  }
  return scalars === 0 ? leaf.existsFalse : leaf.existsTrue;
}

const EMPTY: readonly unknown[] = [];
/** Keys containing a dot, per event object (computed once per object however many patterns run). */
const dottedKeysCache = new WeakMap<JsonObject, string[]>();

function dottedKeys(object: JsonObject): string[] {
  let keys = dottedKeysCache.get(object);
  if (!keys) {
    keys = Object.keys(object).filter((key) => key.includes('.'));
    dottedKeysCache.set(object, keys);
  }
  return keys;
}

/** Every value at `key` below `object`: arrays flattened, `"key.rest"` keys seen as `{rest: ...}`. */
function lookup(object: JsonObject, key: string): readonly unknown[] {
  const dotted = dottedKeys(object);
  const direct = Object.hasOwn(object, key);
  if (dotted.length === 0) {
    if (!direct) return EMPTY;
    const value = object[key];
    return Array.isArray(value) ? flatten(value, []) : [value];
  }
  const out: unknown[] = [];
  if (direct) {
    const value = object[key];
    if (Array.isArray(value)) flatten(value, out);
    else out.push(value);
  }
  const prefix = `${key}.`;
  for (const dottedKey of dotted) {
    if (dottedKey.startsWith(prefix)) out.push({ [dottedKey.slice(prefix.length)]: object[dottedKey] });
  }
  return out;
}

function flatten(values: unknown[], out: unknown[]): unknown[] {
  for (const value of values) {
    if (Array.isArray(value)) flatten(value, out);
    else out.push(value);
  }
  return out;
}
