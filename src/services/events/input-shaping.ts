/**
 * What a target receives: the event, a constant `Input`, the value at `InputPath`, or an
 * `InputTransformer` template filled from `InputPathsMap` (AWS-recorded rules: a placeholder inside a
 * JSON string inserts the value as text, outside one as JSON; a missing path inserts an empty string).
 */
import type { EventEnvelope } from './envelope.ts';
import { envelopeTime } from './envelope.ts';
import { evaluateJsonPath, parseJsonPath } from './json-path.ts';

export interface InputTransformer {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

export interface TargetInputSpec {
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformer;
}

export interface DeliveryFacts {
  ruleArn: string;
  ruleName: string;
  ingestionTimeMs: number;
}

export const RESERVED_PLACEHOLDERS = new Set([
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
]);

const PLACEHOLDER = /<([^<>\s"]+)>/g;

/** Placeholder names used by a template. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export class InputShapingError extends Error {
  override name = 'InputShapingError';
}

/** The payload text a target gets for one event. */
export function shapeInput(target: TargetInputSpec, event: EventEnvelope, facts: DeliveryFacts): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const path = parseJsonPath(target.InputPath);
    const value = path ? evaluateJsonPath(event, path) : undefined;
    return value === undefined ? '' : JSON.stringify(value);
  }
  if (target.InputTransformer) return transform(target.InputTransformer, event, facts);
  return JSON.stringify(event);
}

function reservedValue(name: string, event: EventEnvelope, facts: DeliveryFacts): unknown {
  switch (name) {
    case 'aws.events.rule-arn':
      return facts.ruleArn;
    case 'aws.events.rule-name':
      return facts.ruleName;
    case 'aws.events.event.ingestion-time':
      return envelopeTime(facts.ingestionTimeMs);
    case 'aws.events.event.json':
      return event;
    default:
      // The envelope without detail, `detailType` spelled as AWS records it.
      return {
        id: event.id,
        account: event.account,
        detailType: event['detail-type'],
        time: event.time,
        source: event.source,
        region: event.region,
        resources: event.resources,
        version: event.version,
      };
  }
}

function transform(transformer: InputTransformer, event: EventEnvelope, facts: DeliveryFacts): string {
  const values = new Map<string, unknown>();
  for (const [name, pathText] of Object.entries(transformer.InputPathsMap ?? {})) {
    const path = parseJsonPath(pathText);
    values.set(name, path ? evaluateJsonPath(event, path) : undefined);
  }
  const template = transformer.InputTemplate;
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === '\\' && inString) {
      out += char + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === '<') {
      const end = template.indexOf('>', i);
      const name = end > i ? template.slice(i + 1, end) : '';
      const known = values.has(name) || RESERVED_PLACEHOLDERS.has(name);
      if (known && !/[\s<"]/.test(name)) {
        const value = values.has(name) ? values.get(name) : reservedValue(name, event, facts);
        out += inString ? asText(value) : asJson(value);
        i = end;
        continue;
      }
    }
    out += char;
  }
  // A template that is one or more quoted strings is sent as written; anything else must be JSON.
  if (!template.trimStart().startsWith('"')) {
    try {
      JSON.parse(out);
    } catch {
      throw new InputShapingError('The InputTemplate did not produce valid JSON.');
    }
  }
  return out;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return JSON.stringify(value).slice(1, -1);
  if (typeof value === 'object') return JSON.stringify(value).replaceAll('"', '');
  return String(value);
}

function asJson(value: unknown): string {
  return value === undefined ? '""' : JSON.stringify(value);
}
