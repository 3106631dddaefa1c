/** The AWS edge as raw HTTP: detection, protocol errors, internal endpoints, legacy Query addressing. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOnward, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;

beforeAll(async () => {
  onward = await startTestOnward();
});

afterAll(async () => {
  await onward.stop();
});

const SQS_AUTH = 'AWS4-HMAC-SHA256 Credential=test/20261122/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0';

function sqsJson(operation: string, body: unknown): Promise<Response> {
  return fetch(onward.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}`, authorization: SQS_AUTH },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function query(path: string, params: Record<string, string>, authorization?: string): Promise<Response> {
  return fetch(`${onward.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(params).toString(),
  });
}

describe('internal endpoints', () => {
  const RUNNING_SERVICES = Object.fromEntries(
    ['sqs', 'lambda', 'logs', 'events', 'kinesis', 'sns', 'scheduler'].map((name) => [name, 'running']),
  );

  it('tells health, services and store, also at the LocalStack path', async () => {
    const health = (await (await fetch(`${onward.url}/_onward/health`)).json()) as Record<string, any>;
    expect(health).toMatchObject({
      status: 'running',
      services: RUNNING_SERVICES,
      store: { backend: 'sqlite' },
      clock: { mode: 'manual' },
    });
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
    const localstack = (await (await fetch(`${onward.url}/_localstack/health`)).json()) as Record<string, any>;
    expect(localstack).toEqual({
      services: RUNNING_SERVICES,
      edition: 'onward',
      version: health.version,
    });
  });

  it('moves the manual clock only when advanced', async () => {
    const before = (await (await fetch(`${onward.url}/_onward/clock`)).json()) as { nowMs: number; now: string };
    const advanced = (await (
      await fetch(`${onward.url}/_onward/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 90 }) })
    ).json()) as { nowMs: number };
    expect(advanced.nowMs - before.nowMs).toBe(90_000);
    expect(new Date(before.now).getTime()).toBe(before.nowMs);
    const bad = await fetch(`${onward.url}/_onward/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: -1 }) });
    expect(bad.status).toBe(400);
  });
});

describe('detection and protocol errors', () => {
  it('answers an unknown JSON operation with UnknownOperationException', async () => {
    const response = await sqsJson('FlyToTheMoon', {});
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'UnknownOperationException',
      message: "Onward's sqs does not implement the operation FlyToTheMoon.",
    });
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown Query action with InvalidAction in XML', async () => {
    const response = await query('/', { Action: 'FooBar', Version: '2012-11-05' }, SQS_AUTH);
    expect(response.status).toBe(400);
    const xml = await response.text();
    expect(xml).toContain('<Code>InvalidAction</Code>');
    expect(xml).toContain('<Message>The action FooBar is not valid for this endpoint.</Message>');
    expect(xml).toContain('<Type>Sender</Type>');
  });

  it('routes REST-JSON Lambda requests by path', async () => {
    const lambda = await fetch(`${onward.url}/2015-03-31/functions/`, {
      headers: { authorization: SQS_AUTH.replace('/sqs/', '/lambda/') },
    });
    expect(lambda.status).toBe(200);
    expect(await lambda.json()).toEqual({ Functions: [] });
    const unknown = await fetch(`${onward.url}/2015-03-31/functions/f/nonsense`, {
      headers: { authorization: SQS_AUTH.replace('/sqs/', '/lambda/') },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('names a service Onward does not implement, in that service protocol', async () => {
    const apigateway = await fetch(`${onward.url}/restapis`, {
      headers: { authorization: SQS_AUTH.replace('/sqs/', '/apigateway/') },
    });
    expect(apigateway.status).toBe(501);
    expect(apigateway.headers.get('x-amzn-errortype')).toBe('NotImplemented');
    expect(((await apigateway.json()) as { message: string }).message).toContain("'apigateway'");
    const sts = await query('/', { Action: 'GetCallerIdentity', Version: '2011-06-15' }, SQS_AUTH.replace('/sqs/', '/sts/'));
    expect(sts.status).toBe(501);
    expect(await sts.text()).toContain('<Message>Onward does not implement the AWS service &apos;sts&apos; (yet).');
  });

  it('refuses a request it cannot attribute to any service', async () => {
    const response = await fetch(`${onward.url}/some/page`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('refuses a malformed JSON body with SerializationException and the query-compatible header', async () => {
    const response = await sqsJson('ListQueues', '{not json');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('SerializationException');
    expect(response.headers.get('x-amzn-query-error')).toBe('SerializationException;Sender');
  });

  it('sends x-amzn-query-error with SQS JSON errors', async () => {
    const response = await sqsJson('GetQueueUrl', { QueueName: 'nope' });
    expect(response.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
  });
});

describe('Query protocol addressing', () => {
  it('serves Query requests posted to the queue URL itself, without a QueueUrl parameter', async () => {
    await query('/', { Action: 'CreateQueue', Version: '2012-11-05', QueueName: 'legacy' }, SQS_AUTH);
    const sent = await query('/000000000000/legacy', {
      Action: 'SendMessage',
      Version: '2012-11-05',
      MessageBody: 'a\r\n<b> & "c"',
    });
    expect(sent.status).toBe(200);
    const received = await query('/000000000000/legacy', { Action: 'ReceiveMessage', Version: '2012-11-05' });
    const xml = await received.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0"\?><ReceiveMessageResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/">/,
    );
    expect(xml).toContain('<Body>a&#xD;\n&lt;b&gt; &amp; &quot;c&quot;</Body>');
  });

  it('decodes flattened lists and maps of the Query protocol', async () => {
    const created = await query(
      '/',
      {
        Action: 'CreateQueue',
        Version: '2012-11-05',
        QueueName: 'query-attributes',
        'Attribute.1.Name': 'VisibilityTimeout',
        'Attribute.1.Value': '45',
        'Tag.1.Key': 'team',
        'Tag.1.Value': 'core',
      },
      SQS_AUTH,
    );
    expect(created.status).toBe(200);
    const attributes = await query(
      '/000000000000/query-attributes',
      {
        Action: 'GetQueueAttributes',
        Version: '2012-11-05',
        'AttributeName.1': 'VisibilityTimeout',
        'AttributeName.2': 'QueueArn',
      },
      SQS_AUTH,
    );
    const xml = await attributes.text();
    expect(xml).toContain(
      '<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>45</Value></Attribute><Attribute><Name>QueueArn</Name><Value>arn:aws:sqs:us-east-1:000000000000:query-attributes</Value></Attribute></GetQueueAttributesResult>',
    );
    const tags = await (
      await query('/000000000000/query-attributes', { Action: 'ListQueueTags', Version: '2012-11-05' }, SQS_AUTH)
    ).text();
    expect(tags).toContain('<Tag><Key>team</Key><Value>core</Value></Tag>');
  });
});

describe('HTTP details', () => {
  it('honours Expect: 100-continue', async () => {
    const url = new URL(onward.url);
    const body = JSON.stringify({ QueueName: 'continue' });
    const result = await new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
      let continued = false;
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: {
            expect: '100-continue',
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.CreateQueue',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ continued, status: response.statusCode! }));
        },
      );
      request.on('continue', () => {
        continued = true;
        request.end(body);
      });
      request.on('error', reject);
    });
    expect(result).toEqual({ continued: true, status: 200 });
  });
});
