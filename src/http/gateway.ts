/**
 * The AWS edge as one ordered pipeline: internal routes, body, detection (service, protocol, operation),
 * input decoding, the operation, durability, and the response in the protocol's own format.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountIdForAccessKey, parseCredentialScope } from '../aws/credential-scope.ts';
import { detectRequest, type DetectedRequest } from '../aws/detect.ts';
import { decodeJsonInput, jsonContentType, jsonErrorBody, queryCompatibleErrorHeader } from '../aws/protocols/aws-json.ts';
import { decodeQueryInput, encodeXmlMembers, queryErrorBody, queryResponseBody } from '../aws/protocols/query.ts';
import { decodeRestJsonInput, restJsonErrorBody } from '../aws/protocols/rest-json.ts';
import { ServiceError, internalFailure } from '../aws/service-error.ts';
import type { AwsService, OperationOutput, RawResponse, RequestContext } from '../services/service.ts';
import { BodyTooLargeError, readBody } from './body.ts';
import { handleInternalRoute, type InternalRouteContext } from './internal-routes.ts';

/**
 * Larger than any AWS request Onward accepts (a 50 MB function zip, base64 in JSON), so each service
 * answers with its own limit error.
 */
const MAX_BODY_BYTES = 72 * 1024 * 1024;
const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded/i;

export interface GatewayOptions {
  services: ReadonlyMap<string, AwsService>;
  internal: InternalRouteContext;
  defaultRegion: string;
  defaultAccountId: string;
  /** Resolves once everything the operation wrote is committed; answers wait for it. */
  durable: () => Promise<void>;
  log: (line: string) => void;
  logRequests: boolean;
}

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  requestId: string;
  detected?: DetectedRequest;
  service?: AwsService;
}

export function createGateway(options: GatewayOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const exchange: Exchange = { request, response, requestId: randomUUID() };
    const startedMs = Date.now();
    handle(options, exchange)
      .catch((error: unknown) => sendError(exchange, toServiceError(options, error)))
      .finally(() => {
        if (options.logRequests) {
          const what = exchange.detected ? `${exchange.detected.service}.${exchange.detected.operation ?? '?'}` : request.url;
          options.log(`${request.method} ${what} ${response.statusCode} ${Date.now() - startedMs}ms`);
        }
      });
  };
}

function toServiceError(options: GatewayOptions, error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof BodyTooLargeError) {
    return new ServiceError({ code: 'RequestEntityTooLargeException', message: error.message, statusCode: 413 });
  }
  options.log(`Internal failure: ${(error as Error)?.stack ?? String(error)}`);
  return internalFailure();
}

async function handle(options: GatewayOptions, exchange: Exchange): Promise<void> {
  const { request } = exchange;
  const rawUrl = request.url ?? '/';
  // Most AWS requests have no query string: skip URL parsing for them.
  const url = rawUrl.includes('?')
    ? new URL(rawUrl, 'http://onward.invalid')
    : { pathname: rawUrl, searchParams: new URLSearchParams() };
  const method = request.method ?? 'GET';
  const body = await readBody(request, MAX_BODY_BYTES);

  if (url.pathname.startsWith('/_onward/') || url.pathname.startsWith('/_localstack/')) {
    const result = await handleInternalRoute(options.internal, method, url.pathname, body, url.searchParams);
    if (result.stream) {
      result.stream(request, exchange.response);
      return;
    }
    if (result.file) {
      exchange.response.writeHead(result.status, {
        'Content-Type': result.file.contentType,
        'Content-Length': result.file.bytes.length,
      });
      exchange.response.end(result.file.bytes);
      return;
    }
    sendJson(exchange, result.status, JSON.stringify(result.body), 'application/json', method === 'HEAD');
    return;
  }

  const params = new Map(url.searchParams);
  const contentType = headerValue(request, 'content-type') ?? '';
  if (FORM_CONTENT_TYPE.test(contentType) && body.length > 0) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  }
  const scope = parseCredentialScope(headerValue(request, 'authorization'), url.searchParams.get('X-Amz-Credential'));
  const detected = detectRequest({ method, path: url.pathname, headers: request.headers, params, scope });
  if (!detected) {
    throw new ServiceError({
      code: 'UnknownOperationException',
      message: `Onward could not tell which AWS service ${method} ${url.pathname} is for: send an AWS SigV4-signed request, an X-Amz-Target header or an Action parameter.`,
      statusCode: 400,
    });
  }
  exchange.detected = detected;
  const service = options.services.get(detected.service);
  if (!service) {
    throw new ServiceError({
      code: 'NotImplemented',
      message: `Onward does not implement the AWS service '${detected.service}' (yet). Implemented: ${[...options.services.keys()].join(', ')}.`,
      statusCode: 501,
      senderFault: false,
    });
  }
  exchange.service = service;

  let operation = detected.operation;
  let input: Record<string, unknown>;
  if (detected.protocol === 'rest-json' && service.rest) {
    const match = service.rest.router.match(method, url.pathname);
    if (!match) throw unknownOperation(detected, `${method} ${url.pathname}`);
    operation = match.route.operation;
    exchange.detected = { ...detected, operation };
    input = decodeRestJsonInput(match.route, match.params, url.searchParams, request.headers, body);
  } else if (detected.protocol === 'query') {
    const shapes = service.query?.shapes[operation ?? ''];
    if (!shapes) throw unknownOperation(detected, operation);
    input = decodeQueryInput(params, shapes.input);
  } else if (detected.protocol === 'json' && service.json) {
    if (!operation || !service.operations[operation]) throw unknownOperation(detected, operation);
    input = decodeJsonInput(body);
  } else {
    throw unknownOperation(detected, operation);
  }
  const handler = operation ? service.operations[operation] : undefined;
  if (!handler) throw unknownOperation(detected, operation);

  const accessKeyId = scope?.accessKeyId;
  const context: RequestContext = {
    requestId: exchange.requestId,
    accountId: accountIdForAccessKey(accessKeyId, options.defaultAccountId),
    region: scope?.region ?? options.defaultRegion,
    accessKeyId,
    protocol: detected.protocol,
    origin: `http://${headerValue(request, 'host') ?? `${request.socket.localAddress}:${request.socket.localPort}`}`,
    path: url.pathname,
    headers: request.headers,
    // Built on first use: only long polls need to know that the client went away, and an AbortController
    // per request costs more than the rest of a SendMessage.
    get signal() {
      const abort = new AbortController();
      exchange.response.once('close', () => {
        if (!exchange.response.writableFinished) abort.abort();
      });
      Object.defineProperty(this, 'signal', { value: abort.signal });
      return abort.signal;
    },
  };
  const output = await handler(input, context);
  await options.durable();
  sendSuccess(exchange, detected, service, operation!, output);
}

