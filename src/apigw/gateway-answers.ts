/**
 * What the listener sends back, and the answers API Gateway itself gives when it cannot or will not
 * reach the integration. Bodies are AWS's exact texts: the REST API's Lambda failure has a space after
 * the colon, its gateway responses (Missing Authentication Token) do not.
 */
export interface GatewayAnswer {
  statusCode: number;
  /** [name, value] pairs; a name may repeat (Set-Cookie). */
  headers: [string, string][];
  body: Buffer;
}

function json(statusCode: number, text: string, errorType?: string): GatewayAnswer {
  const headers: [string, string][] = [['Content-Type', 'application/json']];
  if (errorType) headers.push(['x-amzn-ErrorType', errorType]);
  return { statusCode, headers, body: Buffer.from(text) };
}

/** REST API, no resource or method for the request. */
export function restMissingAuthenticationToken(): GatewayAnswer {
  return json(403, '{"message":"Missing Authentication Token"}', 'MissingAuthenticationTokenException');
}

/**
 * REST API: the function failed, or its answer was malformed (502); or Lambda refused the invocation
 * (500). The body is the same either way.
 */
export function restInternalServerError(statusCode: 500 | 502): GatewayAnswer {
  return json(statusCode, '{"message": "Internal server error"}', 'InternalServerErrorException');
}

/** REST API: the integration took longer than 29 seconds. */
export function restEndpointTimeout(): GatewayAnswer {
  return json(504, '{"message": "Endpoint request timed out"}');
}

/** HTTP API, no route (and no `$default`). */
export function httpApiNotFound(): GatewayAnswer {
  return json(404, '{"message":"Not Found"}');
}

/** HTTP API: the function failed, its answer was malformed, or Lambda refused the invocation. */
export function httpApiInternalServerError(): GatewayAnswer {
  return json(500, '{"message":"Internal Server Error"}');
}

/** HTTP API: the integration took longer than 30 seconds. */
export function httpApiServiceUnavailable(): GatewayAnswer {
  return json(503, '{"message":"Service Unavailable"}');
}

/** Both APIs refuse payloads over 10 MB. */
export function requestTooLarge(): GatewayAnswer {
  return json(413, '{"message":"Request Too Long"}');
}

export function functionFailure(api: 'rest' | 'http'): GatewayAnswer {
  return api === 'rest' ? restInternalServerError(502) : httpApiInternalServerError();
}

export function invocationRefused(api: 'rest' | 'http'): GatewayAnswer {
  return api === 'rest' ? restInternalServerError(500) : httpApiInternalServerError();
}

export function integrationTimeout(api: 'rest' | 'http'): GatewayAnswer {
  return api === 'rest' ? restEndpointTimeout() : httpApiServiceUnavailable();
}

export function noRoute(api: 'rest' | 'http'): GatewayAnswer {
  return api === 'rest' ? restMissingAuthenticationToken() : httpApiNotFound();
}
