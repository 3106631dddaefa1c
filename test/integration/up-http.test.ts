/**
 * `onward up` serving an app's API Gateway routes with real functions: a REST API route (`http` event,
 * payload 1.0, under its stage) and HTTP API routes (`httpApi`, payload 2.0), path parameters, query
 * strings, the function's answer mapped back to HTTP, and API Gateway's own answers for a failing
 * function and for a URL no route serves.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir } from '../helpers/onward.ts';
import { exited, spawnUp, type OnwardUpProcess } from '../helpers/process.ts';
import { tempApp } from '../helpers/temp-app.ts';

const HANDLER = `
exports.rest = async (event) => ({
  statusCode: 201,
  headers: { 'content-type': 'application/json', 'x-item': event.pathParameters.id },
  body: JSON.stringify({
    version: event.version ?? '1.0',
    resource: event.resource,
    path: event.path,
    stage: event.requestContext.stage,
    id: event.pathParameters.id,
    q: event.queryStringParameters,
    body: JSON.parse(event.body),
  }),
});
exports.http = async (event) => ({
  version: event.version,
  routeKey: event.routeKey,
  rawPath: event.rawPath,
  name: event.pathParameters.name,
  q: event.queryStringParameters,
});
exports.fail = async () => { throw new Error('boom'); };
`;

const SERVERLESS = `service: shop
provider: { name: aws, runtime: nodejs20.x }
functions:
  items:
    handler: handler.rest
    events:
      - http:
          method: post
          path: items/{id}
  hello:
    handler: handler.http
    events:
      - httpApi: GET /hello/{name}
  broken:
    handler: handler.fail
    events:
      - httpApi: GET /broken
`;

let app: OnwardUpProcess;
let dataDir: string;

beforeAll(async () => {
  const dir = tempApp({ 'serverless.yml': SERVERLESS, 'handler.js': HANDLER });
  dataDir = makeDataDir();
  app = await spawnUp(dir, ['--no-watch', '--data-dir', dataDir]);
});

afterAll(async () => {
  app?.child.kill('SIGTERM');
  if (app) await exited(app.child);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('onward up serves HTTP routes with the functions behind them', { timeout: 60_000 }, () => {
  it('lists each route with its URL', () => {
    expect(app.output()).toContain(`POST ${app.httpUrl}/dev/items/{id} -> shop-dev-items`);
    expect(app.output()).toContain(`GET  ${app.httpUrl}/hello/{name} -> shop-dev-hello`);
  });

  it('REST API (http event): payload 1.0 under the stage, the answer mapped with status and headers', async () => {
    const response = await fetch(`${app.httpUrl}/dev/items/42?color=red`, { method: 'POST', body: '{"qty":3}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-item')).toBe('42');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      version: '1.0',
      resource: '/items/{id}',
      path: '/items/42',
      stage: 'dev',
      id: '42',
      q: { color: 'red' },
      body: { qty: 3 },
    });
  });

  it('HTTP API (httpApi event): payload 2.0, an answer without statusCode becomes 200 JSON', async () => {
    const response = await fetch(`${app.httpUrl}/hello/ana?lang=pt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      version: '2.0',
      routeKey: 'GET /hello/{name}',
      rawPath: '/hello/ana',
      name: 'ana',
      q: { lang: 'pt' },
    });
  });

  it('answers as API Gateway does for a failing function and for URLs no route serves', async () => {
    const broken = await fetch(`${app.httpUrl}/broken`);
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ message: 'Internal Server Error' });
    const unknown = await fetch(`${app.httpUrl}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
    const noStage = await fetch(`${app.httpUrl}/items/42`, { method: 'POST', body: '{}' });
    expect(noStage.status).toBe(404);
  });
});
