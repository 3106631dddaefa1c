import type { HttpRouteSpec } from '../app/app-description.ts';

/**
 * Which route serves a request, as API Gateway picks it: among the routes whose method (or `ANY`)
 * and path template fit, the most specific wins, segment by segment from the left (a literal beats
 * `{param}`, which beats a greedy `{proxy+}`), then an exact method beats `ANY`; an HTTP API's
 * `$default` route comes last. REST API routes sit under their stage (`/<stage>/path`, as the
 * execute-api URL has it); HTTP API routes have none (`$default` stage). A REST route without a stage
 * (a template with no Stage or Deployment) is served at its bare path.
 */

type Segment = { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface CompiledRoute {
  spec: HttpRouteSpec;
  /** Undefined for the HTTP API `$default` route. */
  segments: Segment[] | undefined;
  /** The stage segment the URL starts with (REST routes with a stage). */
  stage: string | undefined;
}

export interface RouteTable {
  routes: CompiledRoute[];
  /** Stage names of REST routes: a request whose first segment is one of them is a REST request. */
  restStages: Set<string>;
  hasRest: boolean;
  hasHttpApi: boolean;
}

export type RouteMatch =
  | {
      kind: 'matched';
      route: HttpRouteSpec;
      /** Decoded values, by parameter name; a greedy value keeps its inner slashes. */
      pathParameters: Record<string, string>;
      /** The request path without the stage segment (REST) or as sent (HTTP API). */
      resourcePath: string;
    }
  /** No route: answer as the API the URL points at would (REST 403, HTTP API 404). */
  | { kind: 'none'; api: 'rest' | 'http' };

function compileSegments(path: string): Segment[] {
  return splitPath(path).map((part) => {
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy) return { kind: 'greedy', name: greedy[1]! };
    const param = /^\{(.+)\}$/.exec(part);
    if (param) return { kind: 'param', name: param[1]! };
    return { kind: 'literal', text: part };
  });
}

/** Path segments without empty ones at the ends (`/a/b/` and `/a/b` are one resource). */
export function splitPath(path: string): string[] {
  const parts = path.split('/');
  if (parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export function compileRoutes(specs: readonly HttpRouteSpec[]): RouteTable {
  const routes = specs.map((spec): CompiledRoute => {
    const isDefault = spec.api === 'http' && spec.path === '$default';
    return {
      spec,
      segments: isDefault ? undefined : compileSegments(spec.path),
      stage: spec.api === 'rest' ? spec.stage : undefined,
    };
  });
  const restStages = new Set(routes.flatMap((r) => (r.stage !== undefined ? [r.stage] : [])));
  return {
    routes,
    restStages,
    hasRest: routes.some((r) => r.spec.api === 'rest'),
    hasHttpApi: routes.some((r) => r.spec.api === 'http'),
  };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Ranks per segment (0 literal, 1 param, 2 greedy) or undefined when the template does not fit. */
function fit(segments: Segment[], parts: string[]): { ranks: number[]; params: Record<string, string> } | undefined {
  const ranks: number[] = [];
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'greedy') {
      params[segment.name] = decode(parts.slice(i).join('/'));
      ranks.push(2);
      return { ranks, params };
    }
    if (segment.kind === 'literal') {
      if (segment.text !== part) return undefined;
      ranks.push(0);
    } else {
      params[segment.name] = decode(part);
      ranks.push(1);
    }
  }
  return parts.length === segments.length ? { ranks, params } : undefined;
}

/** Negative when `a` is more specific than `b`. */
function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  // Equal prefixes: the longer template names more of the path literally or by parameter.
  return b.length - a.length;
}

interface Candidate {
  route: CompiledRoute;
  ranks: number[];
  params: Record<string, string>;
  anyMethod: boolean;
}

function best(candidates: Candidate[]): Candidate | undefined {
  return candidates.sort((a, b) => compareRanks(a.ranks, b.ranks) || Number(a.anyMethod) - Number(b.anyMethod))[0];
}

function methodFits(route: CompiledRoute, method: string): boolean {
  return route.spec.method === 'ANY' || route.spec.method === method;
}

export function matchRoute(table: RouteTable, method: string, path: string): RouteMatch {
  const upper = method.toUpperCase();
  const parts = splitPath(path);
  const first = parts[0];

  // REST API: the first segment names the stage.
  const restCandidates: Candidate[] = [];
  for (const route of table.routes) {
    if (route.spec.api !== 'rest' || !methodFits(route, upper) || !route.segments) continue;
    let rest = parts;
    if (route.stage !== undefined) {
      if (route.stage !== first) continue;
      rest = parts.slice(1);
    }
    const fitted = fit(route.segments, rest);
    if (fitted) restCandidates.push({ route, ...fitted, anyMethod: route.spec.method === 'ANY' });
  }
  const rest = best(restCandidates);
  if (rest) {
    const resourceParts = rest.route.stage !== undefined ? parts.slice(1) : parts;
    return { kind: 'matched', route: rest.route.spec, pathParameters: rest.params, resourcePath: `/${resourceParts.join('/')}` };
  }

  const httpCandidates: Candidate[] = [];
  let fallback: CompiledRoute | undefined;
  for (const route of table.routes) {
    if (route.spec.api !== 'http') continue;
    if (!route.segments) {
      fallback ??= route;
      continue;
    }
    if (!methodFits(route, upper)) continue;
    const fitted = fit(route.segments, parts);
    if (fitted) httpCandidates.push({ route, ...fitted, anyMethod: route.spec.method === 'ANY' });
  }
  const http = best(httpCandidates)?.route ?? fallback;
  if (http) {
    const params = best(httpCandidates)?.params ?? {};
    return { kind: 'matched', route: http.spec, pathParameters: params, resourcePath: path };
  }

  const restUrl = !table.hasHttpApi || (first !== undefined && table.restStages.has(first));
  return { kind: 'none', api: restUrl ? 'rest' : 'http' };
}
