/**
 * Queue attributes: which exist, their defaults and ranges, and their canonical string form
 * (GetQueueAttributes returns every value as a string). Pure: no store, no clock.
 */
import { InvalidAttributeName, InvalidAttributeValue, InvalidParameterValue, invalidParameter } from './errors.ts';
import { parseQueueArn } from './queue-url.ts';

export const STANDARD_DEFAULTS: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

export const FIFO_DEFAULTS: Readonly<Record<string, string>> = {
  ...STANDARD_DEFAULTS,
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

/** Attributes computed by SQS: readable, never settable. */
export const COMPUTED_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const BOOLEAN_ATTRIBUTES = new Set(['SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication']);
const FIFO_ONLY_ATTRIBUTES = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const ENUM_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};
const FREE_TEXT_ATTRIBUTES = new Set(['KmsMasterKeyId']);
const JSON_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy']);

export const SETTABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...Object.keys(INTEGER_RANGES),
  ...BOOLEAN_ATTRIBUTES,
  ...Object.keys(ENUM_ATTRIBUTES),
  ...FREE_TEXT_ATTRIBUTES,
  ...JSON_ATTRIBUTES,
]);

export const ALL_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([...SETTABLE_ATTRIBUTES, ...COMPUTED_ATTRIBUTES]);

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export function unknownAttribute(name: string): never {
  throw InvalidAttributeName(`Unknown Attribute ${name}.`);
}

function invalidValue(name: string): never {
  throw InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
}

const SSE_CONFLICT =
  'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.';

/**
 * Validates attributes given to CreateQueue (`creating`) or SetQueueAttributes and returns them in
 * canonical form. `FifoQueue` is the caller's to interpret on create; on a later set it can only repeat
 * what the queue is.
 */
export function canonicalAttributes(given: Record<string, unknown>, fifo: boolean, creating: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) {
    if (!SETTABLE_ATTRIBUTES.has(name)) unknownAttribute(name);
    const value = raw === null || raw === undefined ? '' : String(raw);
    if (name === 'FifoQueue') {
      if (!fifo) unknownAttribute(name);
      if (value.toLowerCase() !== 'true') {
        throw InvalidAttributeValue(
          creating
            ? 'Invalid value for the parameter FifoQueue.'
            : 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
        );
      }
      if (creating) out[name] = 'true';
      continue;
    }
    if (!fifo && (name === 'DeduplicationScope' || name === 'FifoThroughputLimit')) {
      throw InvalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
    }
    if (!fifo && FIFO_ONLY_ATTRIBUTES.has(name)) unknownAttribute(name);
    out[name] = canonicalValue(name, value);
  }
  if (out.KmsMasterKeyId && out.SqsManagedSseEnabled === 'true') throw InvalidAttributeName(SSE_CONFLICT);
  return out;
}

/** Attributes whose empty value removes them. */
const REMOVABLE_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId']);

/** The stored attributes after a SetQueueAttributes: KMS and SQS-managed encryption exclude each other. */
export function applyAttributeChanges(stored: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const next = { ...stored };
  for (const [name, value] of Object.entries(changes)) {
    if (value === '' && REMOVABLE_ATTRIBUTES.has(name)) delete next[name];
    else next[name] = value;
  }
  if (changes.KmsMasterKeyId) next.SqsManagedSseEnabled = 'false';
  if (changes.SqsManagedSseEnabled === 'true') delete next.KmsMasterKeyId;
  if (!next.KmsMasterKeyId) delete next.KmsDataKeyReusePeriodSeconds;
  return next;
}

function canonicalValue(name: string, value: string): string {
  const range = INTEGER_RANGES[name];
  if (range) {
    if (!/^\s*-?\d+\s*$/.test(value)) invalidValue(name);
    const number = Number(value);
    if (number < range[0] || number > range[1]) invalidValue(name);
    return String(number);
  }
  if (BOOLEAN_ATTRIBUTES.has(name)) {
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') invalidValue(name);
    return lower;
  }
  const allowed = ENUM_ATTRIBUTES[name];
  if (allowed) {
    if (!allowed.includes(value)) invalidValue(name);
    return value;
  }
  if (name === 'RedrivePolicy') return value === '' ? '' : JSON.stringify(parseRedrivePolicy(value));
  if (name === 'RedriveAllowPolicy') return value === '' ? '' : canonicalRedriveAllowPolicy(value);
  if (name === 'Policy' && value !== '') {
    try {
      JSON.parse(value);
    } catch {
      invalidValue(name);
    }
  }
  return value;
}

