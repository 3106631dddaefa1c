/**
 * Publishing one message to a topic's subscriptions. Every store write (SQS messages, Lambda async
 * invocations, HTTP delivery rows, outbox entries, FIFO bookkeeping) is issued synchronously before the
 * first await, and redrives of failed SQS/Lambda deliveries in the microtasks right after, so all commit
 * in the Publish's own transaction.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SnsSubscription, SnsTopic } from '../../store/sns-store.ts';
import type { QueueMessageAttribute } from '../targets/internal-targets.ts';
import { lambdaEvent, notificationEnvelope, signingCertUrl, unsubscribeUrl, type Notification } from './envelope.ts';
import {
  compileFilterPolicy,
  type CompiledFilterPolicy,
  type FilterPolicyScope,
  type SnsMessageAttribute,
} from './filter-policy.ts';
import type { SnsContext } from './sns-context.ts';

/** FIFO topics deduplicate for 5 minutes, like FIFO queues. */
export const DEDUPLICATION_WINDOW_MS = 5 * 60_000;
const HTTP_CONTENT_TYPE = 'text/plain; charset=UTF-8';

export interface PublishMessage {
  message: string;
  subject: string | undefined;
  /** `MessageStructure=json`: the message per protocol, with `default`. */
  perProtocol: Record<string, string> | undefined;
  attributes: Record<string, SnsMessageAttribute>;
  groupId: string | undefined;
  deduplicationId: string | undefined;
  /** Origin for UnsubscribeURL. */
  origin: string;
}

export interface Published {
  messageId: string;
  sequenceNumber?: string;
  /** Settles once every delivery write committed (failures already redriven or logged). */
  delivered: Promise<void>;
}

const compiledPolicies = new Map<string, CompiledFilterPolicy>();

function filterFor(subscription: SnsSubscription): CompiledFilterPolicy | undefined {
  const text = subscription.attributes.FilterPolicy;
  if (!text) return undefined;
  const scope = (subscription.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope;
  const key = `${scope}\n${text}`;
  let compiled = compiledPolicies.get(key);
  if (!compiled) {
    compiled = compileFilterPolicy(text, scope);
    if (compiledPolicies.size > 1000) compiledPolicies.clear();
    compiledPolicies.set(key, compiled);
  }
  return compiled;
}

function sequenceText(sequence: bigint): string {
  return (10_000_000_000_000_000_000n + sequence).toString();
}

/** SNS attributes become SQS message attributes with the same DataType (raw delivery). */
function queueAttributes(attributes: Record<string, SnsMessageAttribute>): Record<string, QueueMessageAttribute> {
  const out: Record<string, QueueMessageAttribute> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    out[name] =
      attribute.BinaryValue !== undefined
        ? { DataType: attribute.DataType, BinaryValue: attribute.BinaryValue }
        : { DataType: attribute.DataType, StringValue: attribute.StringValue ?? '' };
  }
  return out;
}

/** Issues the publish; throws (before writing anything) only for problems the caller must report. */
export function publishMessage(context: SnsContext, topic: SnsTopic, message: PublishMessage): Published {
  const { store, clock } = context;
  const nowMs = clock.now();
  let sequenceNumber: string | undefined;
  let deduplicationId: string | undefined;
  if (topic.fifo) {
    deduplicationId =
      message.deduplicationId ??
      (topic.attributes.ContentBasedDeduplication === 'true'
        ? createHash('sha256').update(message.message).digest('hex')
        : undefined);
    const scopeKey = topic.attributes.FifoThroughputScope === 'MessageGroup' ? `${message.groupId}\n` : '';
    const duplicate = deduplicationId ? store.findDuplicate(topic.arn, scopeKey + deduplicationId, nowMs) : undefined;
    if (duplicate) {
      // Accepted, not delivered again: the first message's id, as SQS does.
      return { messageId: duplicate.messageId, sequenceNumber: duplicate.sequenceNumber, delivered: Promise.resolve() };
    }
  }
  const messageId = randomUUID();
  const writes: Promise<unknown>[] = [];
  if (topic.fifo) {
    sequenceNumber = sequenceText(store.nextSequenceNumber(topic.arn));
    if (deduplicationId) {
      const scopeKey = topic.attributes.FifoThroughputScope === 'MessageGroup' ? `${message.groupId}\n` : '';
      writes.push(
        store.recordDeduplication(
          topic.arn,
          scopeKey + deduplicationId,
          { messageId, sequenceNumber },
          nowMs + DEDUPLICATION_WINDOW_MS,
        ),
      );
    }
  }
  const notificationBase = {
    messageId,
    topicArn: topic.arn,
    subject: message.subject,
    timestampMs: nowMs,
    attributes: message.attributes,
    signatureVersion: topic.attributes.SignatureVersion ?? '1',
    ...(sequenceNumber !== undefined ? { sequenceNumber } : {}),
  };
  const certUrl = signingCertUrl(topic.region);
  for (const subscription of store.topicSubscriptions(topic.arn)) {
    if (subscription.pendingConfirmation) continue;
    const filter = filterFor(subscription);
    if (filter && !filter.matches(message.message, message.attributes)) continue;
    const text = message.perProtocol
      ? (message.perProtocol[subscription.protocol] ?? message.perProtocol.default!)
      : message.message;
    const notification: Notification = { ...notificationBase, message: text };
    const urls = { signingCertUrl: certUrl, unsubscribeUrl: unsubscribeUrl(message.origin, subscription.arn) };
    const raw = subscription.attributes.RawMessageDelivery === 'true';
    writes.push(
      deliver(context, subscription, notification, urls, raw, {
        // Standard topics forward a MessageGroupId to (standard) SQS subscriptions only: fair queues.
        groupId: message.groupId,
        deduplicationId: topic.fifo ? (message.deduplicationId ?? deduplicationId) : undefined,
      }),
    );
  }
  return { messageId, ...(sequenceNumber !== undefined ? { sequenceNumber } : {}), delivered: settleAll(writes) };
}

