/** Subscription attributes: checks with AWS's messages and what GetSubscriptionAttributes reports. Pure. */
import type { SnsSubscription } from '../../store/sns-store.ts';
import { QUEUE_ARN } from './arns.ts';
import { DEFAULT_HEALTHY_RETRY_POLICY } from './delivery-policy.ts';
import { compileFilterPolicy, InvalidFilterPolicyError, type FilterPolicyScope } from './filter-policy.ts';

const SETTABLE = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);
const RAW_PROTOCOLS = new Set(['sqs', 'http', 'https', 'firehose']);

/** Why an attribute is refused: `Invalid parameter: <message>` on the wire. */
export class InvalidSubscriptionAttributeError extends Error {
  override name = 'InvalidSubscriptionAttributeError';
}

function parseJsonObject(name: string, value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidSubscriptionAttributeError(`${name}: failed to parse JSON. ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidSubscriptionAttributeError(`${name}: failed to parse JSON.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Checks one attribute of a subscription with this protocol; `scope` is the FilterPolicyScope in effect
 * (a FilterPolicy is checked against it). Throws InvalidSubscriptionAttributeError.
 */
export function checkSubscriptionAttribute(name: string, value: string, protocol: string, scope: FilterPolicyScope): void {
  if (!SETTABLE.has(name)) throw new InvalidSubscriptionAttributeError('AttributeName');
  switch (name) {
    case 'RawMessageDelivery':
      if (value.toLowerCase() !== 'true' && value.toLowerCase() !== 'false') {
        throw new InvalidSubscriptionAttributeError(`RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
      }
      if (!RAW_PROTOCOLS.has(protocol)) {
        throw new InvalidSubscriptionAttributeError(`Delivery protocol [${protocol}] does not support raw message delivery.`);
      }
      return;
    case 'FilterPolicyScope':
      if (value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw new InvalidSubscriptionAttributeError(
          `FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`,
        );
      }
      return;
    case 'FilterPolicy':
      if (value === '') return;
      try {
        compileFilterPolicy(value, scope);
      } catch (error) {
        if (error instanceof InvalidFilterPolicyError) {
          throw new InvalidSubscriptionAttributeError(`FilterPolicy: ${error.message}`);
        }
        throw error;
      }
      return;
    case 'RedrivePolicy': {
      if (value === '') return;
      const policy = parseJsonObject('RedrivePolicy', value);
      const target = policy.deadLetterTargetArn;
      if (typeof target !== 'string') {
        throw new InvalidSubscriptionAttributeError('RedrivePolicy: deadLetterTargetArn is missing');
      }
      if (!QUEUE_ARN.test(target)) {
        throw new InvalidSubscriptionAttributeError(`RedrivePolicy: Invalid deadLetterTargetArn: ${target}`);
      }
      return;
    }
    case 'DeliveryPolicy': {
      const policy = parseJsonObject('DeliveryPolicy', value);
      const retry = policy.healthyRetryPolicy;
      if (retry !== undefined && (retry === null || typeof retry !== 'object')) {
        throw new InvalidSubscriptionAttributeError('DeliveryPolicy: healthyRetryPolicy must be an object');
      }
      return;
    }
    default:
  }
}

/** Checks a whole attribute map (Subscribe): FilterPolicyScope first, since the policy depends on it. */
export function checkSubscriptionAttributes(attributes: Record<string, string>, protocol: string): void {
  const scope = (attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope;
  if (attributes.FilterPolicyScope !== undefined) {
    checkSubscriptionAttribute('FilterPolicyScope', attributes.FilterPolicyScope, protocol, 'MessageAttributes');
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (name !== 'FilterPolicyScope') checkSubscriptionAttribute(name, value, protocol, scope);
  }
}

/** Stored form: RawMessageDelivery lower-cased, a FilterPolicy implies its scope. */
export function normaliseSubscriptionAttributes(attributes: Record<string, string>): Record<string, string> {
  const out = { ...attributes };
  if (out.RawMessageDelivery !== undefined) out.RawMessageDelivery = out.RawMessageDelivery.toLowerCase();
  if (out.FilterPolicy !== undefined && out.FilterPolicy !== '') out.FilterPolicyScope ??= 'MessageAttributes';
  for (const name of ['FilterPolicy', 'RedrivePolicy'] as const) if (out[name] === '') delete out[name];
  return out;
}

export function reportedSubscriptionAttributes(subscription: SnsSubscription): Record<string, string> {
  const out: Record<string, string> = {
    ConfirmationWasAuthenticated: subscription.pendingConfirmation ? 'false' : 'true',
    PendingConfirmation: subscription.pendingConfirmation ? 'true' : 'false',
    Owner: subscription.owner,
    RawMessageDelivery: 'false',
    TopicArn: subscription.topicArn,
    Endpoint: subscription.endpoint,
    Protocol: subscription.protocol,
    SubscriptionPrincipal: `arn:aws:iam::${subscription.owner}:root`,
    SubscriptionArn: subscription.arn,
    ...subscription.attributes,
  };
  if (subscription.protocol === 'http' || subscription.protocol === 'https') {
    out.EffectiveDeliveryPolicy = JSON.stringify({
      healthyRetryPolicy: DEFAULT_HEALTHY_RETRY_POLICY,
      ...(subscription.attributes.DeliveryPolicy ? (JSON.parse(subscription.attributes.DeliveryPolicy) as object) : {}),
    });
  }
  return out;
}

/** Subscribe's idempotency: every attribute given again must equal the stored one. */
export function sameGivenSubscriptionAttributes(existing: Record<string, string>, given: Record<string, string>): boolean {
  const normalised = normaliseSubscriptionAttributes(given);
  return Object.entries(normalised).every(([name, value]) => (existing[name] ?? '') === value);
}
