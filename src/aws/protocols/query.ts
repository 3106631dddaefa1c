/**
 * The AWS Query protocol: form-encoded (or query-string) parameters in, XML out.
 * Decoding and encoding follow the operation's shape, as botocore's query serializer and XML parser do.
 */
import { ServiceError } from '../service-error.ts';
import type { Shape, StructureShape } from './shape.ts';
import { element, escapeXml } from './xml.ts';

/** Form parameters (`Attribute.1.Name=...`) to the structured input the operation handlers take. */
export function decodeQueryInput(params: ReadonlyMap<string, string>, shape: StructureShape): Record<string, unknown> {
  return decodeStructure(params, '', shape);
}

function decodeStructure(params: ReadonlyMap<string, string>, prefix: string, shape: StructureShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const value = decodeValue(params, prefix + (member.wireName ?? name), member.shape);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function hasPrefix(params: ReadonlyMap<string, string>, key: string): boolean {
  if (params.has(key)) return true;
  const dotted = `${key}.`;
  for (const name of params.keys()) if (name.startsWith(dotted)) return true;
  return false;
}

function decodeValue(params: ReadonlyMap<string, string>, key: string, shape: Shape): unknown {
  switch (shape.type) {
    case 'string':
    case 'blob':
      return params.get(key);
    case 'integer':
    case 'long':
      return decodeNumber(params.get(key));
    case 'boolean': {
      const raw = params.get(key);
      if (raw === undefined) return undefined;
      return raw.toLowerCase() === 'true';
    }
    case 'structure':
      return hasPrefix(params, key) ? decodeStructure(params, `${key}.`, shape) : undefined;
    case 'list': {
      const itemPrefix = shape.flattened ? key : `${key}.${shape.memberName ?? 'member'}`;
      if (!hasPrefix(params, itemPrefix)) return params.has(key) ? [] : undefined;
      const items: unknown[] = [];
      for (let i = 1; hasPrefix(params, `${itemPrefix}.${i}`); i++) {
        items.push(decodeValue(params, `${itemPrefix}.${i}`, shape.member));
      }
      return items;
    }
    case 'map': {
      const entryPrefix = shape.flattened ? key : `${key}.entry`;
      if (!hasPrefix(params, entryPrefix)) return undefined;
      const out: Record<string, unknown> = {};
      for (let i = 1; hasPrefix(params, `${entryPrefix}.${i}`); i++) {
        const entryKey = params.get(`${entryPrefix}.${i}.${shape.keyName ?? 'key'}`);
        if (entryKey === undefined) continue;
        out[entryKey] = decodeValue(params, `${entryPrefix}.${i}.${shape.valueName ?? 'value'}`, shape.value);
      }
      return out;
    }
  }
}

function decodeNumber(raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  // Left as text when it is not a number, so the operation reports it with its own validation message.
  return raw.trim() !== '' && Number.isFinite(value) ? value : raw;
}

/** A structured output to the XML of its members, in shape order (AWS's order). */
export function encodeXmlMembers(value: Record<string, unknown>, shape: StructureShape): string {
  let xml = '';
  for (const [name, member] of Object.entries(shape.members)) {
    const memberValue = value[name];
    if (memberValue === undefined || memberValue === null) continue;
    xml += encodeXmlValue(memberValue, member.wireName ?? name, member.shape);
  }
  return xml;
}

function encodeXmlValue(value: unknown, name: string, shape: Shape): string {
  switch (shape.type) {
    case 'structure':
      return element(name, encodeXmlMembers(value as Record<string, unknown>, shape));
    case 'list': {
      const items = (value as unknown[]).map((item) =>
        encodeXmlValue(item, shape.flattened ? name : (shape.memberName ?? 'member'), shape.member),
      );
      return shape.flattened ? items.join('') : element(name, items.join(''));
    }
    case 'map': {
      const keyName = shape.keyName ?? 'key';
      const valueName = shape.valueName ?? 'value';
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        const inner = element(keyName, escapeXml(k)) + encodeXmlValue(v, valueName, shape.value);
        return element(shape.flattened ? name : 'entry', inner);
      });
      return shape.flattened ? entries.join('') : element(name, entries.join(''));
    }
    default:
      return element(name, escapeXml(String(value)));
  }
}

export interface QueryResponseOptions {
  operation: string;
  xmlNamespace: string;
  requestId: string;
  /** The result members already encoded; undefined for operations without a result element. */
  resultXml: string | undefined;
}

export function queryResponseBody({ operation, xmlNamespace, requestId, resultXml }: QueryResponseOptions): string {
  const result = resultXml === undefined ? '' : element(`${operation}Result`, resultXml);
  const metadata = element('ResponseMetadata', element('RequestId', requestId));
  return `<?xml version="1.0"?><${operation}Response xmlns="${xmlNamespace}">${result}${metadata}</${operation}Response>`;
}

export function queryErrorBody(error: ServiceError, xmlNamespace: string, requestId: string): string {
  const inner =
    element('Type', error.senderFault ? 'Sender' : 'Receiver') +
    element('Code', escapeXml(error.queryCode)) +
    element('Message', escapeXml(error.queryMessage)) +
    '<Detail/>';
  return `<?xml version="1.0"?><ErrorResponse xmlns="${xmlNamespace}">${element('Error', inner)}${element('RequestId', requestId)}</ErrorResponse>`;
}
