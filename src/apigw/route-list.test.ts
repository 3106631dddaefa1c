import { describe, expect, it } from 'vitest';
import { httpRoute, restRoute } from '../../test/helpers/apigw-routes.ts';
import { formatRouteList, routeUrl } from './route-list.ts';

describe('the route list', () => {
  it('puts REST routes under their stage and HTTP API routes at the root', () => {
    expect(routeUrl(restRoute('GET', '/payments', 'list'), 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/dev/payments');
    expect(routeUrl(restRoute('GET', '/', 'root'), 'http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000/dev');
    expect(routeUrl(httpRoute('GET', '/hello', 'hi'), 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/hello');
  });

  it('prints one aligned line per route, sorted, naming what each calls', () => {
    const lines = formatRouteList(
      [
        restRoute(
          'POST',
          '/payment',
          { kind: 'sns', topicArn: 'arn:aws:sns:us-east-1:000000000000:payments-dev-payments' },
          'develop',
        ),
        restRoute('DELETE', '/items/{id}', 'payments-dev-remove'),
        httpRoute('ANY', '$default', 'payments-dev-fallback'),
      ],
      'http://127.0.0.1:3000',
    );
    expect(lines).toEqual([
      'DELETE http://127.0.0.1:3000/dev/items/{id} -> payments-dev-remove',
      'POST   http://127.0.0.1:3000/develop/payment -> sns payments-dev-payments',
      'ANY    http://127.0.0.1:3000/{proxy+} ($default) -> payments-dev-fallback',
    ]);
  });
});
