/**
 * How applying an app reaches Onward: the same operations the wire API runs, called in process with the
 * input shapes the SDKs send. Errors are the services' own `ServiceError`s (their AWS code and message).
 */
export type ServiceName = 'sqs' | 'sns' | 'lambda' | 'events' | 'kinesis' | 'scheduler';

export type ServiceCall = (
  service: ServiceName,
  operation: string,
  input: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/** The AWS error code of a failed call, if it was a service error. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * An operation's output as the data a client would decode: REST operations (Lambda's) shape their own
 * response, whose JSON body is the result; a body-less response is an empty result.
 */
export function operationResult(output: unknown): Record<string, unknown> {
  if (output === undefined || output === null) return {};
  const raw = output as { raw?: unknown; body?: unknown };
  if (raw.raw !== true) return output as Record<string, unknown>;
  if (raw.body === undefined || raw.body === '') return {};
  const text = Buffer.isBuffer(raw.body) ? raw.body.toString('utf8') : String(raw.body);
  return JSON.parse(text) as Record<string, unknown>;
}
