/**
 * SNS subscription filter policies on top of the shared event-pattern matcher: SNS's own limits and
 * messages, and what a policy is matched against in each scope: MessageAttributes (an object built from
 * the message attributes: Number as a number, String.Array as its array, Binary never matches) or
 * MessageBody (the message parsed as JSON). Pure.
 */
import { compileEventPattern, InvalidEventPatternError, type CompiledPattern } from '../../patterns/event-pattern.ts';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

export interface SnsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** A policy SNS refuses; `reason` goes after `FilterPolicy: ` in AWS's message. */
export class InvalidFilterPolicyError extends Error {
  override name = 'InvalidFilterPolicyError';
}

const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;
const MAX_POLICY_BYTES = 256 * 1024;

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Shape {
  /** Leaf keys of the widest alternative. */
  keys: number;
  combinations: number;
}

/** Keys and value combinations as AWS counts them: keys AND (product), `$or` alternatives add up. */
function measure(policy: JsonObject, scope: FilterPolicyScope, depth: number): Shape {
  let keys = 0;
  let combinations = 1;
  for (const [key, value] of Object.entries(policy)) {
    if (key === '$or' && Array.isArray(value)) {
      let orKeys = 0;
      let orCombinations = 0;
      for (const alternative of value) {
        if (!isObject(alternative)) continue;
        const inner = measure(alternative, scope, depth);
        orKeys = Math.max(orKeys, inner.keys);
        orCombinations += inner.combinations;
      }
      keys += orKeys;
      combinations *= Math.max(orCombinations, 1);
    } else if (Array.isArray(value)) {
      keys += 1;
      combinations *= Math.max(value.length, 1);
    } else if (isObject(value)) {
      if (scope === 'MessageAttributes') {
        throw new InvalidFilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy');
      }
      const inner = measure(value, scope, depth + 1);
      keys += inner.keys;
      combinations *= inner.combinations;
    }
  }
  return { keys, combinations };
}

export interface CompiledFilterPolicy {
  matches(message: string, attributes: Readonly<Record<string, SnsMessageAttribute>>): boolean;
}

/** Parses, checks and compiles a policy; throws InvalidFilterPolicyError with AWS's reason. */
export function compileFilterPolicy(text: string, scope: FilterPolicyScope): CompiledFilterPolicy {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw new InvalidFilterPolicyError('Filter policy is too long');
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch (error) {
    throw new InvalidFilterPolicyError(`failed to parse JSON. ${(error as Error).message}`);
  }
  if (!isObject(policy)) throw new InvalidFilterPolicyError('failed to parse JSON. Filter policy must be a JSON object');
  const shape = measure(policy, scope, 0);
  if (shape.keys > MAX_KEYS) throw new InvalidFilterPolicyError(`Filter policy can not have more than ${MAX_KEYS} keys`);
  if (shape.combinations > MAX_COMBINATIONS) throw new InvalidFilterPolicyError('Filter policy is too complex');
  let pattern: CompiledPattern;
  try {
    pattern = compileEventPattern(policy);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) throw new InvalidFilterPolicyError(error.reason);
    throw error;
  }
  return scope === 'MessageBody'
    ? { matches: (message) => pattern.matches(parseBody(message)) }
    : { matches: (_message, attributes) => pattern.matches(attributeObject(attributes)) };
}

function parseBody(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}

/** Message attributes as the object a MessageAttributes-scope policy is matched against. */
export function attributeObject(attributes: Readonly<Record<string, SnsMessageAttribute>>): JsonObject {
  const out: JsonObject = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const type = attribute.DataType.split('.')[0];
    const value = attribute.StringValue;
    if (value === undefined) continue;
    if (attribute.DataType === 'String.Array') {
      const parsed = parseBody(value);
      out[name] = Array.isArray(parsed) ? parsed : value;
    } else if (type === 'Number') {
      const number = Number(value);
      out[name] = Number.isFinite(number) ? number : value;
    } else if (type === 'String') {
      out[name] = value;
    }
  }
  return out;
}
