import { describe, expect, it } from 'vitest';
import { httpRoute, restRoute } from '../../test/helpers/apigw-routes.ts';
import type { HttpRouteSpec } from '../app/app-description.ts';
import { compileRoutes, matchRoute } from './route-matching.ts';

function match(routes: HttpRouteSpec[], method: string, path: string) {
  return matchRoute(compileRoutes(routes), method, path);
}

function matched(routes: HttpRouteSpec[], method: string, path: string) {
  const m = match(routes, method, path);
  if (m.kind !== 'matched') throw new Error(`${method} ${path} matched nothing`);
  return { key: `${m.route.method} ${m.route.path}`, params: m.pathParameters, resourcePath: m.resourcePath };
}

describe('REST API routes', () => {
  it('sit under their stage and give the path without it', () => {
    const m = matched([restRoute('GET', '/items/{id}', 'get')], 'GET', '/dev/items/42');
    expect(m).toEqual({ key: 'GET /items/{id}', params: { id: '42' }, resourcePath: '/items/42' });
  });

  it('are not served without the stage segment, as execute-api URLs always carry it', () => {
    expect(match([restRoute('GET', '/items', 'list')], 'GET', '/items')).toEqual({ kind: 'none', api: 'rest' });
  });

  it('serve the root resource at /<stage> and /<stage>/', () => {
    const routes = [restRoute('GET', '/', 'root')];
    expect(matched(routes, 'GET', '/dev').key).toBe('GET /');
    expect(matched(routes, 'GET', '/dev/').key).toBe('GET /');
  });

  it('prefer a literal segment to a parameter, and a parameter to a greedy one', () => {
    const routes = [
      restRoute('GET', '/{proxy+}', 'any'),
      restRoute('GET', '/items/{id}', 'one'),
      restRoute('GET', '/items/special', 'special'),
    ];
    expect(matched(routes, 'GET', '/dev/items/special').key).toBe('GET /items/special');
    expect(matched(routes, 'GET', '/dev/items/7').key).toBe('GET /items/{id}');
    expect(matched(routes, 'GET', '/dev/items/7/parts').key).toBe('GET /{proxy+}');
  });

  it('prefer the exact method to ANY on the same resource', () => {
    const routes = [restRoute('ANY', '/items', 'any'), restRoute('POST', '/items', 'post')];
    expect(matched(routes, 'POST', '/dev/items').key).toBe('POST /items');
    expect(matched(routes, 'DELETE', '/dev/items').key).toBe('ANY /items');
  });

  it('give a greedy parameter the rest of the path, decoded, and never match the bare root with it', () => {
    const routes = [restRoute('ANY', '/files/{proxy+}', 'files'), restRoute('ANY', '/{proxy+}', 'all')];
    expect(matched(routes, 'GET', '/dev/files/a/b%20c.txt').params).toEqual({ proxy: 'a/b c.txt' });
    expect(match(routes, 'GET', '/dev')).toEqual({ kind: 'none', api: 'rest' });
    expect(matched(routes, 'GET', '/dev/x').key).toBe('ANY /{proxy+}');
  });

  it('answer no route when the method has none', () => {
    expect(match([restRoute('GET', '/items', 'list')], 'POST', '/dev/items')).toEqual({ kind: 'none', api: 'rest' });
  });

  it('without a stage (a template with no Stage) are served at their bare path', () => {
    const route = { ...restRoute('GET', '/items', 'list'), stage: undefined };
    expect(matched([route], 'GET', '/items').resourcePath).toBe('/items');
  });
});

describe('HTTP API routes', () => {
  it('are served without a stage and fall back to $default', () => {
    const routes = [httpRoute('GET', '/hello/{name}', 'hello'), httpRoute('ANY', '$default', 'fallback')];
    expect(matched(routes, 'GET', '/hello/ann')).toEqual({
      key: 'GET /hello/{name}',
      params: { name: 'ann' },
      resourcePath: '/hello/ann',
    });
    expect(matched(routes, 'POST', '/hello/ann').key).toBe('ANY $default');
    expect(matched(routes, 'GET', '/elsewhere').params).toEqual({});
  });

  it('prefer a greedy route to $default', () => {
    const routes = [httpRoute('ANY', '$default', 'fallback'), httpRoute('ANY', '/api/{proxy+}', 'api')];
    expect(matched(routes, 'PUT', '/api/a/b')).toMatchObject({ key: 'ANY /api/{proxy+}', params: { proxy: 'a/b' } });
  });

  it('answer 404-style when nothing fits and there is no $default', () => {
    expect(match([httpRoute('GET', '/hello', 'hello')], 'GET', '/nope')).toEqual({ kind: 'none', api: 'http' });
  });
});

describe('REST and HTTP APIs on one listener', () => {
  const routes = [restRoute('GET', '/items', 'rest', 'prod'), httpRoute('GET', '/items', 'http')];

  it('send stage-prefixed URLs to the REST API and the rest to the HTTP API', () => {
    expect(matched(routes, 'GET', '/prod/items').key).toBe('GET /items');
    expect(match(routes, 'GET', '/prod/items').kind === 'matched' && match(routes, 'GET', '/prod/items')).toMatchObject({
      route: { api: 'rest' },
    });
    expect(match(routes, 'GET', '/items')).toMatchObject({ kind: 'matched', route: { api: 'http' } });
  });

  it('answer as the API the URL points at when nothing matches', () => {
    expect(match(routes, 'GET', '/prod/other')).toEqual({ kind: 'none', api: 'rest' });
    expect(match(routes, 'GET', '/other')).toEqual({ kind: 'none', api: 'http' });
  });
});
