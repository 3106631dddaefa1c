/**
 * The record Lambda sends to a destination after an asynchronous invocation (pure), field for field as
 * AWS writes it: payloads embedded as JSON values, `functionError` only on failures, no response fields
 * when no attempt ran.
 */
import type { FailureCondition } from './retry-policy.ts';

export type RecordCondition = 'Success' | FailureCondition;

export interface LastResponse {
  executedVersion: string;
  functionError?: string;
  payload: Buffer;
}

export interface InvocationRecordInput {
  requestId: string;
  /** Qualified as the caller invoked it: `:$LATEST` when unqualified, the alias name via an alias. */
  functionArn: string;
  condition: RecordCondition;
  approximateInvokeCount: number;
  requestPayload: Buffer;
  response: LastResponse | undefined;
  timestampMs: number;
}

/** A payload as the JSON value it holds; bytes that are not JSON are kept as a string. */
export function embeddedJson(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (text.trim().length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function requestContext(input: InvocationRecordInput) {
  return {
    requestId: input.requestId,
    functionArn: input.functionArn,
    condition: input.condition,
    approximateInvokeCount: input.approximateInvokeCount,
  };
}

function responseContext(response: LastResponse) {
  return {
    statusCode: 200,
    executedVersion: response.executedVersion,
    ...(response.functionError ? { functionError: response.functionError } : {}),
  };
}

export function invocationRecord(input: InvocationRecordInput): Record<string, unknown> {
  const record: Record<string, unknown> = {
    version: '1.0',
    timestamp: new Date(input.timestampMs).toISOString(),
    requestContext: requestContext(input),
    requestPayload: embeddedJson(input.requestPayload),
  };
  if (input.response) {
    record.responseContext = responseContext(input.response);
    record.responsePayload = embeddedJson(input.response.payload);
  }
  return record;
}

/**
 * The record as the bytes Lambda sends: the same fields, with each payload spliced in as the caller or
 * the function wrote it (`"requestPayload":{ "Success": true }`, spaces and all, as AWS records show)
 * when it is JSON, and as a JSON string when it is not.
 */
export function invocationRecordJson(input: InvocationRecordInput): string {
  // The fields of invocationRecord, in its order; each payload is parsed once, to tell JSON from text.
  let json =
    `{"version":"1.0","timestamp":"${new Date(input.timestampMs).toISOString()}",` +
    `"requestContext":${JSON.stringify(requestContext(input))},"requestPayload":${embeddedJsonText(input.requestPayload)}`;
  if (input.response) {
    json +=
      `,"responseContext":${JSON.stringify(responseContext(input.response))}` +
      `,"responsePayload":${embeddedJsonText(input.response.payload)}`;
  }
  return `${json}}`;
}

/** A payload's own text when it is JSON (embedded verbatim), else the text as a JSON string; empty is null. */
export function embeddedJsonText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (text.trim().length === 0) return 'null';
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify(text);
  }
}

/** The function dead-letter message: the original payload, and RequestID / ErrorCode / ErrorMessage. */
export function deadLetterMessage(requestId: string, requestPayload: Buffer, response: LastResponse | undefined) {
  const error = response ? (embeddedJson(response.payload) as { errorMessage?: unknown } | null) : null;
  const errorMessage = typeof error?.errorMessage === 'string' ? error.errorMessage : 'Function invocation failed.';
  return {
    body: requestPayload.toString('utf8'),
    attributes: {
      RequestID: { DataType: 'String', StringValue: requestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: Buffer.from(errorMessage).subarray(0, 1024).toString('utf8') },
    },
  };
}