async function settleAll(writes: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

interface FifoFields {
  groupId: string | undefined;
  deduplicationId: string | undefined;
}

function deliver(
  context: SnsContext,
  subscription: SnsSubscription,
  notification: Notification,
  urls: { signingCertUrl: string; unsubscribeUrl: string },
  raw: boolean,
  fifo: FifoFields,
): Promise<unknown> {
  const { targets, store, clock } = context;
  const nowMs = clock.now();
  switch (subscription.protocol) {
    case 'sqs': {
      const body = raw ? notification.message : notificationEnvelope(notification, urls);
      const options = {
        ...(raw ? { attributes: queueAttributes(notification.attributes) } : {}),
        ...(fifo.groupId !== undefined ? { groupId: fifo.groupId } : {}),
        ...(fifo.deduplicationId !== undefined ? { deduplicationId: fifo.deduplicationId } : {}),
      };
      return targets
        .sendToQueue(subscription.endpoint, body, options)
        .catch((error: unknown) => redrive(context, subscription, body, options, error));
    }
    case 'lambda': {
      const event = lambdaEvent(notification, subscription.arn, urls);
      return targets
        .invokeAsync(subscription.endpoint, event)
        .catch((error: unknown) => redrive(context, subscription, event, {}, error));
    }
    case 'http':
    case 'https': {
      const queued = store.enqueueDelivery({
        subscriptionArn: subscription.arn,
        topicArn: subscription.topicArn,
        endpoint: subscription.endpoint,
        kind: 'Notification',
        messageId: notification.messageId,
        body: raw ? notification.message : notificationEnvelope(notification, urls),
        contentType: HTTP_CONTENT_TYPE,
        dueAtMs: nowMs,
        createdAtMs: nowMs,
      });
      // After the write: the drain runs once the turn's transaction has committed.
      context.kickDeliveries();
      return queued;
    }
    default:
      // email, email-json, sms: kept in the outbox, nothing leaves the machine.
      return store.addToOutbox({
        createdAtMs: nowMs,
        topicArn: subscription.topicArn,
        subscriptionArn: subscription.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        kind: 'Notification',
        messageId: notification.messageId,
        subject: notification.subject ?? null,
        body: subscription.protocol === 'email-json' ? notificationEnvelope(notification, urls) : notification.message,
      });
  }
}

/** The dead-letter queue of a subscription's RedrivePolicy, if it has one. */
export function deadLetterTargetArn(subscription: SnsSubscription): string | undefined {
  const text = subscription.attributes.RedrivePolicy;
  if (!text) return undefined;
  try {
    const target = (JSON.parse(text) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
    return typeof target === 'string' ? target : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A delivery SNS cannot make (queue or function gone): AWS does not retry client-side errors; the
 * message goes to the subscription's dead-letter queue, or is dropped.
 */
export function redrive(
  context: SnsContext,
  subscription: SnsSubscription,
  body: string,
  options: { attributes?: Record<string, QueueMessageAttribute> },
  error: unknown,
): Promise<void> {
  const target = deadLetterTargetArn(subscription);
  const reason = (error as Error)?.message ?? String(error);
  if (!target) {
    context.log(
      `SNS could not deliver to ${subscription.endpoint} (${subscription.arn}): ${reason}; no RedrivePolicy, message dropped.`,
    );
    return Promise.resolve();
  }
  return context.targets
    .sendToQueue(target, body, options.attributes ? { attributes: options.attributes } : {})
    .catch((dlqError: unknown) => {
      context.log(`SNS could not move a failed delivery of ${subscription.arn} to ${target}: ${(dlqError as Error).message}`);
    });
}
