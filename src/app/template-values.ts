import { AppLoadError } from './app-load-error.ts';

/** Typed reads of resolved template properties; errors name the file and the property path. */
export class PropertyReader {
  readonly file: string;
  readonly path: string;
  readonly props: Record<string, unknown>;

  constructor(file: string, path: string, props: unknown) {
    this.file = file;
    this.path = path;
    if (props === undefined || props === null) this.props = {};
    else if (typeof props === 'object' && !Array.isArray(props)) this.props = props as Record<string, unknown>;
    else throw new AppLoadError(file, path, 'must be a map');
  }

  /** The path of a property of this map (`functions.a` + `handler`). */
  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, message: string): never {
    throw new AppLoadError(this.file, this.at(key), message);
  }

  has(key: string): boolean {
    return this.props[key] !== undefined;
  }

  optString(key: string): string | undefined {
    const v = this.props[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(key, `must be a string, got ${JSON.stringify(v)}`);
  }

  string(key: string): string {
    const v = this.optString(key);
    if (v === undefined) return this.fail(key, 'is required');
    return v;
  }

  optNumber(key: string): number | undefined {
    const v = this.props[key];
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) return this.fail(key, `must be a number, got ${JSON.stringify(v)}`);
    return n;
  }

  optBoolean(key: string): boolean | undefined {
    const v = this.props[key];
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
  }

  optObject(key: string): PropertyReader | undefined {
    const v = this.props[key];
    if (v === undefined) return undefined;
    return new PropertyReader(this.file, this.at(key), v);
  }

  optList(key: string): unknown[] | undefined {
    const v = this.props[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.fail(key, 'must be a list');
    return v;
  }

  /** A JSON document property that templates give either as an object or as a JSON string. */
  optJson(key: string): unknown {
    const v = this.props[key];
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return this.fail(key, 'is not valid JSON');
    }
  }

  /** Environment.Variables and friends: every value as a string. */
  stringMap(key: string): Record<string, string> {
    const v = this.props[key];
    if (v === undefined) return {};
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(key, 'must be a map');
    const out: Record<string, string> = {};
    for (const [k, item] of Object.entries(v)) {
      if (item === null || typeof item === 'object') this.fail(`${key}.${k}`, `must be a string, got ${JSON.stringify(item)}`);
      out[k] = String(item);
    }
    return out;
  }

  /** CloudFormation `Tags: [{Key, Value}]` (or a map, as SAM writes them). */
  tags(key = 'Tags'): Record<string, string> {
    const v = this.props[key];
    if (v === undefined) return {};
    if (Array.isArray(v)) {
      const out: Record<string, string> = {};
      v.forEach((tag, i) => {
        const t = new PropertyReader(this.file, `${this.at(key)}[${i}]`, tag);
        out[t.string('Key')] = t.optString('Value') ?? '';
      });
      return out;
    }
    return this.stringMap(key);
  }
}
