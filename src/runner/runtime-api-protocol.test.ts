import { describe, expect, it } from 'vitest';
import { headerSafeJson, nextInvocationHeaders, routeRuntimeApiRequest, traceHeader } from './runtime-api-protocol.ts';

describe('Runtime API routes', () => {
  it.each([
    ['GET', '/2018-06-01/runtime/invocation/next', { kind: 'next' }],
    ['POST', '/2018-06-01/runtime/invocation/next', { kind: 'methodNotAllowed' }],
    ['POST', '/2018-06-01/runtime/invocation/a%2Fb/response', { kind: 'response', requestId: 'a/b' }],
    ['POST', '/2018-06-01/runtime/invocation/abc/error?x=1', { kind: 'error', requestId: 'abc' }],
    ['GET', '/2018-06-01/runtime/invocation/abc/error', { kind: 'methodNotAllowed' }],
    ['POST', '/2018-06-01/runtime/init/error', { kind: 'initError' }],
    ['POST', '/2018-06-01/runtime/invocation/%E0%A4%A/response', { kind: 'notFound' }],
    ['GET', '/2020-01-01/extension/event/next', { kind: 'notFound' }],
  ])('%s %s', (method, url, route) => {
    expect(routeRuntimeApiRequest(method, url)).toEqual(route);
  });
});

describe('/next headers', () => {
  it('carry the request id, deadline, ARN, trace and the optional JSON headers', () => {
    expect(
      nextInvocationHeaders({
        requestId: 'r',
        deadlineMs: 1700000000123,
        invokedFunctionArn: 'arn',
        traceId: 't',
        clientContext: '{"a": 1}',
      }),
    ).toEqual({
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': 'r',
      'Lambda-Runtime-Deadline-Ms': '1700000000123',
      'Lambda-Runtime-Invoked-Function-Arn': 'arn',
      'Lambda-Runtime-Trace-Id': 't',
      'Lambda-Runtime-Client-Context': '{"a":1}',
    });
  });

  it('keep JSON header values on one line of printable ASCII', () => {
    expect(headerSafeJson('{\n "name": "Zoë ☃"\n}')).toBe('{"name":"Zo\\u00eb \\u2603"}');
    expect(JSON.parse(headerSafeJson('{"name": "Zoë ☃"}'))).toEqual({ name: 'Zoë ☃' });
    expect(headerSafeJson('not json\n☃')).toBe('not json');
  });

  it('make an X-Ray trace header when the invocation has none', () => {
    expect(traceHeader(1_700_000_000_999, '0123456789abcdef0123456789abcdef01234567')).toBe(
      'Root=1-6553f100-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=0',
    );
  });
});
