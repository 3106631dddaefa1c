/**
 * A request as the listener read it, before any API Gateway shaping: what both event formats and the
 * service integrations are built from. Headers keep the client's spelling and order (REST events show
 * them as sent; HTTP API events lower-case them).
 */
export interface GatewayRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query string. */
  path: string;
  /** Everything after `?`, as sent; empty when none. */
  rawQueryString: string;
  /** [name, value] pairs in arrival order, names as the client spelled them. */
  headers: [string, string][];
  body: Buffer;
  sourceIp: string;
  /** `HTTP/1.1` */
  protocol: string;
}

/** Facts about this request that API Gateway makes up: ids and the time it arrived. */
export interface RequestFacts {
  accountId: string;
  apiId: string;
  /** REST: a UUID; HTTP API: the short id also sent back in `apigw-requestid`. */
  requestId: string;
  /** REST only: the id API Gateway also returns as `x-amz-apigw-id`. */
  extendedRequestId: string;
  traceId: string;
  nowMs: number;
  /** The listener's port: X-Forwarded-Port. */
  port: number;
}

/** Hop-by-hop headers belong to the client's connection to the gateway, not to the integration. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * The headers an integration sees: the client's, without hop-by-hop ones, plus those the gateway
 * adds (X-Forwarded-For gets the client's address appended, as a proxy does).
 */
export function forwardedHeaders(request: GatewayRequest, facts: RequestFacts): [string, string][] {
  const out: [string, string][] = [];
  let forwardedFor: string | undefined;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
      continue;
    }
    if (lower === 'x-forwarded-port' || lower === 'x-forwarded-proto' || lower === 'x-amzn-trace-id') continue;
    out.push([name, value]);
  }
  out.push(['X-Amzn-Trace-Id', facts.traceId]);
  out.push(['X-Forwarded-For', forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`]);
  out.push(['X-Forwarded-Port', String(facts.port)]);
  out.push(['X-Forwarded-Proto', 'http']);
  return out;
}

export function headerValue(headers: [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const [n, v] of headers) if (n.toLowerCase() === lower) found = v;
  return found;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `a=1&a=2&b` -> [[a,1],[a,2],[b,'']], form-decoded: API Gateway reads `+` as a space
 * (`?sort=-+createdAt` arrives as `- createdAt`, aws/aws-cdk#19827).
 */
export function parseQuery(rawQueryString: string): [string, string][] {
  if (rawQueryString === '') return [];
  return rawQueryString
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const decode = (text: string) => decodeComponent(text.replace(/\+/g, ' '));
      return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestTime` / `time`: `04/Mar/2020:19:15:17 +0000`. */
export function formatRequestTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** The `Host` the client used (`127.0.0.1:3000`): domainName; its first label: domainPrefix. */
export function domainOf(request: GatewayRequest): { domainName: string; domainPrefix: string } {
  const domainName = headerValue(request.headers, 'host') ?? 'localhost';
  const hostOnly = domainName.replace(/:\d+$/, '');
  return { domainName, domainPrefix: hostOnly.split('.')[0] ?? hostOnly };
}
