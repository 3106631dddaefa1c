/** Subscribe, ConfirmSubscription, Unsubscribe, the listings and Get/SetSubscriptionAttributes. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SnsSubscription, SnsTopic } from '../../store/sns-store.ts';
import { optionalString, optionalStringMap, requiredString } from '../input.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { FUNCTION_ARN, parseTopicArn, QUEUE_ARN, subscriptionTopicArn } from './arns.ts';
import { confirmationEnvelope, confirmationText, signingCertUrl, subscribeUrl } from './envelope.ts';
import { invalidAttributes, invalidParameter, InvalidParameter, SubscriptionNotFound, TopicNotFound } from './errors.ts';
import type { FilterPolicyScope } from './filter-policy.ts';
import { decodeNextToken, encodeNextToken, originOf, snsInputErrors, type SnsContext } from './sns-context.ts';
import {
  checkSubscriptionAttribute,
  checkSubscriptionAttributes,
  InvalidSubscriptionAttributeError,
  normaliseSubscriptionAttributes,
  reportedSubscriptionAttributes,
  sameGivenSubscriptionAttributes,
} from './subscription-attributes.ts';
import { requireTopic } from './topic-operations.ts';

const SUBSCRIPTIONS_PER_PAGE = 100;
const SUPPORTED = new Set(['sqs', 'lambda', 'http', 'https', 'email', 'email-json', 'sms']);
/** Protocols AWS has that Onward does not emulate: refused with AWS's error shape, and documented. */
const NOT_EMULATED = new Set(['application', 'firehose']);
const NEEDS_CONFIRMATION = new Set(['http', 'https', 'email', 'email-json']);
const PENDING_ARN = 'pending confirmation';
const E164 = /^\+?[1-9]\d{1,14}$/;

function checkEndpoint(protocol: string, endpoint: string | undefined, topic: SnsTopic): string {
  if (endpoint === undefined || endpoint === '') throw invalidParameter('Endpoint');
  switch (protocol) {
    case 'sqs':
      if (!QUEUE_ARN.test(endpoint)) throw invalidParameter('SQS endpoint ARN');
      if (topic.fifo !== endpoint.endsWith('.fifo')) {
        throw invalidParameter(
          topic.fifo
            ? 'Invalid parameter: Endpoint Reason: FIFO SNS Topics currently only support FIFO SQS queues as endpoints'
            : 'Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
        );
      }
      return endpoint;
    case 'lambda':
      if (!FUNCTION_ARN.test(endpoint)) throw invalidParameter('Lambda endpoint ARN');
      return endpoint;
    case 'http':
    case 'https':
      if (!endpoint.toLowerCase().startsWith(`${protocol}://`) || !URL.canParse(endpoint)) {
        throw invalidParameter('Endpoint must match the specified protocol');
      }
      return endpoint;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+$/.test(endpoint)) throw invalidParameter('Email address');
      return endpoint;
    default:
      if (!E164.test(endpoint.replace(/[\s().-]/g, ''))) throw invalidParameter(`Invalid SMS endpoint: ${endpoint}`);
      return endpoint;
  }
}

function attributeError(error: unknown, wrap: (reason: string) => Error): never {
  if (error instanceof InvalidSubscriptionAttributeError) throw wrap(error.message);
  throw error;
}

