import type { HttpRouteSpec } from '../app/app-description.ts';
import {
  domainOf,
  formatRequestTime,
  forwardedHeaders,
  headerValue,
  parseQuery,
  type GatewayRequest,
  type RequestFacts,
} from './gateway-request.ts';

/**
 * The Lambda proxy integration event of an HTTP API (payload format 2.0), as AWS's "payload format
 * version 2.0" shows it: `rawPath` URL-decoded (live captures show HTTP APIs decode it, REST APIs do
 * not), header names lower-cased, repeated headers and query parameters joined with
 * commas, cookies taken out of the headers into `cookies`; fields without a value are left out. The
 * body is base64-encoded unless its content type is textual (HTTP APIs have no binary media types
 * setting: a form post arrives base64-encoded too).
 */
export interface HttpApiEventInput {
  request: GatewayRequest;
  facts: RequestFacts;
  route: HttpRouteSpec;
  pathParameters: Record<string, string>;
}

/** `$default`, or `METHOD /path` as the route was declared (`ANY /{proxy+}`). */
export function routeKeyOf(route: HttpRouteSpec): string {
  return route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
}

const TEXT_TYPES = [/^text\//, /^application\/(.+\+)?json\b/, /^application\/(.+\+)?xml\b/, /^application\/javascript\b/];

/** Whether the HTTP API passes this body as text. A body without a content type counts as text when it is valid UTF-8. */
export function isTextBody(contentType: string | undefined, body: Buffer): boolean {
  if (contentType === undefined || contentType.trim() === '') {
    return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
  }
  const type = contentType.toLowerCase().trim();
  return TEXT_TYPES.some((pattern) => pattern.test(type));
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function joined(pairs: [string, string][]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  return out;
}

export function buildHttpApiEvent(input: HttpApiEventInput): Record<string, unknown> {
  const { request, facts, route } = input;
  const cookies: string[] = [];
  const headers: [string, string][] = [];
  for (const [name, value] of forwardedHeaders(request, facts)) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') cookies.push(...value.split(/;\s*/).filter((c) => c !== ''));
    else headers.push([lower, value]);
  }
  const query = joined(parseQuery(request.rawQueryString));
  const { domainName, domainPrefix } = domainOf(request);
  const routeKey = routeKeyOf(route);
  const path = decodedPath(request.path);
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: request.rawQueryString,
  };
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = joined(headers) ?? {};
  if (query) event.queryStringParameters = query;
  event.requestContext = {
    accountId: facts.accountId,
    apiId: facts.apiId,
    domainName,
    domainPrefix,
    http: {
      method: request.method,
      path,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: headerValue(request.headers, 'user-agent') ?? '',
    },
    requestId: facts.requestId,
    routeKey,
    stage: '$default',
    time: formatRequestTime(facts.nowMs),
    timeEpoch: facts.nowMs,
  };
  if (request.body.length > 0) {
    const text = isTextBody(headerValue(request.headers, 'content-type'), request.body);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  } else {
    event.isBase64Encoded = false;
  }
  if (Object.keys(input.pathParameters).length > 0) event.pathParameters = { ...input.pathParameters };
  return event;
}