function unknownOperation(detected: DetectedRequest, operation: string | undefined): ServiceError {
  const name = operation ?? '(none)';
  if (detected.protocol === 'query') {
    return new ServiceError({
      code: 'InvalidAction',
      message: `The action ${name} is not valid for this endpoint.`,
      statusCode: 400,
    });
  }
  return new ServiceError({
    code: 'UnknownOperationException',
    message: `Onward's ${detected.service} does not implement the operation ${name}.`,
    statusCode: 400,
  });
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isRaw(output: OperationOutput): output is RawResponse {
  return output !== undefined && (output as RawResponse).raw === true;
}

function sendSuccess(
  exchange: Exchange,
  detected: DetectedRequest,
  service: AwsService,
  operation: string,
  output: OperationOutput,
): void {
  if (isRaw(output)) {
    const { response } = exchange;
    response.statusCode = output.statusCode;
    response.setHeader('x-amzn-RequestId', exchange.requestId);
    for (const [name, value] of Object.entries(output.headers ?? {})) response.setHeader(name, value);
    response.end(output.body ?? '');
    return;
  }
  switch (detected.protocol) {
    case 'query': {
      const shapes = service.query!.shapes[operation]!;
      const resultXml = shapes.output ? encodeXmlMembers(output ?? {}, shapes.output) : undefined;
      const xml = queryResponseBody({
        operation,
        xmlNamespace: service.query!.xmlNamespace,
        requestId: exchange.requestId,
        resultXml,
      });
      sendJson(exchange, 200, xml, 'text/xml');
      return;
    }
    case 'json':
      sendJson(exchange, 200, JSON.stringify(output ?? {}), jsonContentType(detected.jsonVersion));
      return;
    default:
      sendJson(exchange, 200, JSON.stringify(output ?? {}), 'application/json');
  }
}

function sendError(exchange: Exchange, error: ServiceError): void {
  const { response } = exchange;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  const protocol = exchange.detected?.protocol;
  const service = exchange.service;
  if (protocol === 'query') {
    const namespace = service?.query?.xmlNamespace ?? 'https://onward.invalid/doc/';
    sendJson(exchange, error.statusCode, queryErrorBody(error, namespace, exchange.requestId), 'text/xml');
    return;
  }
  if (protocol === 'rest-json' || protocol === 'rest-xml') {
    response.setHeader('x-amzn-ErrorType', error.code);
    sendJson(exchange, error.statusCode, restJsonErrorBody(error), 'application/json');
    return;
  }
  if (service?.json?.queryCompatible) response.setHeader('x-amzn-query-error', queryCompatibleErrorHeader(error));
  sendJson(exchange, error.statusCode, jsonErrorBody(error), jsonContentType(exchange.detected?.jsonVersion));
}

function sendJson(exchange: Exchange, status: number, body: string, contentType: string, headOnly = false): void {
  const { response } = exchange;
  response.statusCode = status;
  response.setHeader('x-amzn-RequestId', exchange.requestId);
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(headOnly ? undefined : body);
}
