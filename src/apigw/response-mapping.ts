import type { GatewayAnswer } from './gateway-answers.ts';

/**
 * A function's answer -> the HTTP response, as API Gateway maps a Lambda proxy integration's output.
 *
 * REST API (format 1.0): the payload must be a JSON object with only `statusCode`, `headers`,
 * `multiValueHeaders`, `body` (a string), `isBase64Encoded` (REST also reads `base64Encoded`) and
 * `cookies`; anything else is "Malformed Lambda proxy response" (502). `headers` and
 * `multiValueHeaders` merge, a pair present in both appearing once.
 *
 * HTTP API (format 2.0): a payload that is not an object with `statusCode` is taken as the body of a
 * 200 `application/json` response (a JSON string as its text, anything else as the JSON itself);
 * otherwise `headers` (single values), `cookies` (one Set-Cookie each), `body`, `isBase64Encoded`.
 * Unknown fields are ignored.
 *
 * Both add `Content-Type: application/json` when the function set none. A base64 body is decoded when
 * `isBase64Encoded` is true (REST APIs do so only for configured binary media types, which Onward's
 * app description does not carry: decoding always is what a configured app sees).
 */
export type MappedResponse = { ok: true; answer: GatewayAnswer } | { ok: false; reason: string };

const REST_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded', 'base64Encoded', 'cookies']);

function malformed(reason: string): MappedResponse {
  return { ok: false, reason };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(payload: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(payload.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

function statusOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function flagOf(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function singleHeaders(value: unknown, into: [string, string][]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) return 'headers must be an object';
  for (const [name, v] of Object.entries(value)) {
    const text = scalarText(v);
    if (text === undefined) return `header ${name} must be a string`;
    into.push([name, text]);
  }
  return undefined;
}

function withContentType(headers: [string, string][]): [string, string][] {
  return headers.some(([name]) => name.toLowerCase() === 'content-type')
    ? headers
    : [...headers, ['Content-Type', 'application/json']];
}

function bodyBuffer(body: string | undefined, base64: boolean): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return base64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

export function mapRestResponse(payload: Buffer): MappedResponse {
  const parsed = parseJson(payload);
  if (!parsed.ok) return malformed('the function did not return JSON');
  const output = parsed.value;
  if (!isPlainObject(output)) return malformed('the function must return a JSON object');
  const unknown = Object.keys(output).filter((key) => !REST_KEYS.has(key));
  if (unknown.length > 0) return malformed(`unexpected field(s) ${unknown.join(', ')}`);

  const statusCode = output.statusCode === undefined || output.statusCode === null ? 200 : statusOf(output.statusCode);
  if (statusCode === undefined) return malformed('statusCode must be an HTTP status code');

  const multi: [string, string][] = [];
  if (output.multiValueHeaders !== undefined && output.multiValueHeaders !== null) {
    if (!isPlainObject(output.multiValueHeaders)) return malformed('multiValueHeaders must be an object');
    for (const [name, values] of Object.entries(output.multiValueHeaders)) {
      if (!Array.isArray(values)) return malformed(`multiValueHeaders.${name} must be a list`);
      for (const v of values) {
        const text = scalarText(v);
        if (text === undefined) return malformed(`multiValueHeaders.${name} must hold strings`);
        multi.push([name, text]);
      }
    }
  }
  const single: [string, string][] = [];
  const headerProblem = singleHeaders(output.headers, single);
  if (headerProblem) return malformed(headerProblem);
  const headers = [...multi];
  for (const [name, value] of single) {
    const lower = name.toLowerCase();
    if (!multi.some(([n, v]) => n.toLowerCase() === lower && v === value)) headers.push([name, value]);
  }

  if (output.body !== undefined && output.body !== null && typeof output.body !== 'string')
    return malformed('body must be a string');
  const base64 = flagOf(output.base64Encoded ?? output.isBase64Encoded);
  if (base64 === undefined) return malformed('isBase64Encoded must be a boolean');
  const body = typeof output.body === 'string' ? output.body : undefined;
  return { ok: true, answer: { statusCode, headers: withContentType(headers), body: bodyBuffer(body, base64) } };
}

export function mapHttpApiResponse(payload: Buffer): MappedResponse {
  const parsed = parseJson(payload);
  if (!parsed.ok) return malformed('the function did not return JSON');
  const output = parsed.value;
  if (!isPlainObject(output) || !('statusCode' in output)) {
    const body = typeof output === 'string' ? output : payload.toString('utf8');
    return { ok: true, answer: { statusCode: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(body) } };
  }
  const statusCode = statusOf(output.statusCode);
  if (statusCode === undefined) return malformed('statusCode must be an HTTP status code');
  const headers: [string, string][] = [];
  const headerProblem = singleHeaders(output.headers, headers);
  if (headerProblem) return malformed(headerProblem);
  if (Array.isArray(output.cookies)) {
    for (const cookie of output.cookies) if (typeof cookie === 'string') headers.push(['Set-Cookie', cookie]);
  }
  if (output.body !== undefined && output.body !== null && typeof output.body !== 'string')
    return malformed('body must be a string');
  const base64 = flagOf(output.isBase64Encoded);
  if (base64 === undefined) return malformed('isBase64Encoded must be a boolean');
  const body = typeof output.body === 'string' ? output.body : undefined;
  return { ok: true, answer: { statusCode, headers: withContentType(headers), body: bodyBuffer(body, base64) } };
}
