/** Publish inputs: size, subject, MessageStructure and message attributes, with AWS's messages. Pure. */
import type { ServiceError } from '../../aws/service-error.ts';
import { invalidParameter } from './errors.ts';
import type { SnsMessageAttribute } from './filter-policy.ts';

export const MAX_MESSAGE_BYTES = 262_144;
const MAX_SUBJECT_LENGTH = 100;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const RESERVED_PREFIXES = ['AWS.', 'Amazon.'];

const attributesError = (reason: string): ServiceError => invalidParameter(`MessageAttributes Reason: ${reason}`);

/** Subject: 1-100 printable ASCII characters, no line breaks, not starting with a space. */
export function checkSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  if (subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH || !/^[\x20-\x7e]+$/.test(subject) || subject.startsWith(' ')) {
    throw invalidParameter('Subject');
  }
}

/** The per-protocol messages of `MessageStructure=json`; throws AWS's InvalidParameter otherwise. */
export function parseMessageStructure(message: string, structure: string | undefined): Record<string, string> | undefined {
  if (structure === undefined) return undefined;
  if (structure !== 'json') throw invalidParameter('MessageStructure');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const entries = parsed as Record<string, unknown>;
  if (typeof entries.default !== 'string') throw invalidParameter('Message Structure - No default entry in JSON message body');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Checks message attributes; returns them with only the members their type uses. */
export function checkMessageAttributes(raw: Record<string, unknown> | undefined): Record<string, SnsMessageAttribute> {
  const out: Record<string, SnsMessageAttribute> = {};
  if (!raw) return out;
  if (Object.keys(raw).length > 10)
    throw attributesError('Number of message attributes [' + Object.keys(raw).length + '] exceeds the allowed maximum [10].');
  for (const [name, value] of Object.entries(raw)) {
    if (!ATTRIBUTE_NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw attributesError(`Message attribute name '${name}' has an invalid character.`);
    }
    if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      throw attributesError(`Message attribute name '${name}' is reserved for use by AWS.`);
    }
    const attribute = (value ?? {}) as Record<string, unknown>;
    const dataType = typeof attribute.DataType === 'string' ? attribute.DataType : '';
    if (dataType === '') throw attributesError(`The message attribute '${name}' must contain non-empty message attribute type.`);
    const base = dataType.split('.')[0];
    const stringValue = typeof attribute.StringValue === 'string' ? attribute.StringValue : undefined;
    const binary = attribute.BinaryValue;
    const binaryValue =
      typeof binary === 'string' ? binary : binary instanceof Uint8Array ? Buffer.from(binary).toString('base64') : undefined;
    if (base === 'Binary') {
      if (!binaryValue) {
        throw attributesError(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
        );
      }
      out[name] = { DataType: dataType, BinaryValue: binaryValue };
      continue;
    }
    if (base !== 'String' && base !== 'Number') {
      throw attributesError(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    if (stringValue === undefined || stringValue === '') {
      throw attributesError(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
      );
    }
    if (base === 'Number' && !Number.isFinite(Number(stringValue))) {
      throw attributesError(`Could not cast message attribute '${name}' value to number.`);
    }
    if (dataType === 'String.Array' && !isJsonArrayOfScalars(stringValue)) {
      throw attributesError(
        `The message attribute '${name}' with type 'String.Array' has an invalid value: ${stringValue}. Provide a valid JSON array of strings, numbers, booleans or null.`,
      );
    }
    out[name] = { DataType: dataType, StringValue: stringValue };
  }
  return out;
}

function isJsonArrayOfScalars(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) && value.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item));
  } catch {
    return false;
  }
}

/** Bytes the message and its attributes count against the 256 KB limit. */
export function messageSizeBytes(message: string, attributes: Record<string, SnsMessageAttribute>): number {
  let size = Buffer.byteLength(message);
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    if (attribute.StringValue !== undefined) size += Buffer.byteLength(attribute.StringValue);
    if (attribute.BinaryValue !== undefined) size += Buffer.from(attribute.BinaryValue, 'base64').length;
  }
  return size;
}
