/** What every emulated AWS service gives the edge: its operations and how its protocols are spelled. */
import type { WireProtocol } from '../aws/detect.ts';
import type { RestRouter } from '../aws/protocols/rest-json.ts';
import type { StructureShape } from '../aws/protocols/shape.ts';

export interface RequestContext {
  requestId: string;
  accountId: string;
  region: string;
  /** The access key the request was signed with, if any. */
  accessKeyId: string | undefined;
  protocol: WireProtocol;
  /** Scheme, host and port the client reached Onward on, e.g. `http://127.0.0.1:4566`. */
  origin: string;
  /** The request's path: Query clients may address a queue by posting to its URL. */
  path: string;
  /** Request headers, lower-case names (e.g. `x-amzn-trace-id`). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Aborted when the client goes away (ends long polls early). */
  signal: AbortSignal;
}

export type OperationInput = Record<string, unknown>;
/** A response a REST operation shapes itself (status, headers, raw body), e.g. Lambda's Invoke. */
export interface RawResponse {
  readonly raw: true;
  statusCode: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export type OperationOutput = Record<string, unknown> | RawResponse | undefined;
export type OperationHandler = (input: OperationInput, context: RequestContext) => Promise<OperationOutput> | OperationOutput;

export interface AwsService {
  /** Signing name, as in the SigV4 credential scope. */
  readonly signingName: string;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /** JSON protocol: the `__type` namespace and whether errors also carry `x-amzn-query-error`. */
  readonly json?: { queryCompatible: boolean };
  readonly query?: { xmlNamespace: string; shapes: Readonly<Record<string, QueryOperationShapes>> };
  /** REST-JSON: the routes that name the operations. */
  readonly rest?: { router: RestRouter };
}

export interface QueryOperationShapes {
  input: StructureShape;
  /** Undefined for operations whose response has no Result element. */
  output?: StructureShape;
}

/** The RequestContext of work Onward does on its own (no client): the invocation's account and region. */
export function internalRequest(accountId: string, region: string, requestId: string): RequestContext {
  return {
    requestId,
    accountId,
    region,
    accessKeyId: undefined,
    protocol: 'json',
    origin: '',
    path: '/',
    headers: {},
    // Nobody cancels Onward's own work: built only if an operation asks, not for every delivery and attempt.
    get signal() {
      const signal = new AbortController().signal;
      Object.defineProperty(this, 'signal', { value: signal });
      return signal;
    },
  };
}
