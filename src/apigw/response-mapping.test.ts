import { describe, expect, it } from 'vitest';
import { mapHttpApiResponse, mapRestResponse, type MappedResponse } from './response-mapping.ts';

const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

function answer(mapped: MappedResponse) {
  if (!mapped.ok) throw new Error(`malformed: ${mapped.reason}`);
  return { ...mapped.answer, body: mapped.answer.body.toString() };
}

describe('REST API (format 1.0) response mapping', () => {
  it('takes statusCode, headers and the body string', () => {
    const a = answer(
      mapRestResponse(payload({ statusCode: 201, headers: { 'Content-Type': 'text/plain', 'X-N': 5 }, body: 'made' })),
    );
    expect(a).toEqual({
      statusCode: 201,
      headers: [
        ['Content-Type', 'text/plain'],
        ['X-N', '5'],
      ],
      body: 'made',
    });
  });

  it('merges multiValueHeaders with headers, a pair in both appearing once', () => {
    const a = answer(
      mapRestResponse(
        payload({
          statusCode: 200,
          headers: { 'Set-Cookie': 'a=1', 'X-One': 'x' },
          multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        }),
      ),
    );
    expect(a.headers).toEqual([
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
      ['X-One', 'x'],
      ['Content-Type', 'application/json'],
    ]);
  });

  it('answers 200 with application/json when the function leaves them out', () => {
    expect(answer(mapRestResponse(payload({ body: 'ok' })))).toEqual({
      statusCode: 200,
      headers: [['Content-Type', 'application/json']],
      body: 'ok',
    });
    expect(answer(mapRestResponse(payload({ statusCode: '204' }))).statusCode).toBe(204);
  });

  it('decodes a base64 body', () => {
    const mapped = mapRestResponse(
      payload({ statusCode: 200, isBase64Encoded: true, body: Buffer.from([1, 2, 255]).toString('base64') }),
    );
    expect(mapped.ok && [...mapped.answer.body]).toEqual([1, 2, 255]);
  });

  it.each([
    ['a body that is not a string', { statusCode: 200, body: { hey: 'dude' } }, 'body must be a string'],
    ['an unknown field', { statusCode: 200, body: 'x', extra: 1 }, 'unexpected field(s) extra'],
    ['a status that is not one', { statusCode: 'OK' }, 'statusCode must be an HTTP status code'],
    ['headers that are not a map', { statusCode: 200, headers: ['a'] }, 'headers must be an object'],
    ['a string', 'hello', 'the function must return a JSON object'],
    ['a list', [1], 'the function must return a JSON object'],
  ])('rejects %s as a malformed Lambda proxy response', (_what, value, reason) => {
    expect(mapRestResponse(payload(value))).toEqual({ ok: false, reason });
  });

  it('rejects a payload that is not JSON', () => {
    expect(mapRestResponse(Buffer.from('not json'))).toEqual({ ok: false, reason: 'the function did not return JSON' });
  });
});

describe('HTTP API (format 2.0) response mapping', () => {
  it('infers 200 JSON for a string, the string itself being the body', () => {
    expect(answer(mapHttpApiResponse(payload('Hello from Lambda!')))).toEqual({
      statusCode: 200,
      headers: [['Content-Type', 'application/json']],
      body: 'Hello from Lambda!',
    });
  });

  it('infers 200 JSON for an object without statusCode, the JSON being the body', () => {
    const raw = Buffer.from('{ "message": "Hello from Lambda!" }');
    expect(answer(mapHttpApiResponse(raw)).body).toBe('{ "message": "Hello from Lambda!" }');
    expect(answer(mapHttpApiResponse(payload(42))).body).toBe('42');
  });

  it('turns each cookie into a Set-Cookie header', () => {
    const a = answer(mapHttpApiResponse(payload({ statusCode: 302, cookies: ['a=1', 'b=2'], headers: { location: '/x' } })));
    expect(a.statusCode).toBe(302);
    expect(a.headers).toEqual([
      ['location', '/x'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
      ['Content-Type', 'application/json'],
    ]);
    expect(a.body).toBe('');
  });

  it('ignores fields it does not know, and multiValueHeaders', () => {
    const a = answer(mapHttpApiResponse(payload({ statusCode: 200, body: 'x', multiValueHeaders: { a: ['1'] }, other: true })));
    expect(a.headers).toEqual([['Content-Type', 'application/json']]);
  });

  it('rejects a body that is not a string', () => {
    expect(mapHttpApiResponse(payload({ statusCode: 200, body: { a: 1 } }))).toEqual({
      ok: false,
      reason: 'body must be a string',
    });
  });
});
