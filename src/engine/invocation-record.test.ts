import { describe, expect, it } from 'vitest';
import { deadLetterMessage, invocationRecord, invocationRecordJson } from './invocation-record.ts';

describe('invocation records', () => {
  it('shapes a success record with embedded payloads and no functionError', () => {
    const record = invocationRecord({
      requestId: 'r1',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST',
      condition: 'Success',
      approximateInvokeCount: 1,
      requestPayload: Buffer.from('{"a": 1}'),
      response: { executedVersion: '$LATEST', payload: Buffer.from('{"ok":true}') },
      timestampMs: Date.UTC(2026, 10, 22, 15, 4, 5, 123),
    });
    expect(JSON.stringify(record)).toBe(
      '{"version":"1.0","timestamp":"2026-11-22T15:04:05.123Z","requestContext":{"requestId":"r1","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST","condition":"Success","approximateInvokeCount":1},"requestPayload":{"a":1},"responseContext":{"statusCode":200,"executedVersion":"$LATEST"},"responsePayload":{"ok":true}}',
    );
  });

  it('leaves out the response when no attempt ran', () => {
    const record = invocationRecord({
      requestId: 'r2',
      functionArn: 'arn',
      condition: 'ZeroReservedConcurrency',
      approximateInvokeCount: 0,
      requestPayload: Buffer.from('{}'),
      response: undefined,
      timestampMs: 0,
    });
    expect(Object.keys(record)).toEqual(['version', 'timestamp', 'requestContext', 'requestPayload']);
  });

  it('builds the dead-letter message from the original bytes and the error', () => {
    const message = deadLetterMessage('r3', Buffer.from('{"raise_error": 1}'), {
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
      payload: Buffer.from(JSON.stringify({ errorMessage: 'x'.repeat(2000), errorType: 'Error' })),
    });
    expect(message.body).toBe('{"raise_error": 1}');
    expect(message.attributes.ErrorCode).toEqual({ DataType: 'Number', StringValue: '200' });
    expect(message.attributes.ErrorMessage.StringValue).toHaveLength(1024);
    expect(message.attributes.RequestID.StringValue).toBe('r3');
  });

  it('splices payloads into the record text as they were written, and agrees with the record object', () => {
    const input = {
      requestId: 'r4',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST',
      condition: 'RetriesExhausted' as const,
      approximateInvokeCount: 3,
      requestPayload: Buffer.from('{ "Success": true }'),
      response: {
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
        payload: Buffer.from('{"errorMessage": "name \'body\' is not defined", "errorType": "NameError"}'),
      },
      timestampMs: 0,
    };
    const text = invocationRecordJson(input);
    expect(text).toContain('"requestPayload":{ "Success": true },"responseContext":');
    expect(text).toContain('"responsePayload":{"errorMessage": "name \'body\' is not defined", "errorType": "NameError"}}');
    expect(JSON.parse(text)).toEqual(invocationRecord(input));
  });

  it('embeds a payload that is not JSON as a string, and an empty one as null', () => {
    const text = invocationRecordJson({
      requestId: 'r5',
      functionArn: 'arn',
      condition: 'Success',
      approximateInvokeCount: 1,
      requestPayload: Buffer.from(''),
      response: { executedVersion: '1', payload: Buffer.from('plain "text"') },
      timestampMs: 0,
    });
    expect(JSON.parse(text)).toMatchObject({ requestPayload: null, responsePayload: 'plain "text"' });
  });
});
