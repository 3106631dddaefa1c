import { describe, expect, it } from 'vitest';
import { eventMessage, parseRuntimeIpcRequests } from './runtime-api-ipc.ts';

describe('parseRuntimeIpcRequests', () => {
  it('reads a post and the /next that follows it, in order', () => {
    expect(
      parseRuntimeIpcRequests({
        onward: 'runtime-api',
        requests: [{ type: 'response', requestId: 'r1', body: '{"a":1}', ack: false }, { type: 'next' }],
      }),
    ).toEqual([
      {
        type: 'post',
        action: { kind: 'response', requestId: 'r1' },
        body: Buffer.from('{"a":1}'),
        errorType: undefined,
        ack: false,
      },
      { type: 'next' },
    ]);
  });

  it('reads errors with their type and init errors, and whether an answer is wanted', () => {
    const [error, init] = parseRuntimeIpcRequests({
      onward: 'runtime-api',
      requests: [
        { type: 'error', requestId: 'r2', body: Buffer.from('{}'), errorType: 'Runtime.X', ack: true, peakKb: 51200 },
        { type: 'initError', body: '{}', errorType: 'Runtime.ImportModuleError', ack: true },
      ],
    });
    expect(error).toEqual({
      type: 'post',
      action: { kind: 'error', requestId: 'r2' },
      body: Buffer.from('{}'),
      errorType: 'Runtime.X',
      ack: true,
      peakKb: 51200,
    });
    expect(init).toMatchObject({
      type: 'post',
      action: { kind: 'initError' },
      errorType: 'Runtime.ImportModuleError',
      ack: true,
    });
  });

  it('ignores what is not the runtime’s (user code may send on the channel too)', () => {
    for (const message of [
      null,
      'next',
      { type: 'next' },
      { onward: 'other', requests: [{ type: 'next' }] },
      { onward: 'runtime-api' },
    ]) {
      expect(parseRuntimeIpcRequests(message)).toEqual([]);
    }
    expect(
      parseRuntimeIpcRequests({
        onward: 'runtime-api',
        requests: [{ type: 'response', body: '{}' }, { type: 'error', requestId: 'x', body: 3 }, { type: 'nope' }, 7],
      }),
    ).toEqual([]);
  });
});

describe('eventMessage', () => {
  it('carries the /next headers in lower case, client context made header-safe, and the payload as text', () => {
    const payload = Buffer.from('{"x":1}');
    expect(
      eventMessage(
        { requestId: 'r1', deadlineMs: 1234, invokedFunctionArn: 'arn:fn', traceId: 'Root=1-a-b', clientContext: '{"k":"é"}' },
        payload,
      ),
    ).toEqual({
      type: 'event',
      headers: {
        'content-type': 'application/json',
        'lambda-runtime-aws-request-id': 'r1',
        'lambda-runtime-deadline-ms': '1234',
        'lambda-runtime-invoked-function-arn': 'arn:fn',
        'lambda-runtime-trace-id': 'Root=1-a-b',
        'lambda-runtime-client-context': '{"k":"\\u00e9"}',
      },
      body: '{"x":1}',
    });
  });
});
