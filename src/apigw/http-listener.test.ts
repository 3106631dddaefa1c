import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpRoute, restRoute } from '../../test/helpers/apigw-routes.ts';
import { loadApp } from '../app/find-app.ts';
import { createHttpListener, type HttpListener, type HttpListenerPorts } from './http-listener.ts';
import type { QueueSendRequest, TopicPublishRequest } from './service-integration.ts';

/**
 * The listener on a real port, driven with fetch. Its ports are fakes that record what they are asked
 * and answer as each test sets: Onward's own Lambda, SNS and SQS are driven end to end by `onward up`'s tests.
 */
type Handler = (event: Record<string, unknown>) => { payload: unknown; functionError?: string } | Promise<never>;

const invocations: { functionArn: string; event: Record<string, unknown> }[] = [];
const published: TopicPublishRequest[] = [];
const sent: QueueSendRequest[] = [];
const logs: string[] = [];
let handler: Handler = () => ({ payload: { statusCode: 200, body: 'ok' } });
let publishError: Error | undefined;

const ports: HttpListenerPorts = {
  async invokeFunction(functionArn, payload) {
    const event = JSON.parse(payload.toString()) as Record<string, unknown>;
    invocations.push({ functionArn, event });
    const result = await handler(event);
    return {
      payload: Buffer.from(JSON.stringify(result.payload)),
      ...(result.functionError ? { functionError: result.functionError } : {}),
    };
  },
  async publish(request) {
    if (publishError) throw publishError;
    published.push(request);
    return { messageId: `msg-${published.length}` };
  },
  async sendMessage(request) {
    sent.push(request);
    return { messageId: `sqs-${sent.length}`, md5OfMessageBody: createHash('md5').update(request.body).digest('hex') };
  },
};

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:payments-develop-payments';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:orders';
const NOW_MS = Date.UTC(2026, 10, 22, 12, 0, 0);

const routes = [
  restRoute('GET', '/items/{id}', 'items-get'),
  restRoute('ANY', '/{proxy+}', 'catch-all'),
  restRoute('POST', '/payment', { kind: 'sns', topicArn: TOPIC }, 'develop'),
  restRoute('POST', '/orders', {
    kind: 'sqs',
    queueArn: QUEUE,
    messageTemplate: "Action=SendMessage&MessageBody=$util.urlEncode($input.json('$.order'))",
  }),
  httpRoute('GET', '/hello/{name}', 'hello'),
];

let listener: HttpListener;
let base: string;