export function subscriptionOperations(context: SnsContext): Record<string, OperationHandler> {
  const { store, clock } = context;

  /** Sends the SubscriptionConfirmation: an HTTP post, or an outbox entry for email endpoints. */
  function sendConfirmation(subscription: SnsSubscription, topic: SnsTopic, request: RequestContext): Promise<void> {
    const nowMs = clock.now();
    const url = subscribeUrl(originOf(context, request), topic.arn, subscription.token!);
    const messageId = randomUUID();
    const envelope = confirmationEnvelope({
      messageId,
      token: subscription.token!,
      topicArn: topic.arn,
      timestampMs: nowMs,
      subscribeUrl: url,
      signingCertUrl: signingCertUrl(topic.region),
      signatureVersion: topic.attributes.SignatureVersion ?? '1',
    });
    if (subscription.protocol === 'http' || subscription.protocol === 'https') {
      const queued = store.enqueueDelivery({
        subscriptionArn: subscription.arn,
        topicArn: topic.arn,
        endpoint: subscription.endpoint,
        kind: 'SubscriptionConfirmation',
        messageId,
        body: envelope,
        contentType: 'text/plain; charset=UTF-8',
        dueAtMs: nowMs,
        createdAtMs: nowMs,
      });
      context.kickDeliveries();
      return queued;
    }
    const displayName = topic.attributes.DisplayName || 'AWS Notifications';
    return store.addToOutbox({
      createdAtMs: nowMs,
      topicArn: topic.arn,
      subscriptionArn: subscription.arn,
      protocol: subscription.protocol,
      endpoint: subscription.endpoint,
      kind: 'SubscriptionConfirmation',
      messageId,
      subject: `${displayName} - Subscription Confirmation`,
      body:
        subscription.protocol === 'email-json'
          ? envelope
          : `${confirmationText(topic.arn).split('\n')[0]}\n\nTo confirm this subscription, click or visit the link below:\n${url}`,
    });
  }

  function listed(subscription: SnsSubscription) {
    return {
      SubscriptionArn: subscription.pendingConfirmation ? 'PendingConfirmation' : subscription.arn,
      Owner: subscription.owner,
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      TopicArn: subscription.topicArn,
    };
  }

  function requireSubscription(arn: string): SnsSubscription {
    if (!subscriptionTopicArn(arn)) throw invalidParameter('SubscriptionArn');
    const subscription = store.getSubscription(arn);
    if (!subscription) throw SubscriptionNotFound();
    return subscription;
  }

  return {
    async Subscribe(input, request) {
      const arn = requiredString(input, 'TopicArn', snsInputErrors);
      const protocol = requiredString(input, 'Protocol', snsInputErrors).toLowerCase();
      const given: Record<string, string> = {};
      for (const [name, value] of Object.entries(optionalStringMap(input, 'Attributes') ?? {})) given[name] = String(value ?? '');
      const returnArn = input.ReturnSubscriptionArn === true || input.ReturnSubscriptionArn === 'true';
      const topic = requireTopic(context, arn);
      if (NOT_EMULATED.has(protocol)) {
        throw InvalidParameter(
          `Invalid parameter: Onward does not emulate the ${protocol} protocol (supported: ${[...SUPPORTED].join(', ')})`,
        );
      }
      if (!SUPPORTED.has(protocol)) throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
      if (topic.fifo && protocol !== 'sqs') throw invalidParameter(`Invalid protocol type: ${protocol}`);
      const endpoint = checkEndpoint(protocol, optionalString(input, 'Endpoint'), topic);
      try {
        checkSubscriptionAttributes(given, protocol);
      } catch (error) {
        attributeError(error, invalidAttributes);
      }
      const existing = store.findSubscription(topic.arn, protocol, endpoint);
      if (existing) {
        if (!sameGivenSubscriptionAttributes(existing.attributes, given)) {
          throw invalidAttributes('Subscription already exists with different attributes');
        }
        return { SubscriptionArn: existing.pendingConfirmation && !returnArn ? PENDING_ARN : existing.arn };
      }
      const pending = NEEDS_CONFIRMATION.has(protocol);
      const subscription: SnsSubscription = {
        arn: `${topic.arn}:${randomUUID()}`,
        topicArn: topic.arn,
        owner: request.accountId,
        protocol,
        endpoint,
        attributes: normaliseSubscriptionAttributes(given),
        pendingConfirmation: pending,
        token: pending ? randomBytes(64).toString('hex') : null,
        createdAtMs: clock.now(),
      };
      const writes = [store.createSubscription(subscription)];
      if (pending) writes.push(sendConfirmation(subscription, topic, request));
      await Promise.all(writes);
      return { SubscriptionArn: pending && !returnArn ? PENDING_ARN : subscription.arn };
    },

    async ConfirmSubscription(input) {
      const arn = requiredString(input, 'TopicArn', snsInputErrors);
      const token = requiredString(input, 'Token', snsInputErrors);
      if (!parseTopicArn(arn)) throw invalidParameter('TopicArn');
      if (!store.getTopic(arn)) throw TopicNotFound();
      const subscription = store.findSubscriptionByToken(arn, token);
      if (!subscription) throw invalidParameter('Invalid token');
      if (subscription.pendingConfirmation) {
        // A confirmation post still waiting for its retry has nothing left to ask.
        await Promise.all([
          store.updateSubscription(subscription.arn, { pendingConfirmation: false }),
          store.dropConfirmations(subscription.arn),
        ]);
      }
      return { SubscriptionArn: subscription.arn };
    },

    async Unsubscribe(input) {
      const arn = requiredString(input, 'SubscriptionArn', snsInputErrors);
      if (!subscriptionTopicArn(arn)) throw invalidParameter('SubscriptionArn');
      // Idempotent, as on AWS: an unknown subscription is already gone.
      if (store.getSubscription(arn)) await store.deleteSubscription(arn);
      return undefined;
    },

    ListSubscriptions(input, request) {
      const after = decodeNextToken(optionalString(input, 'NextToken'));
      const page = store.listSubscriptions(request.accountId, request.region, undefined, after, SUBSCRIPTIONS_PER_PAGE + 1);
      const shown = page.slice(0, SUBSCRIPTIONS_PER_PAGE);
      return {
        Subscriptions: shown.map(listed),
        ...(page.length > SUBSCRIPTIONS_PER_PAGE ? { NextToken: encodeNextToken(shown[shown.length - 1]!.position) } : {}),
      };
    },

    ListSubscriptionsByTopic(input, request) {
      const topic = requireTopic(context, requiredString(input, 'TopicArn', snsInputErrors));
      const after = decodeNextToken(optionalString(input, 'NextToken'));
      const page = store.listSubscriptions(request.accountId, request.region, topic.arn, after, SUBSCRIPTIONS_PER_PAGE + 1);
      const shown = page.slice(0, SUBSCRIPTIONS_PER_PAGE);
      return {
        Subscriptions: shown.map(listed),
        ...(page.length > SUBSCRIPTIONS_PER_PAGE ? { NextToken: encodeNextToken(shown[shown.length - 1]!.position) } : {}),
      };
    },

    GetSubscriptionAttributes(input) {
      const subscription = requireSubscription(requiredString(input, 'SubscriptionArn', snsInputErrors));
      return { Attributes: reportedSubscriptionAttributes(subscription) };
    },

    async SetSubscriptionAttributes(input) {
      const subscription = requireSubscription(requiredString(input, 'SubscriptionArn', snsInputErrors));
      const name = requiredString(input, 'AttributeName', snsInputErrors);
      const value = optionalString(input, 'AttributeValue') ?? '';
      const scope = (
        name === 'FilterPolicyScope' ? 'MessageAttributes' : (subscription.attributes.FilterPolicyScope ?? 'MessageAttributes')
      ) as FilterPolicyScope;
      try {
        checkSubscriptionAttribute(name, value, subscription.protocol, scope);
        // A new scope must fit the policy already set.
        if (name === 'FilterPolicyScope' && subscription.attributes.FilterPolicy) {
          checkSubscriptionAttribute(
            'FilterPolicy',
            subscription.attributes.FilterPolicy,
            subscription.protocol,
            value as FilterPolicyScope,
          );
        }
      } catch (error) {
        attributeError(error, (reason) =>
          reason === 'AttributeName' || reason.startsWith('FilterPolicy') ? invalidParameter(reason) : invalidAttributes(reason),
        );
      }
      const attributes = normaliseSubscriptionAttributes({ ...subscription.attributes, [name]: value });
      await store.updateSubscription(subscription.arn, { attributes });
      return undefined;
    },
  };
}
