/**
 * The part of API Gateway's mapping template language (Velocity, VTL) that request templates of SNS
 * and SQS integrations use: `#set`, `##` and `#* *#` comments, references (`$x`, `$!x`, `${x}`) with
 * properties and method calls, string literals ('plain', "interpolated"), and the `$input`, `$util`,
 * `$context` and `$stageVariables` variables. Control directives (`#if`, `#foreach`, ...) are not
 * supported: rendering them fails with TemplateError naming the directive, never a silent misrender.
 * Maps and lists render as JSON (Velocity would print Java's `{a=1}`), which is what such templates
 * mean when they print one.
 */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface TemplateInput {
  body: string;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

type Value = unknown;

/** Java's URLEncoder (form encoding): space as `+`, only `A-Za-z0-9.-*_` left as they are. */
export function urlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function urlDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function escapeJavaScript(text: string): string {
  return text.replace(/[\\"'\n\r\t\f\b/]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\f':
        return '\\f';
      case '\b':
        return '\\b';
      default:
        return `\\${c}`;
    }
  });
}

/** JSONPath as templates use it: `$`, `$.a.b`, `$['a']`, `$.list[0]`. */
export function jsonPath(root: Value, path: string): Value {
  const trimmed = path.trim();
  if (!trimmed.startsWith('$')) throw new TemplateError(`JSONPath ${JSON.stringify(path)} must start with $`);
  let value = root;
  const steps = /\.([A-Za-z0-9_$-]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\]/gy;
  steps.lastIndex = 1;
  while (steps.lastIndex < trimmed.length) {
    const at = steps.lastIndex;
    const m = steps.exec(trimmed);
    if (!m || m.index !== at) throw new TemplateError(`unsupported JSONPath ${JSON.stringify(path)}`);
    const key = m[1] ?? m[2] ?? m[3];
    if (value === null || typeof value !== 'object') return undefined;
    value = key !== undefined ? (value as Record<string, Value>)[key] : (value as Value[])[Number(m[4])];
  }
  return value;
}

function renderValue(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function parseBody(body: string): Value {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) as Value;
  } catch {
    throw new TemplateError('the request body is not JSON, so $input.json/$input.path cannot read it');
  }
}

type Callable = (...args: Value[]) => Value;

function rootVariables(input: TemplateInput): Map<string, Value> {
  const params: Callable = (name?: Value) => {
    if (name === undefined) return { path: input.pathParameters, querystring: input.query, header: input.headers };
    const key = String(name);
    const headerKey = Object.keys(input.headers).find((h) => h.toLowerCase() === key.toLowerCase());
    return input.pathParameters[key] ?? input.query[key] ?? (headerKey !== undefined ? input.headers[headerKey] : '') ?? '';
  };
  return new Map<string, Value>([
    [
      'input',
      {
        body: input.body,
        json: ((path: Value) => JSON.stringify(jsonPath(parseBody(input.body), String(path))) ?? '') as Callable,
        path: ((path: Value) => jsonPath(parseBody(input.body), String(path))) as Callable,
        params,
      },
    ],
    [
      'util',
      {
        urlEncode: ((s: Value) => urlEncode(renderValue(s))) as Callable,
        urlDecode: ((s: Value) => urlDecode(renderValue(s))) as Callable,
        escapeJavaScript: ((s: Value) => escapeJavaScript(renderValue(s))) as Callable,
        base64Encode: ((s: Value) => Buffer.from(renderValue(s), 'utf8').toString('base64')) as Callable,
        base64Decode: ((s: Value) => Buffer.from(renderValue(s), 'base64').toString('utf8')) as Callable,
        parseJson: ((s: Value) => JSON.parse(renderValue(s)) as Value) as Callable,
      },
    ],
    ['context', input.context],
    ['stageVariables', input.stageVariables],
  ]);
}

/** Methods Velocity templates call on Java strings, maps and lists. */
function callMethod(target: Value, name: string, args: Value[]): Value {
  if (target !== null && typeof target === 'object' && typeof (target as Record<string, Value>)[name] === 'function') {
    return ((target as Record<string, Value>)[name] as Callable)(...args);
  }
  const s = typeof target === 'string' ? target : undefined;
  const a = args.map((x) => renderValue(x));
  switch (name) {
    case 'get':
      return target !== null && typeof target === 'object' ? (target as Record<string, Value>)[a[0] ?? ''] : undefined;
    case 'size':
    case 'length':
      if (Array.isArray(target)) return target.length;
      if (s !== undefined) return s.length;
      return target !== null && typeof target === 'object' ? Object.keys(target).length : undefined;
    case 'isEmpty':
      return s !== undefined ? s.length === 0 : target !== null && typeof target === 'object' && Object.keys(target).length === 0;
    case 'containsKey':
      return target !== null && typeof target === 'object' && (a[0] ?? '') in target;
    case 'keySet':
      return target !== null && typeof target === 'object' ? Object.keys(target) : undefined;
  }
  if (s === undefined) throw new TemplateError(`method ${name}() is not supported here`);
  switch (name) {
    case 'toLowerCase':
      return s.toLowerCase();
    case 'toUpperCase':
      return s.toUpperCase();
    case 'trim':
      return s.trim();
    case 'contains':
      return s.includes(a[0] ?? '');
    case 'startsWith':
      return s.startsWith(a[0] ?? '');
    case 'endsWith':
      return s.endsWith(a[0] ?? '');
    case 'indexOf':
      return s.indexOf(a[0] ?? '');
    case 'replace':
      return s.split(a[0] ?? '').join(a[1] ?? '');
    case 'replaceAll':
      return s.replace(new RegExp(a[0] ?? '', 'g'), a[1] ?? '');
    case 'substring':
      return s.substring(Number(a[0]), a[1] === undefined ? undefined : Number(a[1]));
    case 'toString':
      return s;
    default:
      throw new TemplateError(`method ${name}() is not supported here`);
  }
}

