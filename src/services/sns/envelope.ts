/**
 * What subscribers receive: the JSON notification of SQS/HTTP/email-json subscribers (AWS's key order,
 * `SigningCertURL`/`UnsubscribeURL`, Subject and MessageAttributes only when present), the Lambda event
 * (`Records[].Sns`, `SigningCertUrl`/`UnsubscribeUrl`, `Subject: null`, `MessageAttributes: {}`) and the
 * SubscriptionConfirmation. Signatures are not verifiable (no AWS key): clients that check them cannot
 * be pointed at Onward anyway. Pure.
 */
import { createHash } from 'node:crypto';
import type { SnsMessageAttribute } from './filter-policy.ts';

export interface Notification {
  messageId: string;
  topicArn: string;
  subject: string | undefined;
  message: string;
  timestampMs: number;
  attributes: Record<string, SnsMessageAttribute>;
  /** FIFO topics. */
  sequenceNumber?: string;
  signatureVersion: string;
}

export interface Urls {
  /** `https://sns.<region>.amazonaws.com/SimpleNotificationService-<hash>.pem` */
  signingCertUrl: string;
  /** The Onward origin's `/?Action=Unsubscribe&SubscriptionArn=...`. */
  unsubscribeUrl: string;
}

export function signingCertUrl(region: string): string {
  return `https://sns.${region}.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem`;
}

export function unsubscribeUrl(origin: string, subscriptionArn: string): string {
  return `${origin}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`;
}

export function subscribeUrl(origin: string, topicArn: string, token: string): string {
  return `${origin}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${encodeURIComponent(token)}`;
}

/** A stand-in signature: base64 of a digest of the fields AWS signs, so it differs per message. */
function signature(fields: readonly string[], version: string): string {
  const digest = createHash(version === '2' ? 'sha256' : 'sha1')
    .update(fields.join('\n'))
    .digest();
  return Buffer.concat([digest, digest, digest, digest, digest, digest, digest, digest]).toString('base64');
}

function attributesForEnvelope(attributes: Record<string, SnsMessageAttribute>): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    out[name] = { Type: attribute.DataType, Value: attribute.StringValue ?? attribute.BinaryValue ?? '' };
  }
  return out;
}

/** The JSON document SQS, HTTP/S and email-json subscribers get. */
export function notificationEnvelope(notification: Notification, urls: Urls): string {
  const timestamp = new Date(notification.timestampMs).toISOString();
  const body: Record<string, unknown> = { Type: 'Notification', MessageId: notification.messageId };
  if (notification.sequenceNumber !== undefined) body.SequenceNumber = notification.sequenceNumber;
  body.TopicArn = notification.topicArn;
  if (notification.subject !== undefined) body.Subject = notification.subject;
  body.Message = notification.message;
  body.Timestamp = timestamp;
  body.SignatureVersion = notification.signatureVersion;
  body.Signature = signature(
    [notification.message, notification.messageId, notification.subject ?? '', timestamp, notification.topicArn],
    notification.signatureVersion,
  );
  body.SigningCertURL = urls.signingCertUrl;
  body.UnsubscribeURL = urls.unsubscribeUrl;
  if (Object.keys(notification.attributes).length > 0) body.MessageAttributes = attributesForEnvelope(notification.attributes);
  return JSON.stringify(body);
}

/** The event a subscribed function is invoked with (one record). */
export function lambdaEvent(notification: Notification, subscriptionArn: string, urls: Urls): string {
  const timestamp = new Date(notification.timestampMs).toISOString();
  const sns: Record<string, unknown> = { Type: 'Notification', MessageId: notification.messageId };
  if (notification.sequenceNumber !== undefined) sns.SequenceNumber = notification.sequenceNumber;
  Object.assign(sns, {
    TopicArn: notification.topicArn,
    Subject: notification.subject ?? null,
    Message: notification.message,
    Timestamp: timestamp,
    SignatureVersion: notification.signatureVersion,
    Signature: signature(
      [notification.message, notification.messageId, notification.subject ?? '', timestamp, notification.topicArn],
      notification.signatureVersion,
    ),
    SigningCertUrl: urls.signingCertUrl,
    UnsubscribeUrl: urls.unsubscribeUrl,
    MessageAttributes: attributesForEnvelope(notification.attributes),
  });
  return JSON.stringify({
    Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: subscriptionArn, Sns: sns }],
  });
}

export interface Confirmation {
  messageId: string;
  token: string;
  topicArn: string;
  timestampMs: number;
  subscribeUrl: string;
  signingCertUrl: string;
  signatureVersion: string;
}

export function confirmationText(topicArn: string): string {
  return `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`;
}

export function confirmationEnvelope(confirmation: Confirmation): string {
  const timestamp = new Date(confirmation.timestampMs).toISOString();
  const message = confirmationText(confirmation.topicArn);
  return JSON.stringify({
    Type: 'SubscriptionConfirmation',
    MessageId: confirmation.messageId,
    Token: confirmation.token,
    TopicArn: confirmation.topicArn,
    Message: message,
    SubscribeURL: confirmation.subscribeUrl,
    Timestamp: timestamp,
    SignatureVersion: confirmation.signatureVersion,
    Signature: signature(
      [message, confirmation.messageId, confirmation.subscribeUrl, timestamp, confirmation.token],
      confirmation.signatureVersion,
    ),
    SigningCertURL: confirmation.signingCertUrl,
  });
}
