import type { HttpRouteSpec } from '../app/app-description.ts';

/** The URL a route answers at on the listener: REST routes under their stage, HTTP API routes bare. */
export function routeUrl(route: HttpRouteSpec, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (route.path === '$default') return `${base}/{proxy+}`;
  const stage = route.api === 'rest' && route.stage !== undefined ? `/${route.stage}` : '';
  const path = route.path === '/' && stage !== '' ? '' : route.path;
  return `${base}${stage}${path}`;
}

/** What a route reaches: the function's name, or `sns <topic>` / `sqs <queue>`. */
export function routeTarget(route: HttpRouteSpec): string {
  const i = route.integration;
  if (i.kind === 'function') return i.functionName;
  if (i.kind === 'sns') return `sns ${i.topicArn.split(':').pop()}`;
  return `sqs ${i.queueArn.split(':').pop()}`;
}

/**
 * One line per route for `onward up`'s summary, sorted by URL then method:
 * `POST  http://127.0.0.1:3000/dev/payment -> sns payments-dev-payments`.
 */
export function formatRouteList(routes: readonly HttpRouteSpec[], baseUrl: string): string[] {
  const rows = routes.map((route) => ({
    method: route.path === '$default' ? 'ANY' : route.method,
    url: routeUrl(route, baseUrl) + (route.path === '$default' ? ' ($default)' : ''),
    target: routeTarget(route),
  }));
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  rows.sort((a, b) => order(a.url, b.url) || order(a.method, b.method));
  const width = Math.max(0, ...rows.map((r) => r.method.length));
  return rows.map((r) => `${r.method.padEnd(width)} ${r.url} -> ${r.target}`);
}
