/**
 * REST-JSON (Lambda, Scheduler): the operation is the route (method + path template), the input is the
 * path parameters, query parameters and headers a route names, plus the JSON body.
 */
import { ServiceError } from '../service-error.ts';

export interface RestRoute {
  method: string;
  /** e.g. `/2015-03-31/functions/{FunctionName}/invocations`; `{Name+}` matches several segments. */
  path: string;
  operation: string;
  /** Query parameter -> input member. */
  query?: Readonly<Record<string, string>>;
  /** Repeatable query parameter -> list input member (e.g. UntagResource's `?tagKeys=a&tagKeys=b`). */
  queryLists?: Readonly<Record<string, string>>;
  /** Lower-case header -> input member. */
  headers?: Readonly<Record<string, string>>;
  /** The body is the raw payload (Invoke), not a JSON document of members. */
  rawBody?: string;
}

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: string[];
}

export class RestRouter {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RestRoute[]) {
    this.#routes = routes.map((route) => {
      const names: string[] = [];
      // A trailing slash is optional on the wire, as API Gateway-fronted AWS services accept both.
      const source = route.path
        .replace(/\/+$/, '')
        .replace(/\{([A-Za-z0-9_]+)(\+?)\}|[^{]+/g, (part, name: string | undefined, greedy: string) => {
          if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return greedy ? '(.+)' : '([^/]+)';
        });
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  /** The route and its decoded path parameters, or undefined when no route matches. */
  match(method: string, path: string): { route: RestRoute; params: Record<string, string> } | undefined {
    for (const compiled of this.#routes) {
      if (compiled.route.method !== method) continue;
      const match = compiled.pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      compiled.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
      return { route: compiled.route, params };
    }
    return undefined;
  }
}

export function decodeRestJsonInput(
  route: RestRoute,
  params: Record<string, string>,
  query: URLSearchParams,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: Buffer,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (route.rawBody) {
    input[route.rawBody] = body;
  } else if (body.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ServiceError({ code: 'SerializationException', message: 'Request body is not valid JSON.' });
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(input, parsed);
  }
  for (const [parameter, member] of Object.entries(route.query ?? {})) {
    const value = query.get(parameter);
    if (value !== null) input[member] = value;
  }
  for (const [parameter, member] of Object.entries(route.queryLists ?? {})) {
    const values = query.getAll(parameter);
    if (values.length > 0) input[member] = values;
  }
  for (const [header, member] of Object.entries(route.headers ?? {})) {
    const value = headers[header];
    if (value !== undefined) input[member] = Array.isArray(value) ? value.join(',') : value;
  }
  Object.assign(input, params);
  return input;
}

/** REST-JSON errors: the code in `x-amzn-ErrorType`, the body `{"Type": "User"|"Service", "message"}`. */
export function restJsonErrorBody(error: ServiceError): string {
  return JSON.stringify({ Type: error.senderFault ? 'User' : 'Service', message: error.message, ...error.fields });
}