beforeAll(async () => {
  listener = createHttpListener({
    routes,
    ports,
    nowMs: () => NOW_MS,
    log: (line) => logs.push(line),
    accountId: '000000000000',
    integrationTimeoutMs: { rest: 300, http: 300 },
    maxBodyBytes: 64 * 1024,
  });
  await listener.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${listener.address().port}`;
});

afterAll(async () => {
  await listener.close();
});

beforeEach(() => {
  invocations.length = 0;
  published.length = 0;
  sent.length = 0;
  logs.length = 0;
  publishError = undefined;
  handler = () => ({ payload: { statusCode: 200, body: 'ok' } });
});

describe('REST API routes', () => {
  it('invoke the function with the format 1.0 event and answer with its response', async () => {
    handler = () => ({
      payload: {
        statusCode: 201,
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        headers: { 'Content-Type': 'text/plain' },
        body: 'made',
      },
    });
    const response = await fetch(`${base}/dev/items/42?x=1&x=2`, { headers: { 'X-Custom': 'yes' } });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('made');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);

    expect(invocations).toHaveLength(1);
    const { functionArn, event } = invocations[0]!;
    expect(functionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:items-get');
    expect(event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/42',
      httpMethod: 'GET',
      pathParameters: { id: '42' },
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      body: null,
      isBase64Encoded: false,
    });
    const ctx = event.requestContext as Record<string, unknown>;
    expect(ctx).toMatchObject({ stage: 'dev', path: '/dev/items/42', accountId: '000000000000', requestTimeEpoch: NOW_MS });
    expect(ctx.requestId).toBe(response.headers.get('x-amzn-requestid'));
    expect((event.headers as Record<string, string>)['X-Custom']).toBe('yes');
  });

  it('send the rest of the path to a greedy route with ANY', async () => {
    await fetch(`${base}/dev/a/b/c`, { method: 'DELETE' });
    expect(invocations[0]!.event).toMatchObject({
      resource: '/{proxy+}',
      httpMethod: 'DELETE',
      pathParameters: { proxy: 'a/b/c' },
    });
  });

  it('answer 502 "Internal server error" when the function fails', async () => {
    handler = () => ({ payload: { errorMessage: 'boom', errorType: 'Error' }, functionError: 'Unhandled' });
    const response = await fetch(`${base}/dev/items/1`);
    expect(response.status).toBe(502);
    expect(await response.text()).toBe('{"message": "Internal server error"}');
    expect(response.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
  });

  it('answer 502 and log why when the response is malformed', async () => {
    handler = () => ({ payload: { statusCode: 200, body: { not: 'a string' } } });
    const response = await fetch(`${base}/dev/items/1`);
    expect(response.status).toBe(502);
    expect(logs.some((line) => line.includes('Malformed Lambda proxy response (body must be a string)'))).toBe(true);
  });

  it('answer 500 when Lambda refuses the invocation', async () => {
    handler = () => Promise.reject(new Error('Function not found'));
    const response = await fetch(`${base}/dev/items/1`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message": "Internal server error"}');
  });

  it('answer 504 when the function outlasts the integration timeout', async () => {
    handler = () => new Promise<never>(() => undefined);
    const response = await fetch(`${base}/dev/items/1`);
    expect(response.status).toBe(504);
    expect(await response.text()).toBe('{"message": "Endpoint request timed out"}');
  });

  it('answer 403 Missing Authentication Token for a stage URL without a route', async () => {
    for (const path of ['/develop/payment', '/develop', '/develop/other']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(403);
      expect(await response.text()).toBe('{"message":"Missing Authentication Token"}');
      expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    }
    expect(invocations).toHaveLength(0);
  });

  it('decode a base64 body the function returns', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    handler = () => ({
      payload: {
        statusCode: 200,
        isBase64Encoded: true,
        headers: { 'Content-Type': 'image/png' },
        body: bytes.toString('base64'),
      },
    });
    const response = await fetch(`${base}/dev/items/img`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('refuse a body over the payload limit with 413', async () => {
    const response = await fetch(`${base}/dev/items/1`, { method: 'POST', body: 'x'.repeat(65 * 1024) });
    expect(response.status).toBe(413);
    expect(invocations).toHaveLength(0);
  });
});

describe('HTTP API routes', () => {
  it('invoke with the format 2.0 event and infer 200 JSON from a plain result', async () => {
    handler = (event) => ({ payload: { greeting: `hello ${(event.pathParameters as Record<string, string>).name}` } });
    const response = await fetch(`${base}/hello/ann?a=1&a=2`, { headers: { Cookie: 'c1=x; c2=y' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ greeting: 'hello ann' });
    expect(response.headers.get('apigw-requestid')).toMatch(/=$/);

    const event = invocations[0]!.event;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /hello/{name}',
      rawPath: '/hello/ann',
      rawQueryString: 'a=1&a=2',
      cookies: ['c1=x', 'c2=y'],
      queryStringParameters: { a: '1,2' },
      pathParameters: { name: 'ann' },
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      stage: '$default',
      routeKey: 'GET /hello/{name}',
      timeEpoch: NOW_MS,
      http: { method: 'GET', path: '/hello/ann' },
    });
  });

  it('answer 500 "Internal Server Error" when the function fails', async () => {
    handler = () => ({ payload: { errorMessage: 'boom' }, functionError: 'Unhandled' });
    const response = await fetch(`${base}/hello/ann`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
  });

  it('answer 503 when the function outlasts the integration timeout', async () => {
    handler = () => new Promise<never>(() => undefined);
    const response = await fetch(`${base}/hello/ann`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('{"message":"Service Unavailable"}');
  });

  it('answer 404 "Not Found" for a URL without a route and without a REST stage', async () => {
    for (const path of ['/goodbye', '/items/1']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('{"message":"Not Found"}');
    }
  });
});

describe('service integrations', () => {
  it('publish the request body to the topic and answer with the PublishResponse (the payments seed)', async () => {
    const body = JSON.stringify({ paymentId: 'p-1', amount: 12 });
    const response = await fetch(`${base}/develop/payment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    const document = (await response.json()) as { PublishResponse: { PublishResult: { MessageId: string } } };
    expect(document.PublishResponse.PublishResult.MessageId).toBe('msg-1');
    expect(published).toEqual([{ topicArn: TOPIC, message: body }]);
  });

  it('pass an SNS error through as its JSON error document', async () => {
    publishError = Object.assign(new Error('Topic does not exist'), { code: 'NotFound', senderFault: true });
    const response = await fetch(`${base}/develop/payment`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ Error: { Code: 'NotFound', Message: 'Topic does not exist', Type: 'Sender' } });
  });

  it('send what the request template renders to the queue', async () => {
    const response = await fetch(`${base}/dev/orders`, { method: 'POST', body: JSON.stringify({ order: { id: 7 } }) });
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      SendMessageResponse: { SendMessageResult: { MessageId: string; MD5OfMessageBody: string } };
    };
    expect(sent).toEqual([{ queueArn: QUEUE, body: '{"id":7}' }]);
    expect(document.SendMessageResponse.SendMessageResult).toMatchObject({
      MessageId: 'sqs-1',
      MD5OfMessageBody: createHash('md5').update('{"id":7}').digest('hex'),
    });
  });
});

describe('redeploying', () => {
  it('serves new routes without restarting the listener', async () => {
    expect((await fetch(`${base}/fresh`)).status).toBe(404);
    listener.setRoutes([...routes, httpRoute('ANY', '$default', 'fallback')]);
    try {
      const response = await fetch(`${base}/fresh`, { method: 'PATCH' });
      expect(response.status).toBe(200);
      expect(invocations.at(-1)!.functionArn).toMatch(/:function:fallback$/);
      expect(invocations.at(-1)!.event.routeKey).toBe('$default');
    } finally {
      listener.setRoutes(routes);
    }
    expect(listener.routes()).toHaveLength(routes.length);
  });
});

describe('the payments seed as the loader describes it', () => {
  it('publishes POST /develop/payment to the payments topic', async () => {
    const app = loadApp(path.resolve(import.meta.dirname, '../../examples/payments'));
    const seed = createHttpListener({ routes: app.httpRoutes, ports, nowMs: () => NOW_MS, log: (line) => logs.push(line) });
    await seed.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${seed.address().port}`;
      const body = JSON.stringify({ paymentId: 'p-9', amount: 3 });
      const response = await fetch(`${url}/develop/payment`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      expect(response.status).toBe(200);
      expect(published).toEqual([{ topicArn: 'arn:aws:sns:us-east-1:000000000000:payments-develop-payments', message: body }]);
      expect((await fetch(`${url}/payment`, { method: 'POST', body })).status).toBe(403);
      expect(logs).toContain('no route for POST /payment: REST API URLs start with the stage (/develop)');
    } finally {
      await seed.close();
    }
  });
});
