/** The MD5 digests SQS returns and SDKs verify: of the body, and of the message attributes in AWS's encoding. */
import { createHash } from 'node:crypto';
import type { MessageAttributeMap, MessageAttributeValue } from '../../store/sqs-store.ts';

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;
const STRING_LIST_TRANSPORT = 3;
const BINARY_LIST_TRANSPORT = 4;

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function encodeValue(value: MessageAttributeValue): Buffer[] {
  if (value.StringValue !== undefined) {
    return [Buffer.from([STRING_TRANSPORT]), lengthPrefixed(Buffer.from(value.StringValue, 'utf8'))];
  }
  if (value.BinaryValue !== undefined) {
    return [Buffer.from([BINARY_TRANSPORT]), lengthPrefixed(Buffer.from(value.BinaryValue, 'base64'))];
  }
  if (value.StringListValues && value.StringListValues.length > 0) {
    return [Buffer.from([STRING_LIST_TRANSPORT]), ...value.StringListValues.map((v) => lengthPrefixed(Buffer.from(v, 'utf8')))];
  }
  return [
    Buffer.from([BINARY_LIST_TRANSPORT]),
    ...(value.BinaryListValues ?? []).map((v) => lengthPrefixed(Buffer.from(v, 'base64'))),
  ];
}

/** Names sorted by byte order; per attribute: name, data type, transport byte, value, each length-prefixed. */
export function md5OfMessageAttributes(attributes: MessageAttributeMap): string {
  const hash = createHash('md5');
  const names = Object.keys(attributes).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    const value = attributes[name]!;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    for (const part of encodeValue(value)) hash.update(part);
  }
  return hash.digest('hex');
}
