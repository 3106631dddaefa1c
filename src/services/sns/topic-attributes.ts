/** Topic attributes: which may be set, their checks, and what GetTopicAttributes reports. Pure. */
import type { SnsSubscription, SnsTopic } from '../../store/sns-store.ts';
import { DEFAULT_EFFECTIVE_DELIVERY_POLICY } from './delivery-policy.ts';
import { invalidParameter } from './errors.ts';

/** Attributes CreateTopic and SetTopicAttributes accept (plus the per-protocol feedback ones below). */
const SETTABLE = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'ContentBasedDeduplication',
  'FifoThroughputScope',
  'ArchivePolicy',
  'DataProtectionPolicy',
]);
const FEEDBACK =
  /^(HTTP|Firehose|Lambda|SQS|Application)(SuccessFeedbackRoleArn|SuccessFeedbackSampleRate|FailureFeedbackRoleArn)$/;

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Throws AWS's InvalidParameter for an attribute a topic cannot take; `creating` allows FifoTopic. */
export function checkTopicAttribute(name: string, value: string, fifo: boolean, creating: boolean): void {
  if (name === 'FifoTopic') {
    if (!creating) throw invalidParameter('AttributeName');
    if (value !== 'true' && value !== 'false') throw invalidParameter('Attributes Reason: FifoTopic: Invalid value');
    return;
  }
  if (!SETTABLE.has(name) && !FEEDBACK.test(name)) throw invalidParameter('AttributeName');
  switch (name) {
    case 'DisplayName':
      if (value.length > 100) throw invalidParameter('DisplayName');
      return;
    case 'Policy':
      if (!isJsonObject(value)) throw invalidParameter('Policy Error: null');
      return;
    case 'DeliveryPolicy':
      if (!isJsonObject(value)) throw invalidParameter('DeliveryPolicy: failed to parse JSON.');
      return;
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') throw invalidParameter('SignatureVersion');
      return;
    case 'TracingConfig':
      if (value !== 'PassThrough' && value !== 'Active') throw invalidParameter('TracingConfig');
      return;
    case 'ContentBasedDeduplication':
      if (!fifo) {
        throw invalidParameter('ContentBasedDeduplication Reason: Content based deduplication can only be set for FIFO topics');
      }
      if (value !== 'true' && value !== 'false') throw invalidParameter('ContentBasedDeduplication');
      return;
    case 'FifoThroughputScope':
      if (!fifo) throw invalidParameter('Attributes Reason: FifoThroughputScope can only be set for FIFO topics');
      if (value !== 'Topic' && value !== 'MessageGroup') throw invalidParameter('FifoThroughputScope');
      return;
    default:
  }
}

export function defaultPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

/** The attributes a new topic starts with, beside what the caller set. */
export function initialTopicAttributes(arn: string, accountId: string, fifo: boolean, given: Record<string, string>) {
  const attributes: Record<string, string> = { Policy: defaultPolicy(arn, accountId), DisplayName: '', ...given };
  delete attributes.FifoTopic;
  if (fifo) {
    attributes.ContentBasedDeduplication ??= 'false';
    attributes.FifoThroughputScope ??= 'Topic';
  }
  return attributes;
}

/** GetTopicAttributes: the stored attributes plus the computed ones. */
export function reportedTopicAttributes(topic: SnsTopic, subscriptions: readonly SnsSubscription[]): Record<string, string> {
  const confirmed = subscriptions.filter((s) => !s.pendingConfirmation).length;
  const out: Record<string, string> = {
    ...topic.attributes,
    TopicArn: topic.arn,
    Owner: topic.accountId,
    SubscriptionsConfirmed: String(confirmed),
    SubscriptionsPending: String(subscriptions.length - confirmed),
    SubscriptionsDeleted: '0',
    EffectiveDeliveryPolicy: topic.attributes.DeliveryPolicy ?? DEFAULT_EFFECTIVE_DELIVERY_POLICY,
  };
  if (topic.fifo) out.FifoTopic = 'true';
  return out;
}

/** Attributes that must equal for CreateTopic to be idempotent: the ones the caller gave. */
export function sameGivenAttributes(existing: Record<string, string>, given: Record<string, string>): boolean {
  return Object.entries(given).every(([name, value]) => name === 'FifoTopic' || existing[name] === value);
}
