import type { HttpIntegration, HttpRouteSpec } from '../../src/app/app-description.ts';

/** Route specs for the apigw tests, shaped as the app loaders produce them. */
export function fnIntegration(name: string): HttpIntegration {
  return { kind: 'function', functionName: name, functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}` };
}

export function restRoute(method: string, path: string, integration: HttpIntegration | string, stage = 'dev'): HttpRouteSpec {
  return {
    origin: { stack: 'test', logicalId: `${method}${path}` },
    api: 'rest',
    apiName: 'dev-test',
    method,
    path,
    pathParameters: [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!),
    stage,
    integration: typeof integration === 'string' ? fnIntegration(integration) : integration,
  };
}

export function httpRoute(method: string, path: string, integration: HttpIntegration | string): HttpRouteSpec {
  return {
    origin: { stack: 'test', logicalId: `${method}${path}` },
    api: 'http',
    apiName: 'dev-test',
    method,
    path,
    pathParameters: [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!),
    integration: typeof integration === 'string' ? fnIntegration(integration) : integration,
  };
}
