import { describe, expect, it } from 'vitest';
import { httpRoute } from '../../test/helpers/apigw-routes.ts';
import type { GatewayRequest, RequestFacts } from './gateway-request.ts';
import { buildHttpApiEvent, isTextBody } from './http-api-event.ts';

/** Checked against AWS's "payload format version 2.0" example (`$default` route, POST /my/path). */
const facts: RequestFacts = {
  accountId: '123456789012',
  apiId: 'api-id',
  requestId: 'JKJaXmPLvHcESHA=',
  extendedRequestId: 'JKJaXmPLvHcESHA=',
  traceId: 'Root=1-5e5ff9fe-0123456789abcdef01234567',
  nowMs: 1583348638390,
  port: 3000,
};

function request(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: 'POST',
    path: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    headers: [
      ['Host', 'id.execute-api.us-east-1.amazonaws.com'],
      ['Header1', 'value1'],
      ['Header2', 'value1'],
      ['Header2', 'value2'],
      ['Cookie', 'cookie1; cookie2'],
      ['User-Agent', 'agent'],
      ['Content-Type', 'text/plain'],
    ],
    body: Buffer.from('Hello from Lambda'),
    sourceIp: '198.51.100.7',
    protocol: 'HTTP/1.1',
    ...overrides,
  };
}

describe('the HTTP API (format 2.0) event', () => {
  const event = buildHttpApiEvent({ request: request(), facts, route: httpRoute('ANY', '$default', 'fn'), pathParameters: {} });

  it('carries the raw path and query string and the route key', () => {
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('$default');
    expect(event.rawPath).toBe('/my/path');
    expect(event.rawQueryString).toBe('parameter1=value1&parameter1=value2&parameter2=value');
  });

  it('takes cookies out of the headers and lower-cases and comma-joins the rest', () => {
    expect(event.cookies).toEqual(['cookie1', 'cookie2']);
    const headers = event.headers as Record<string, string>;
    expect(headers.header1).toBe('value1');
    expect(headers.header2).toBe('value1,value2');
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-forwarded-for']).toBe('198.51.100.7');
    expect(Object.keys(headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('comma-joins repeated query parameters', () => {
    expect(event.queryStringParameters).toEqual({ parameter1: 'value1,value2', parameter2: 'value' });
  });

  it('fills requestContext with the documented fields', () => {
    expect(event.requestContext).toEqual({
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'agent' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '04/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    });
  });

  it('passes a text body as text', () => {
    expect(event.body).toBe('Hello from Lambda');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('leaves out what the request does not have, and names a declared route in routeKey', () => {
    const bare = buildHttpApiEvent({
      request: request({ method: 'GET', path: '/items/7', rawQueryString: '', headers: [['Host', 'h']], body: Buffer.alloc(0) }),
      facts,
      route: httpRoute('GET', '/items/{id}', 'fn'),
      pathParameters: { id: '7' },
    });
    expect(bare.routeKey).toBe('GET /items/{id}');
    expect(bare.rawQueryString).toBe('');
    expect(bare.pathParameters).toEqual({ id: '7' });
    for (const absent of ['cookies', 'queryStringParameters', 'body', 'stageVariables']) expect(bare).not.toHaveProperty(absent);
  });

  it('decodes the path, as HTTP APIs do', () => {
    const e = buildHttpApiEvent({
      request: request({ path: '/files/a%20b/%C3%A9' }),
      facts,
      route: httpRoute('GET', '/files/{proxy+}', 'fn'),
      pathParameters: { proxy: 'a b/é' },
    });
    expect(e.rawPath).toBe('/files/a b/é');
    expect((e.requestContext as { http: { path: string } }).http.path).toBe('/files/a b/é');
  });

  it('base64-encodes form posts and binary bodies', () => {
    const form = buildHttpApiEvent({
      request: request({ headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: Buffer.from('a=1&b=2') }),
      facts,
      route: httpRoute('POST', '/my/path', 'fn'),
      pathParameters: {},
    });
    expect(form.isBase64Encoded).toBe(true);
    expect(Buffer.from(form.body as string, 'base64').toString()).toBe('a=1&b=2');
  });
});

describe('isTextBody', () => {
  it('treats text, JSON, XML and JavaScript as text', () => {
    for (const type of [
      'text/plain',
      'text/html; charset=utf-8',
      'application/json',
      'application/vnd.api+json',
      'application/xml',
      'application/javascript',
    ])
      expect(isTextBody(type, Buffer.from('x'))).toBe(true);
  });

  it('treats other types as binary, and an untyped body by whether it is UTF-8', () => {
    expect(isTextBody('image/png', Buffer.from('x'))).toBe(false);
    expect(isTextBody('application/octet-stream', Buffer.from('x'))).toBe(false);
    expect(isTextBody(undefined, Buffer.from('plain'))).toBe(true);
    expect(isTextBody(undefined, Buffer.from([0xff, 0xfe, 0x00]))).toBe(false);
  });
});
