import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppLoadError } from './app-load-error.ts';
import { parseCfnYaml } from './cfn-yaml.ts';
import { stableId } from './physical-names.ts';
import type { Warnings } from './unsupported.ts';

/** What `${...}` variables can see; nothing comes from the process environment. */
export interface VariableSources {
  file: string;
  serviceDir: string;
  /** `--stage`, `--region` as given (undefined when not given). */
  stage?: string;
  region?: string;
  accountId: string;
  defaultRegion: string;
  params: Record<string, string>;
  env: Record<string, string | undefined>;
  warnings: Warnings;
  /** Files read by `${file(...)}`, absolute. */
  filesRead: string[];
}

const KNOWN_SOURCES = [
  'self',
  'opt',
  'env',
  'sls',
  'aws',
  'param',
  'params',
  'file',
  'strToBool',
  'ssm',
  'cf',
  's3',
  'output',
  'sops',
  'terraform',
  'vault',
  'doppler',
];
const NOT_FOUND = Symbol('not found');
/** A source that needs AWS (ssm, cf, s3, ...): a fallback may still give the value. */
const NEEDS_AWS = Symbol('needs AWS');

/**
 * Resolves Serverless Framework variables (`${self:...}`, `${opt:stage, 'dev'}`, `${env:X}`,
 * `${sls:stage}`, `${param:x}`, `${file(./f.yml):key}`, ...) through the whole configuration,
 * recursively and lazily (a fallback is only resolved when the source before it has no value).
 * `${AWS::Region}` and other non-variables (CloudFormation Fn::Sub syntax) are left alone.
 */
export class VariableResolver {
  private readonly config: Record<string, unknown>;
  private readonly sources: VariableSources;
  private readonly resolving: string[] = [];
  private readonly fileCache = new Map<string, unknown>();
  /** Why the last source had no value, when there is more to say than "no value found". */
  private missReason: string | undefined;

  constructor(config: Record<string, unknown>, sources: VariableSources) {
    this.config = config;
    this.sources = sources;
  }

  resolveAll(): Record<string, unknown> {
    return this.resolveDeep(this.config, '') as Record<string, unknown>;
  }

  /** `${sls:stage}`: --stage, then provider.stage, then dev. */
  stage(): string {
    if (this.sources.stage !== undefined) return this.sources.stage;
    const fromConfig = this.self('provider.stage', 'provider.stage');
    return fromConfig === NOT_FOUND || fromConfig === undefined || fromConfig === null ? 'dev' : String(fromConfig);
  }

  region(): string {
    if (this.sources.region !== undefined) return this.sources.region;
    const fromConfig = this.self('provider.region', 'provider.region');
    return fromConfig === NOT_FOUND || fromConfig === undefined || fromConfig === null
      ? this.sources.defaultRegion
      : String(fromConfig);
  }