/** `{"deadLetterTargetArn": ..., "maxReceiveCount": 1..1000}`; the count may arrive as a string. */
export function parseRedrivePolicy(value: string): RedrivePolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw InvalidParameterValue('Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.');
  }
  const policy = parsed as Record<string, unknown>;
  const invalid = (reason: string) => invalidParameter('RedrivePolicy', value, reason);
  if (Object.keys(policy).some((key) => key !== 'deadLetterTargetArn' && key !== 'maxReceiveCount')) {
    throw invalid('Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].');
  }
  if (policy.maxReceiveCount === undefined) {
    throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  }
  if (policy.deadLetterTargetArn === undefined) {
    throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  }
  const count = Number(policy.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid(
      `Invalid value for maxReceiveCount: ${String(policy.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  const arn = policy.deadLetterTargetArn;
  if (typeof arn !== 'string' || !parseQueueArn(arn)) {
    throw invalid('Only SQS queues are valid resources for deadLetterTargetArn.');
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

function canonicalRedriveAllowPolicy(value: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter('RedriveAllowPolicy', value, 'Redrive allow policy is not a valid JSON map.');
  }
  const policy = parsed as { redrivePermission?: unknown; sourceQueueArns?: unknown };
  const permission = policy?.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw invalidParameter('RedriveAllowPolicy', value, 'Invalid value for redrivePermission.');
  }
  const sources = policy.sourceQueueArns;
  if (permission === 'byQueue') {
    if (!Array.isArray(sources) || sources.length === 0 || sources.length > 10 || !sources.every((s) => typeof s === 'string')) {
      throw invalidParameter('RedriveAllowPolicy', value, 'Invalid value for sourceQueueArns.');
    }
  } else if (sources !== undefined) {
    throw invalidParameter('RedriveAllowPolicy', value, 'sourceQueueArns is only allowed with redrivePermission byQueue.');
  }
  return JSON.stringify(
    sources === undefined ? { redrivePermission: permission } : { redrivePermission: permission, sourceQueueArns: sources },
  );
}

/** Whether a source queue may use a dead-letter queue under the DLQ's RedriveAllowPolicy. */
export function redriveAllowed(deadLetterAttributes: Readonly<Record<string, string>>, sourceQueueArn: string): boolean {
  const raw = deadLetterAttributes.RedriveAllowPolicy;
  if (!raw) return true;
  const policy = JSON.parse(raw) as { redrivePermission: string; sourceQueueArns?: string[] };
  if (policy.redrivePermission === 'allowAll') return true;
  if (policy.redrivePermission === 'denyAll') return false;
  return policy.sourceQueueArns?.includes(sourceQueueArn) ?? false;
}

const effectiveCache = new WeakMap<Readonly<Record<string, string>>, Readonly<Record<string, string>>>();

/** The effective attributes of a queue: defaults, then what was set. Memoised per (immutable) stored map. */
export function effectiveAttributes(fifo: boolean, stored: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (!Object.isFrozen(stored)) return { ...(fifo ? FIFO_DEFAULTS : STANDARD_DEFAULTS), ...stored };
  let effective = effectiveCache.get(stored);
  if (!effective) {
    effective = Object.freeze({ ...(fifo ? FIFO_DEFAULTS : STANDARD_DEFAULTS), ...stored });
    effectiveCache.set(stored, effective);
  }
  return effective;
}

/** Integer value of an effective attribute. */
export function integerAttribute(attributes: Readonly<Record<string, string>>, name: string): number {
  return Number(attributes[name]);
}

/** The first attribute whose requested value differs from the queue's, for CreateQueue's idempotency rule. */
export function firstDifferingAttribute(current: Record<string, string>, requested: Record<string, string>): string | undefined {
  return Object.keys(requested).find((name) => (current[name] ?? '') !== requested[name]);
}
