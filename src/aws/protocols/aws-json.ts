/** AWS JSON 1.0 / 1.1: a JSON object in, a JSON object out, errors as `{"__type", "message"}`. */
import { ServiceError } from '../service-error.ts';

export function decodeJsonInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationException('Request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw serializationException('Request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function serializationException(message: string): ServiceError {
  return new ServiceError({ code: 'SerializationException', message, statusCode: 400 });
}

export function jsonContentType(version: string | undefined): string {
  return `application/x-amz-json-${version ?? '1.0'}`;
}

export function jsonErrorBody(error: ServiceError): string {
  return JSON.stringify({ __type: error.jsonType, message: error.message });
}

/**
 * Services whose JSON model carries `awsQueryCompatible` (SQS) also tell the legacy Query code,
 * which current SDKs copy onto the exception (`Code`, `Type`).
 */
export function queryCompatibleErrorHeader(error: ServiceError): string {
  return `${error.queryCode};${error.senderFault ? 'Sender' : 'Receiver'}`;
}
