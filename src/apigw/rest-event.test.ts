import { describe, expect, it } from 'vitest';
import { restRoute } from '../../test/helpers/apigw-routes.ts';
import type { GatewayRequest, RequestFacts } from './gateway-request.ts';
import { buildRestEvent } from './rest-event.ts';

/**
 * Checked against AWS's "Input format of a Lambda function for proxy integration": the request
 * `POST /testStage/hello/world?name=me` to `ANY /{proxy+}` deployed to `testStage`.
 */
const facts: RequestFacts = {
  accountId: '123456789012',
  apiId: 'gy415nuibc',
  requestId: 'deef4878-7910-11e6-8f14-25afc3e9ae33',
  extendedRequestId: 'JKJaXmPLvHcESHA=',
  traceId: 'Root=1-5a8ca5d9-0123456789abcdef01234567',
  // The AWS_IAM example's requestTimeEpoch and requestTime.
  nowMs: 1519166937665,
  port: 3000,
};

function request(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: 'POST',
    path: '/testStage/hello/world',
    rawQueryString: 'name=me&multivalueName=you&multivalueName=me',
    headers: [
      ['Host', 'gy415nuibc.execute-api.us-east-1.amazonaws.com'],
      ['Content-Type', 'application/json'],
      ['headerName', 'headerValue'],
      ['User-Agent', 'PostmanRuntime/2.4.5'],
      ['Connection', 'keep-alive'],
    ],
    body: Buffer.from('{\r\n\t"a": 1\r\n}'),
    sourceIp: '192.168.196.186',
    protocol: 'HTTP/1.1',
    ...overrides,
  };
}

const route = restRoute('ANY', '/{proxy+}', 'hello', 'testStage');

describe('the REST API (format 1.0) event', () => {
  const event = buildRestEvent({
    request: request(),
    facts,
    route,
    pathParameters: { proxy: 'hello/world' },
    resourcePath: '/hello/world',
  });

  it('has exactly the documented top-level fields', () => {
    expect(Object.keys(event).sort()).toEqual(
      [
        'resource',
        'path',
        'httpMethod',
        'headers',
        'multiValueHeaders',
        'queryStringParameters',
        'multiValueQueryStringParameters',
        'pathParameters',
        'stageVariables',
        'requestContext',
        'body',
        'isBase64Encoded',
      ].sort(),
    );
  });

  it('names the resource template, the path without the stage, and the method', () => {
    expect(event.resource).toBe('/{proxy+}');
    expect(event.path).toBe('/hello/world');
    expect(event.httpMethod).toBe('POST');
    expect(event.pathParameters).toEqual({ proxy: 'hello/world' });
    expect(event.stageVariables).toBeNull();
  });

  it('keeps header names as sent, drops hop-by-hop ones, and adds the forwarding headers', () => {
    const headers = event.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.headerName).toBe('headerValue');
    expect(headers.Host).toBe('gy415nuibc.execute-api.us-east-1.amazonaws.com');
    expect(headers.Connection).toBeUndefined();
    expect(headers['X-Forwarded-For']).toBe('192.168.196.186');
    expect(headers['X-Forwarded-Port']).toBe('3000');
    expect(headers['X-Forwarded-Proto']).toBe('http');
    expect(headers['X-Amzn-Trace-Id']).toBe(facts.traceId);
    expect((event.multiValueHeaders as Record<string, string[]>).headerName).toEqual(['headerValue']);
  });

  it('gives the last value of a repeated query parameter singly and all of them in the multi-value map', () => {
    expect(event.queryStringParameters).toEqual({ name: 'me', multivalueName: 'me' });
    expect(event.multiValueQueryStringParameters).toEqual({ name: ['me'], multivalueName: ['you', 'me'] });
  });

  it('passes the body as text', () => {
    expect(event.body).toBe('{\r\n\t"a": 1\r\n}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('fills requestContext as AWS does for an API without authorization', () => {
    const ctx = event.requestContext as Record<string, unknown>;
    expect(ctx).toMatchObject({
      accountId: '123456789012',
      apiId: 'gy415nuibc',
      resourcePath: '/{proxy+}',
      httpMethod: 'POST',
      stage: 'testStage',
      path: '/testStage/hello/world',
      protocol: 'HTTP/1.1',
      requestId: 'deef4878-7910-11e6-8f14-25afc3e9ae33',
      extendedRequestId: 'JKJaXmPLvHcESHA=',
      requestTime: '20/Feb/2018:22:48:57 +0000',
      requestTimeEpoch: 1519166937665,
      domainName: 'gy415nuibc.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'gy415nuibc',
    });
    expect(ctx.resourceId).toMatch(/^[a-z0-9]{6}$/);
    expect(ctx.identity).toEqual({
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: '192.168.196.186',
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: 'PostmanRuntime/2.4.5',
      user: null,
    });
    expect(ctx.authorizer).toBeUndefined();
  });

  it('reads + in the query string as a space and percent escapes as what they encode', () => {
    const e = buildRestEvent({
      request: request({ rawQueryString: 'sort=-+createdAt&plus=a%2Bb&flag' }),
      facts,
      route,
      pathParameters: { proxy: 'hello/world' },
      resourcePath: '/hello/world',
    });
    expect(e.queryStringParameters).toEqual({ sort: '- createdAt', plus: 'a+b', flag: '' });
  });

  it('has null maps and body when the request has none', () => {
    const bare = buildRestEvent({
      request: request({ method: 'GET', path: '/dev/items', rawQueryString: '', body: Buffer.alloc(0) }),
      facts,
      route: restRoute('GET', '/items', 'list'),
      pathParameters: {},
      resourcePath: '/items',
    });
    expect(bare.queryStringParameters).toBeNull();
    expect(bare.multiValueQueryStringParameters).toBeNull();
    expect(bare.pathParameters).toBeNull();
    expect(bare.body).toBeNull();
  });
});