class Renderer {
  private pos = 0;
  private out = '';
  constructor(
    private readonly text: string,
    private readonly vars: Map<string, Value>,
  ) {}

  render(): string {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === '#' && text.startsWith('##', this.pos)) {
        const end = text.indexOf('\n', this.pos);
        this.pos = end < 0 ? text.length : end + 1;
      } else if (c === '#' && text.startsWith('#*', this.pos)) {
        const end = text.indexOf('*#', this.pos + 2);
        if (end < 0) throw new TemplateError('a #* comment is not closed');
        this.pos = end + 2;
      } else if (c === '#' && /^#\{?set\s*\(/.test(text.slice(this.pos, this.pos + 8))) {
        this.directiveSet();
      } else if (
        c === '#' &&
        /^#\{?(if|elseif|else|end|foreach|macro|define|include|parse|break|stop|evaluate)\b/.test(
          text.slice(this.pos, this.pos + 12),
        )
      ) {
        const name = /^#\{?([a-z]+)/.exec(text.slice(this.pos))![1];
        throw new TemplateError(`the #${name} directive is not supported in Onward's mapping templates`);
      } else if (c === '\\' && text[this.pos + 1] === '$') {
        this.out += '$';
        this.pos += 2;
      } else if (c === '$' && /^\$!?\{?[A-Za-z]/.test(text.slice(this.pos, this.pos + 4))) {
        const start = this.pos;
        const quiet = text[this.pos + 1] === '!';
        const value = this.reference();
        if (value === undefined || value === null) this.out += quiet ? '' : text.slice(start, this.pos);
        else this.out += renderValue(value);
      } else {
        this.out += c;
        this.pos++;
      }
    }
    return this.out;
  }

  private directiveSet(): void {
    // A #set alone on its line leaves no blank line behind (Velocity's whitespace gobbling).
    const lineStart = this.out.lastIndexOf('\n') + 1;
    const aloneOnLine = /^[ \t]*$/.test(this.out.slice(lineStart));
    this.pos = this.text.indexOf('(', this.pos) + 1;
    this.skipSpace();
    if (this.text[this.pos] !== '$') throw new TemplateError('#set must assign to a $variable');
    this.pos++;
    const name = this.identifier();
    this.skipSpace();
    if (this.text[this.pos] !== '=') throw new TemplateError(`#set($${name} ...) needs =`);
    this.pos++;
    const value = this.expression();
    this.skipSpace();
    if (this.text[this.pos] !== ')') throw new TemplateError(`#set($${name} = ...) is not closed`);
    this.pos++;
    this.vars.set(name, value);
    if (aloneOnLine) {
      const rest = /^[ \t]*\r?\n/.exec(this.text.slice(this.pos));
      if (rest) {
        this.out = this.out.slice(0, lineStart);
        this.pos += rest[0].length;
      }
    }
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private identifier(): string {
    const m = /^[A-Za-z][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!m) throw new TemplateError(`expected a name at ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))}`);
    this.pos += m[0].length;
    return m[0];
  }

  /** `$x`, `$!x`, `${x.y}`, `$x.method('a', $y)`; the position ends after what was read. */
  private reference(): Value {
    this.pos++; // $
    if (this.text[this.pos] === '!') this.pos++;
    const braced = this.text[this.pos] === '{';
    if (braced) this.pos++;
    let value: Value = this.vars.get(this.identifier());
    for (;;) {
      const c = this.text[this.pos];
      if (c === '.' && /^[A-Za-z]/.test(this.text[this.pos + 1] ?? '')) {
        this.pos++;
        const name = this.identifier();
        if (this.text[this.pos] === '(') {
          this.pos++;
          const args = this.arguments();
          value = value === undefined || value === null ? undefined : callMethod(value, name, args);
        } else {
          value = value !== null && typeof value === 'object' ? (value as Record<string, Value>)[name] : undefined;
        }
      } else if (c === '[') {
        this.pos++;
        const key = this.expression();
        this.skipSpace();
        if (this.text[this.pos] !== ']') throw new TemplateError('an index is not closed with ]');
        this.pos++;
        value = value !== null && typeof value === 'object' ? (value as Record<string, Value>)[String(key)] : undefined;
      } else break;
    }
    if (braced) {
      if (this.text[this.pos] !== '}') throw new TemplateError('a ${...} reference is not closed');
      this.pos++;
    }
    return value;
  }

  private arguments(): Value[] {
    const args: Value[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return args;
    }
    for (;;) {
      args.push(this.expression());
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ')') return args;
      if (c !== ',') throw new TemplateError('method arguments must be separated by commas');
    }
  }

  private expression(): Value {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    const c = rest[0];
    if (c === '$') return this.reference();
    if (c === "'" || c === '"') {
      const end = this.text.indexOf(c, this.pos + 1);
      if (end < 0) throw new TemplateError('a string literal is not closed');
      const raw = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return c === '"' ? new Renderer(raw, this.vars).render() : raw;
    }
    const literal = /^(-?\d+(?:\.\d+)?|true|false|null)\b/.exec(rest);
    if (literal) {
      this.pos += literal[0].length;
      return JSON.parse(literal[0]) as Value;
    }
    throw new TemplateError(`unsupported expression at ${JSON.stringify(rest.slice(0, 20))}`);
  }
}

export function renderTemplate(template: string, input: TemplateInput): string {
  return new Renderer(template, rootVariables(input)).render();
}