  resolveDeep(value: unknown, at: string): unknown {
    if (typeof value === 'string') return this.resolveString(value, at);
    if (Array.isArray(value)) return value.map((v, i) => this.resolveDeep(v, `${at}[${i}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.resolveDeep(v, at ? `${at}.${k}` : k);
      return out;
    }
    return value;
  }

  private fail(at: string, message: string): never {
    throw new AppLoadError(this.sources.file, at, message);
  }

  /** A string with variables; when it is exactly one variable, the value keeps its type (map, number...). */
  resolveString(text: string, at: string): unknown {
    const parts: unknown[] = [];
    let literal = '';
    let i = 0;
    while (i < text.length) {
      const start = text.indexOf('${', i);
      if (start === -1) break;
      const end = matchingBrace(text, start + 2);
      if (end === -1) break;
      const expression = text.slice(start + 2, end);
      if (!isVariable(expression)) {
        // Fn::Sub syntax, kept for CloudFormation; its inner text may still hold variables.
        literal += text.slice(i, start + 2) + String(this.resolveString(expression, at)) + '}';
        i = end + 1;
        continue;
      }
      literal += text.slice(i, start);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(this.evaluate(expression, at));
      i = end + 1;
    }
    literal += text.slice(i);
    if (literal) parts.push(literal);
    if (parts.length === 1 && literal === '') return parts[0];
    if (parts.length === 0) return '';
    return parts
      .map((p) => {
        if (p !== null && typeof p === 'object')
          this.fail(at, `a variable inside ${JSON.stringify(text)} resolves to a map or list, which cannot be part of a string`);
        return String(p);
      })
      .join('');
  }

  private evaluate(expression: string, at: string): unknown {
    const alternatives = splitTopLevel(expression);
    this.missReason = undefined;
    let needsAws = false;
    for (const alternative of alternatives) {
      const value = this.evaluateOne(alternative.trim(), at);
      if (value === NEEDS_AWS) needsAws = true;
      else if (value !== NOT_FOUND && value !== undefined && value !== null) return value;
    }
    if (needsAws) {
      const message = `\${${expression}} needs AWS and cannot be resolved locally; give it a fallback (\${source:x, 'value'}) or use \${param:...} with --param`;
      this.sources.warnings.add('unresolved-variable', this.sources.file, at, message);
      return '';
    }
    if (alternatives.length > 1) {
      // Every alternative was empty: Serverless takes the last fallback's value, even null.
      return null;
    }
    const reason = this.missReason ?? 'no value found';
    this.missReason = undefined;
    return this.fail(at, `cannot resolve variable \${${expression}}: ${reason}`);
  }

  private evaluateOne(expression: string, at: string): unknown {
    if (/^'.*'$/s.test(expression) || /^".*"$/s.test(expression)) return expression.slice(1, -1);
    if (/^-?\d+(\.\d+)?$/.test(expression)) return Number(expression);
    if (expression === 'true' || expression === 'false') return expression === 'true';
    if (expression === 'null') return null;
    if (expression.startsWith('${') && matchingBrace(expression, 2) === expression.length - 1)
      return this.evaluate(expression.slice(2, -1), at);
    if (!isVariable(expression)) return this.resolveString(expression, at);
    const fileMatch = /^file\((.*?)\)(?::(.*))?$/s.exec(expression);
    if (fileMatch) return this.file(String(this.resolveString(fileMatch[1]!.trim(), at)), fileMatch[2], at);
    const boolMatch = /^strToBool\((.*)\)$/s.exec(expression);
    if (boolMatch) {
      const v = String(this.resolveString(boolMatch[1]!.trim(), at)).trim().toLowerCase();
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      return this.fail(at, `strToBool: ${JSON.stringify(v)} is not a boolean`);
    }
    const colon = expression.indexOf(':');
    const source = expression.slice(0, colon);
    const address = String(this.resolveString(expression.slice(colon + 1).trim(), at));
    switch (source) {
      case 'self':
        return this.self(address, at);
      case 'opt':
        if (address === 'stage') return this.sources.stage ?? NOT_FOUND;
        if (address === 'region') return this.sources.region ?? NOT_FOUND;
        return this.sources.params[address] ?? NOT_FOUND;
      case 'env':
        return this.sources.env[address] ?? NOT_FOUND;
      case 'sls':
        if (address === 'stage') return this.stage();
        if (address === 'instanceId') return stableId(this.sources.file, 8);
        return this.fail(at, `unknown variable sls:${address} (sls:stage and sls:instanceId exist)`);
      case 'aws':
        if (address === 'accountId') return this.sources.accountId;
        if (address === 'region') return this.region();
        return this.fail(at, `unknown variable aws:${address} (aws:accountId and aws:region exist)`);
      case 'param':
      case 'params':
        return this.param(address);
      default:
        return NEEDS_AWS;
    }
  }

  /** `${param:x}`: --param, then `params.<stage>.x`, then `params.default.x` (Framework v4 stage params). */
  private param(name: string): unknown {
    const given = this.sources.params[name];
    if (given !== undefined) return given;
    // v3/v4 `params.<stage>`, v4 `stages.<stage>.params`; then the `default` entry of each.
    const params = this.config.params as Record<string, Record<string, unknown> | undefined> | undefined;
    const stages = this.config.stages as Record<string, { params?: Record<string, unknown> } | undefined> | undefined;
    const stage = this.stage();
    const fromStage =
      params?.[stage]?.[name] ?? stages?.[stage]?.params?.[name] ?? params?.default?.[name] ?? stages?.default?.params?.[name];
    return fromStage === undefined ? NOT_FOUND : this.resolveDeep(fromStage, `params.${name}`);
  }

  private self(address: string, at: string): unknown {
    if (this.resolving.includes(address)) {
      return this.fail(at, `variable \${self:${address}} refers to itself (${[...this.resolving, address].join(' -> ')})`);
    }
    const found = address === '' ? this.config : lookup(this.config, address);
    if (found === NOT_FOUND) {
      // The framework fills these defaults in before resolving variables.
      if (address === 'provider.stage') return this.sources.stage ?? 'dev';
      if (address === 'provider.region') return this.sources.region ?? this.sources.defaultRegion;
      return NOT_FOUND;
    }
    this.resolving.push(address);
    try {
      return this.resolveDeep(found, address);
    } finally {
      this.resolving.pop();
    }
  }

  private file(relative: string, selector: string | undefined, at: string): unknown {
    const absolute = path.resolve(this.sources.serviceDir, relative);
    if (/\.[cm]?[jt]s$/i.test(absolute)) {
      return this.fail(at, `\${file(${relative})} runs JavaScript, which Onward does not do; use a .yml or .json file`);
    }
    let content = this.fileCache.get(absolute);
    if (content === undefined) {
      let text: string;
      try {
        text = readFileSync(absolute, 'utf8');
      } catch {
        this.missReason = `file ${relative} not found in ${this.sources.serviceDir}`;
        return NOT_FOUND;
      }
      this.sources.filesRead.push(absolute);
      if (/\.(ya?ml)$/i.test(absolute)) content = parseCfnYaml(text, relative);
      else if (/\.json$/i.test(absolute)) {
        try {
          content = JSON.parse(text) as unknown;
        } catch (error) {
          return this.fail(at, `${relative} is not valid JSON: ${(error as Error).message}`);
        }
      } else content = text;
      this.fileCache.set(absolute, content);
    }
    const key = selector?.trim();
    const selected = key ? lookup(content, key.replace(/^\$\{?self:?/, '')) : content;
    if (selected === NOT_FOUND) return NOT_FOUND;
    return this.resolveDeep(selected, at);
  }
}

function isVariable(expression: string): boolean {
  const match = /^\s*([A-Za-z]+)\s*(\(|:)/.exec(expression);
  return match !== null && KNOWN_SOURCES.includes(match[1]!);
}

/** Index of the `}` closing a `${` whose content starts at `from`, or -1. */
function matchingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Splits `a, 'b, c', ${d, e}` at commas outside quotes, parentheses and nested variables. */
function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function lookup(root: unknown, address: string): unknown {
  let node = root;
  for (const key of address.split('.')) {
    if (key === '') continue;
    if (node === null || typeof node !== 'object') return NOT_FOUND;
    const next = (node as Record<string, unknown>)[key];
    if (next === undefined) return NOT_FOUND;
    node = next;
  }
  return node;
}
