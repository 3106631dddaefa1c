/** What a message may contain: body characters and size, message attributes, system attributes. Pure. */
import type { MessageAttributeMap, MessageAttributeValue } from '../../store/sqs-store.ts';
import { InvalidMessageContents, InvalidParameterValue, MissingParameter } from './errors.ts';

/** #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF */
// eslint-disable-next-line no-control-regex -- the allowed control characters are the point
const INVALID_BODY_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export const MAX_MESSAGE_ATTRIBUTES = 10;
export const MAX_MESSAGE_BYTES = 1_048_576;

export function validateBody(body: string): void {
  if (body.length === 0) throw MissingParameter('MessageBody');
  if (INVALID_BODY_CHARACTER.test(body)) {
    throw InvalidMessageContents(
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  }
}

/** Bytes that count against MaximumMessageSize: the body plus every attribute's name, type and value. */
export function messageSizeBytes(body: string, attributes: MessageAttributeMap | null): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    if (value.StringValue !== undefined) size += Buffer.byteLength(value.StringValue, 'utf8');
    if (value.BinaryValue !== undefined) size += Buffer.from(value.BinaryValue, 'base64').length;
  }
  return size;
}

/** A single send "is invalid"; a batch entry "cannot be validated" (AWS-recorded wording of each). */
export function validateMessageSize(sizeBytes: number, maximumBytes: number, mode: 'single' | 'batch'): void {
  if (sizeBytes > maximumBytes) {
    const verdict = mode === 'single' ? 'are invalid' : 'cannot be validated';
    throw InvalidParameterValue(`One or more parameters ${verdict}. Reason: Message must be shorter than ${maximumBytes} bytes.`);
  }
}

const ATTRIBUTE_NAME = /^[\p{L}\p{N}_.-]+$/u;
const DATA_TYPE = /^(String|Number|Binary)(\.[^\s]{1,})?$/;

function attributeError(reason: string): never {
  throw InvalidParameterValue(reason);
}

/** Validates message attributes and returns them with only the members their data type uses. */
export function normaliseMessageAttributes(raw: Record<string, unknown> | undefined): MessageAttributeMap | null {
  if (!raw) return null;
  const names = Object.keys(raw);
  if (names.length === 0) return null;
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    attributeError(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`);
  }
  const out: MessageAttributeMap = {};
  for (const name of names) {
    if (name.length === 0) attributeError('The request must contain non-empty message (user) attribute names.');
    if (Buffer.byteLength(name, 'utf8') > 256) attributeError('Message (user) attribute name must be shorter than 256 bytes.');
    if (/^(aws\.|amazon\.)/i.test(name)) {
      attributeError(
        "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. These strings are reserved for internal use.",
      );
    }
    if (!ATTRIBUTE_NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      attributeError(`Message (user) attribute name '${name}' is invalid.`);
    }
    out[name] = normaliseAttributeValue(name, raw[name]);
  }
  return out;
}

function normaliseAttributeValue(name: string, raw: unknown): MessageAttributeValue {
  const value = (raw ?? {}) as Record<string, unknown>;
  const dataType = typeof value.DataType === 'string' ? value.DataType : undefined;
  if (!dataType) attributeError(`The message (user) attribute '${name}' must contain a non-empty message attribute type.`);
  if (Buffer.byteLength(dataType, 'utf8') > 256) attributeError('Message (user) attribute type must be shorter than 256 bytes.');
  if (!DATA_TYPE.test(dataType)) {
    attributeError(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (value.StringListValues !== undefined || value.BinaryListValues !== undefined) {
    attributeError('Message attribute list values in SendMessage operation are not supported.');
  }
  if (dataType.startsWith('Binary')) {
    const binary = value.BinaryValue;
    if (typeof binary !== 'string' || binary.length === 0) {
      attributeError(`Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
    }
    return { DataType: dataType, BinaryValue: binary };
  }
  const text = value.StringValue;
  const stringValue = typeof text === 'string' || typeof text === 'number' ? String(text) : '';
  if (stringValue.length === 0) {
    const kind = dataType.startsWith('Number') ? 'Number' : 'String';
    attributeError(`Message (user) attribute '${name}' must contain a non-empty value of type '${kind}'.`);
  }
  if (dataType.startsWith('Number') && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(stringValue)) {
    attributeError(`Can't cast the value of message (user) attribute '${name}' to a number.`);
  }
  if (INVALID_BODY_CHARACTER.test(stringValue)) {
    attributeError(`Message (user) attribute '${name}' contains invalid characters.`);
  }
  return { DataType: dataType, StringValue: stringValue };
}

/** Only `AWSTraceHeader` (a String) exists as a message system attribute. */
export function normaliseSystemAttributes(raw: Record<string, unknown> | undefined): MessageAttributeMap | null {
  if (!raw || Object.keys(raw).length === 0) return null;
  const out: MessageAttributeMap = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name !== 'AWSTraceHeader') {
      attributeError(`Message system attribute name '${name}' is invalid.`);
    }
    const attribute = (value ?? {}) as Record<string, unknown>;
    if (attribute.DataType !== 'String' || typeof attribute.StringValue !== 'string' || attribute.StringValue === '') {
      attributeError(`Message system attribute '${name}' must be of type String with a non-empty value.`);
    }
    out[name] = { DataType: 'String', StringValue: attribute.StringValue };
  }
  return out;
}

/** Message attribute names a ReceiveMessage asks for: exact names, `All`, `.*` and `prefix.*`. */
export function selectMessageAttributes(
  attributes: MessageAttributeMap | null,
  requested: readonly string[],
): MessageAttributeMap | null {
  if (!attributes || requested.length === 0) return null;
  const wantsAll = requested.some((r) => r === 'All' || r === '.*' || r === '*');
  const prefixes = requested.filter((r) => r.endsWith('.*')).map((r) => r.slice(0, -2));
  const out: MessageAttributeMap = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (wantsAll || requested.includes(name) || prefixes.some((p) => name.startsWith(p))) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}
