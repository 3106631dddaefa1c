/**
 * An error that reaches the client on the wire. Only the protocol codecs decide how it is rendered
 * (JSON `__type`, Query `<ErrorResponse>`, REST-JSON `x-amzn-ErrorType`); services only say what it is.
 */
export interface ServiceErrorInit {
  /** The error code of the current (JSON) model, e.g. `QueueDoesNotExist`. */
  code: string;
  message: string;
  statusCode?: number;
  /** `Sender` when the caller is at fault (4xx), `Receiver` otherwise. */
  senderFault?: boolean;
  /** Namespace of the JSON `__type`, e.g. `com.amazonaws.sqs`; omitted for plain codes. */
  typeNamespace?: string;
  /** The legacy Query-protocol code where it differs, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  queryCode?: string;
  /** The message the Query protocol gives where it differs from the JSON one. */
  queryMessage?: string;
  /** Extra headers AWS sends with this error. */
  headers?: Record<string, string>;
  /** Extra members of the error document (e.g. Lambda's `Reason` on TooManyRequestsException). */
  fields?: Record<string, string>;
}

export class ServiceError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly senderFault: boolean;
  readonly typeNamespace: string | undefined;
  readonly queryCode: string;
  readonly queryMessage: string;
  readonly headers: Record<string, string>;
  readonly fields: Record<string, string>;

  constructor(init: ServiceErrorInit) {
    super(init.message);
    this.name = init.code;
    this.code = init.code;
    this.statusCode = init.statusCode ?? 400;
    this.senderFault = init.senderFault ?? this.statusCode < 500;
    this.typeNamespace = init.typeNamespace;
    this.queryCode = init.queryCode ?? init.code;
    this.queryMessage = init.queryMessage ?? init.message;
    this.headers = init.headers ?? {};
    this.fields = init.fields ?? {};
  }

  /** The JSON protocol's `__type`. */
  get jsonType(): string {
    return this.typeNamespace ? `${this.typeNamespace}#${this.code}` : this.code;
  }
}

/** Any failure that is not a ServiceError becomes this on the wire (and is logged). */
export function internalFailure(): ServiceError {
  return new ServiceError({
    code: 'InternalFailure',
    message: 'The request processing has failed because of an unknown error, exception or failure.',
    statusCode: 500,
    senderFault: false,
  });
}
