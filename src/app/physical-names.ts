import { createHash } from 'node:crypto';

/**
 * CloudFormation names resources that have no name property `<stack>-<logicalId>-<RANDOM>`; Onward
 * derives the suffix from the stack and logical id, so the same template always gets the same names.
 */
export function generatedName(stackName: string, logicalId: string, maxLength: number, suffix = ''): string {
  const random = stableId(`${stackName}/${logicalId}`, 12).toUpperCase();
  const room = maxLength - random.length - suffix.length - 2;
  let stack = stackName;
  let id = logicalId;
  if (stack.length + id.length > room) {
    // CloudFormation shortens both parts; keep at least half of the room for the logical id.
    const idRoom = Math.max(Math.ceil(room / 2), room - stack.length);
    id = id.slice(0, idRoom);
    stack = stack.slice(0, room - id.length);
  }
  return `${stack}-${id}-${random}${suffix}`;
}

/** Lower-case alphanumerics derived from `seed`. */
export function stableId(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[digest[i % digest.length]! % alphabet.length];
  return out;
}

/** A version-4-shaped UUID derived from `seed` (event source mappings, subscriptions). */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface ArnContext {
  partition: string;
  region: string;
  accountId: string;
}

export const arns = {
  lambda: (c: ArnContext, name: string) => `arn:${c.partition}:lambda:${c.region}:${c.accountId}:function:${name}`,
  sqs: (c: ArnContext, name: string) => `arn:${c.partition}:sqs:${c.region}:${c.accountId}:${name}`,
  sns: (c: ArnContext, name: string) => `arn:${c.partition}:sns:${c.region}:${c.accountId}:${name}`,
  eventBus: (c: ArnContext, name: string) => `arn:${c.partition}:events:${c.region}:${c.accountId}:event-bus/${name}`,
  rule: (c: ArnContext, bus: string, name: string) =>
    `arn:${c.partition}:events:${c.region}:${c.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`,
  kinesis: (c: ArnContext, name: string) => `arn:${c.partition}:kinesis:${c.region}:${c.accountId}:stream/${name}`,
  scheduleGroup: (c: ArnContext, name: string) =>
    `arn:${c.partition}:scheduler:${c.region}:${c.accountId}:schedule-group/${name}`,
  schedule: (c: ArnContext, group: string, name: string) =>
    `arn:${c.partition}:scheduler:${c.region}:${c.accountId}:schedule/${group}/${name}`,
};

/** The resource name at the end of an ARN (`...:function:name[:qualifier]`, `...:event-bus/name`, `...:queue`). */
export function nameFromArn(arn: string): string {
  const parts = arn.split(':');
  if (parts[2] === 'lambda' && parts[5] === 'function') return parts[6] ?? '';
  const last = parts[parts.length - 1] ?? '';
  return last.includes('/') ? last.slice(last.lastIndexOf('/') + 1) : last;
}

/** Destination type from an ARN, as Lambda infers it. */
export function destinationTypeFromArn(arn: string): 'lambda' | 'sqs' | 'sns' | 'eventbus' | 's3' | undefined {
  const service = arn.split(':')[2];
  if (service === 'lambda') return 'lambda';
  if (service === 'sqs') return 'sqs';
  if (service === 'sns') return 'sns';
  if (service === 'events') return 'eventbus';
  if (service === 's3') return 's3';
  return undefined;
}

/** Function name from a name, full or partial ARN; qualifier from a qualified ARN. */
export function functionReference(value: string): { name: string; qualifier?: string } {
  if (!value.startsWith('arn:')) {
    const [n, q] = value.split(':');
    return q ? { name: n!, qualifier: q } : { name: n! };
  }
  const parts = value.split(':');
  return parts[7] ? { name: parts[6]!, qualifier: parts[7] } : { name: parts[6] ?? nameFromArn(value) };
}
