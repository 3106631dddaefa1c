import type { HttpRouteSpec } from '../app/app-description.ts';
import {
  domainOf,
  formatRequestTime,
  forwardedHeaders,
  headerValue,
  parseQuery,
  type GatewayRequest,
  type RequestFacts,
} from './gateway-request.ts';
import { resourceIdOf } from './api-ids.ts';

/**
 * The Lambda proxy integration event of a REST API (payload format 1.0), field for field as AWS's
 * "Input format of a Lambda function for proxy integration" shows it. Headers keep the client's
 * spelling; `headers` and `queryStringParameters` hold the last value of a repeated name, the
 * `multiValue*` maps all of them. Without binary media types configured (Onward's app description has
 * none) the body is passed as UTF-8 text and `isBase64Encoded` is false.
 */
export interface RestEventInput {
  request: GatewayRequest;
  facts: RequestFacts;
  route: HttpRouteSpec;
  pathParameters: Record<string, string>;
  /** The request path without the stage segment. */
  resourcePath: string;
}

function single(pairs: [string, string][]): Record<string, string> | null {
  if (pairs.length === 0) return null;
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) out[name] = value;
  return out;
}

function multi(pairs: [string, string][]): Record<string, string[]> | null {
  if (pairs.length === 0) return null;
  const out: Record<string, string[]> = {};
  for (const [name, value] of pairs) (out[name] ??= []).push(value);
  return out;
}

export function buildRestEvent(input: RestEventInput): Record<string, unknown> {
  const { request, facts, route } = input;
  const headers = forwardedHeaders(request, facts);
  const query = parseQuery(request.rawQueryString);
  const { domainName, domainPrefix } = domainOf(request);
  const hasParams = Object.keys(input.pathParameters).length > 0;
  const stagePrefix = route.stage !== undefined ? `/${route.stage}` : '';
  return {
    resource: route.path,
    path: input.resourcePath,
    httpMethod: request.method,
    headers: single(headers) ?? {},
    multiValueHeaders: multi(headers) ?? {},
    queryStringParameters: single(query),
    multiValueQueryStringParameters: multi(query),
    pathParameters: hasParams ? { ...input.pathParameters } : null,
    stageVariables: null,
    requestContext: {
      resourceId: resourceIdOf(facts.apiId, route.path),
      resourcePath: route.path,
      httpMethod: request.method,
      extendedRequestId: facts.extendedRequestId,
      requestTime: formatRequestTime(facts.nowMs),
      path: `${stagePrefix}${input.resourcePath}`,
      accountId: facts.accountId,
      protocol: request.protocol,
      stage: route.stage ?? '',
      domainPrefix,
      requestTimeEpoch: facts.nowMs,
      requestId: facts.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: headerValue(request.headers, 'user-agent') ?? null,
        user: null,
      },
      domainName,
      apiId: facts.apiId,
    },
    body: request.body.length > 0 ? request.body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}
