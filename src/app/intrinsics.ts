import type { WarningKind } from './app-description.ts';
import { AppLoadError } from './app-load-error.ts';

/** `Ref: AWS::NoValue`: the property (or list item) disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** What intrinsic functions can see: the stack around the value being resolved. */
export interface IntrinsicScope {
  file: string;
  pseudo: Record<string, unknown>;
  parameters: Map<string, unknown>;
  mappings: Record<string, unknown>;
  condition(name: string, path: string): boolean;
  /** Ref to a resource; undefined when no such resource exists. */
  ref(logicalId: string, path: string): unknown;
  getAtt(logicalId: string, attribute: string, path: string): unknown;
  importValue(name: string, path: string): unknown;
  warn(kind: WarningKind, path: string, message: string): void;
}

export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function fail(scope: IntrinsicScope, path: string, message: string): never {
  throw new AppLoadError(scope.file, path, message);
}

/** Resolves every intrinsic in `value`; NO_VALUE is only returned for a top-level `Ref: AWS::NoValue`. */
export function resolveValue(value: unknown, scope: IntrinsicScope, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => resolveValue(item, scope, `${path}[${i}]`)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  if (isIntrinsic(value)) {
    const [name, arg] = Object.entries(value)[0]!;
    return resolveFunction(name, arg, scope, `${path}.${name}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolveValue(item, scope, `${path}.${key}`);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function resolveFunction(name: string, arg: unknown, scope: IntrinsicScope, path: string): unknown {
  switch (name) {
    case 'Ref':
      return resolveRef(asString(resolveValue(arg, scope, path), scope, path, 'Ref'), scope, path);
    case 'Fn::GetAtt':
      return resolveGetAtt(arg, scope, path);
    case 'Fn::Sub':
      return resolveSub(arg, scope, path);
    case 'Fn::Join': {
      const [delimiter, list] = args(arg, 2, scope, path, 'Fn::Join');
      const items = resolveValue(list, scope, `${path}[1]`);
      if (!Array.isArray(items)) fail(scope, path, 'Fn::Join needs a list of values to join');
      const sep = asString(resolveValue(delimiter, scope, `${path}[0]`), scope, path, 'Fn::Join delimiter');
      return items.map((item, i) => scalarString(item, scope, `${path}[1][${i}]`, 'Fn::Join')).join(sep);
    }
    case 'Fn::Split': {
      const [delimiter, source] = args(arg, 2, scope, path, 'Fn::Split');
      const sep = asString(resolveValue(delimiter, scope, `${path}[0]`), scope, path, 'Fn::Split delimiter');
      return asString(resolveValue(source, scope, `${path}[1]`), scope, path, 'Fn::Split').split(sep);
    }
    case 'Fn::Select': {
      const [index, list] = args(arg, 2, scope, path, 'Fn::Select');
      const i = Number(resolveValue(index, scope, `${path}[0]`));
      const items = resolveValue(list, scope, `${path}[1]`);
      if (!Array.isArray(items)) fail(scope, path, 'Fn::Select needs a list');
      if (!Number.isInteger(i) || i < 0 || i >= items.length)
        fail(scope, path, `Fn::Select index ${String(i)} is out of range for ${items.length} item(s)`);
      return items[i];
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = args(arg, 3, scope, path, 'Fn::If');
      const conditionName = asString(condition, scope, `${path}[0]`, 'Fn::If condition name');
      return scope.condition(conditionName, `${path}[0]`)
        ? resolveValue(whenTrue, scope, `${path}[1]`)
        : resolveValue(whenFalse, scope, `${path}[2]`);
    }
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
      return evaluateCondition({ [name]: arg }, scope, path.slice(0, -name.length - 1));
    case 'Fn::FindInMap': {
      const parts = args(arg, 3, scope, path, 'Fn::FindInMap').map((p, i) =>
        asString(resolveValue(p, scope, `${path}[${i}]`), scope, `${path}[${i}]`, 'Fn::FindInMap'),
      );
      const [mapName, top, second] = parts as [string, string, string];
      const map = scope.mappings[mapName];
      if (map === undefined) fail(scope, path, `Mapping ${mapName} is not defined in Mappings`);
      const level = (map as Record<string, unknown>)[top];
      if (level === undefined) fail(scope, path, `Mapping ${mapName} has no key ${top}`);
      const found = (level as Record<string, unknown>)[second];
      if (found === undefined) fail(scope, path, `Mapping ${mapName}.${top} has no key ${second}`);
      return found;
    }
    case 'Fn::GetAZs': {
      const region = resolveValue(arg, scope, path);
      const r = typeof region === 'string' && region !== '' ? region : String(scope.pseudo['AWS::Region']);
      return [`${r}a`, `${r}b`, `${r}c`];
    }
    case 'Fn::Base64':
      return Buffer.from(asString(resolveValue(arg, scope, path), scope, path, 'Fn::Base64'), 'utf8').toString('base64');
    case 'Fn::ImportValue':
      return scope.importValue(asString(resolveValue(arg, scope, path), scope, path, 'Fn::ImportValue'), path);
    case 'Fn::ToJsonString':
      return JSON.stringify(resolveValue(arg, scope, path));
    case 'Fn::Length': {
      const items = resolveValue(arg, scope, path);
      if (!Array.isArray(items)) fail(scope, path, 'Fn::Length needs a list');
      return items.length;
    }
    default:
      scope.warn('unsupported-intrinsic', path, `${name} is not supported; the value is left empty`);
      return '';
  }
}

function args(arg: unknown, count: number, scope: IntrinsicScope, path: string, fn: string): unknown[] {
  if (!Array.isArray(arg) || arg.length < count) fail(scope, path, `${fn} needs a list of ${count} arguments`);
  return arg;
}

function asString(value: unknown, scope: IntrinsicScope, path: string, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(scope, path, `${what} needs a string, got ${JSON.stringify(value)}`);
}

function scalarString(value: unknown, scope: IntrinsicScope, path: string, what: string): string {
  return asString(value, scope, path, what);
}

function resolveRef(name: string, scope: IntrinsicScope, path: string): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in scope.pseudo) return scope.pseudo[name];
  if (name.startsWith('AWS::')) fail(scope, path, `Unknown pseudo parameter ${name}`);
  if (scope.parameters.has(name)) return scope.parameters.get(name);
  const ref = scope.ref(name, path);
  if (ref === undefined) fail(scope, path, `Ref to ${name}, which is neither a parameter nor a resource of this template`);
  return ref;
}

function resolveGetAtt(arg: unknown, scope: IntrinsicScope, path: string): unknown {
  let parts: unknown[];
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    parts = dot === -1 ? [arg] : [arg.slice(0, dot), arg.slice(dot + 1)];
  } else if (Array.isArray(arg)) {
    parts = arg.map((p, i) => resolveValue(p, scope, `${path}[${i}]`));
  } else {
    return fail(scope, path, 'Fn::GetAtt needs [LogicalId, Attribute] or "LogicalId.Attribute"');
  }
  const [logicalId, attribute] = parts;
  if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
    return fail(scope, path, 'Fn::GetAtt needs [LogicalId, Attribute] or "LogicalId.Attribute"');
  }
  return scope.getAtt(logicalId, attribute, path);
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

function resolveSub(arg: unknown, scope: IntrinsicScope, path: string): string {
  let template: unknown = arg;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(arg)) {
    [template] = arg;
    const vars = arg[1];
    if (vars !== undefined) {
      if (vars === null || typeof vars !== 'object' || Array.isArray(vars))
        fail(scope, `${path}[1]`, 'Fn::Sub variables must be a map');
      variables = vars as Record<string, unknown>;
    }
  }
  if (typeof template !== 'string') return fail(scope, path, 'Fn::Sub needs a template string');
  return template.replace(SUB_VARIABLE, (whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in variables)
      return asString(resolveValue(variables[name], scope, `${path}[1].${name}`), scope, path, `Fn::Sub variable ${name}`);
    const dot = name.indexOf('.');
    if (dot !== -1 && !name.startsWith('AWS::')) {
      return asString(scope.getAtt(name.slice(0, dot), name.slice(dot + 1), path), scope, path, `Fn::Sub ${whole}`);
    }
    const value = resolveRef(name, scope, path);
    if (Array.isArray(value)) return value.join(',');
    return asString(value, scope, path, `Fn::Sub ${whole}`);
  });
}

/** Conditions section and Fn::If: `Condition: Name`, Fn::Equals/And/Or/Not. */
export function evaluateCondition(value: unknown, scope: IntrinsicScope, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length !== 1) {
    return fail(scope, path, 'a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition');
  }
  const [name, arg] = Object.entries(value)[0]!;
  const at = `${path}.${name}`;
  switch (name) {
    case 'Condition':
      return scope.condition(asString(arg, scope, at, 'Condition'), at);
    case 'Fn::Equals': {
      const [a, b] = args(arg, 2, scope, at, 'Fn::Equals').map((v, i) => resolveValue(v, scope, `${at}[${i}]`));
      return JSON.stringify(normaliseScalar(a)) === JSON.stringify(normaliseScalar(b));
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) fail(scope, at, `${name} needs between 2 and 10 conditions`);
      const results = arg.map((c, i) => evaluateCondition(c, scope, `${at}[${i}]`));
      return name === 'Fn::And' ? results.every(Boolean) : results.some(Boolean);
    }
    case 'Fn::Not': {
      const [inner] = args(arg, 1, scope, at, 'Fn::Not');
      return !evaluateCondition(inner, scope, `${at}[0]`);
    }
    default:
      return fail(scope, path, `${name} cannot be used as a condition`);
  }
}

function normaliseScalar(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** Logical ids a raw value refers to (Ref, Fn::GetAtt, Fn::Sub `${X}`/`${X.Y}`), for ordering. */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, into);
    return into;
  }
  if (value === null || typeof value !== 'object') return into;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && typeof item === 'string') into.add(item);
    else if (key === 'Fn::GetAtt') {
      if (typeof item === 'string') into.add(item.split('.')[0]!);
      else if (Array.isArray(item) && typeof item[0] === 'string') into.add(item[0]);
      else referencedIds(item, into);
    } else if (key === 'Fn::Sub') {
      const template = Array.isArray(item) ? item[0] : item;
      const vars = Array.isArray(item) && item[1] && typeof item[1] === 'object' ? (item[1] as Record<string, unknown>) : {};
      if (typeof template === 'string') {
        for (const match of template.matchAll(SUB_VARIABLE)) {
          const inner = match[1]!.trim();
          if (inner.startsWith('!') || inner in vars) continue;
          into.add(inner.startsWith('AWS::') ? inner : inner.split('.')[0]!);
        }
      }
      referencedIds(vars, into);
    } else referencedIds(item, into);
  }
  return into;
}
