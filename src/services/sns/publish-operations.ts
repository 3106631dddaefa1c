/** Publish and PublishBatch: validation with AWS's messages, then the fan-out (fan-out.ts). */
import { ServiceError } from '../../aws/service-error.ts';
import type { SnsTopic } from '../../store/sns-store.ts';
import { optionalList, optionalString, optionalStringMap } from '../input.ts';
import type { OperationHandler, OperationInput } from '../service.ts';
import type { TopicMessageOptions } from '../targets/internal-targets.ts';
import { parseTopicArn } from './arns.ts';
import {
  BatchEntryIdsNotDistinct,
  BatchRequestTooLong,
  EmptyBatchRequest,
  invalidParameter,
  InvalidBatchEntryId,
  TooManyEntriesInBatchRequest,
  TopicNotFound,
  ValidationError,
} from './errors.ts';
import { publishMessage, type PublishMessage, type Published } from './fan-out.ts';
import {
  checkMessageAttributes,
  checkSubject,
  MAX_MESSAGE_BYTES,
  messageSizeBytes,
  parseMessageStructure,
} from './message-validation.ts';
import { originOf, type SnsContext } from './sns-context.ts';
import { requireTopic } from './topic-operations.ts';

const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_TOKEN = /^[\x21-\x7e]{1,128}$/;

/** Checks one message (Publish or a batch entry) against its topic; nothing is written. */
function checkMessage(topic: SnsTopic, input: OperationInput, origin: string): PublishMessage {
  const message = optionalString(input, 'Message');
  if (message === undefined) throw ValidationError('Message');
  if (message === '') throw invalidParameter('Empty message');
  const subject = optionalString(input, 'Subject');
  checkSubject(subject);
  const perProtocol = parseMessageStructure(message, optionalString(input, 'MessageStructure'));
  const attributes = checkMessageAttributes(optionalStringMap(input, 'MessageAttributes'));
  if (messageSizeBytes(message, attributes) > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  const groupId = optionalString(input, 'MessageGroupId');
  const deduplicationId = optionalString(input, 'MessageDeduplicationId');
  if (topic.fifo) {
    if (groupId === undefined) throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
    if (!FIFO_TOKEN.test(groupId)) throw invalidParameter('MessageGroupId');
    if (deduplicationId !== undefined && !FIFO_TOKEN.test(deduplicationId)) throw invalidParameter('MessageDeduplicationId');
    if (deduplicationId === undefined && topic.attributes.ContentBasedDeduplication !== 'true') {
      throw invalidParameter(
        'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
  } else {
    if (deduplicationId !== undefined) {
      throw invalidParameter(
        'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    }
    if (groupId !== undefined && !FIFO_TOKEN.test(groupId)) throw invalidParameter('MessageGroupId');
  }
  return { message, subject, perProtocol, attributes, groupId, deduplicationId, origin };
}

function resultOf(published: Published): Record<string, unknown> {
  return { MessageId: published.messageId, ...(published.sequenceNumber ? { SequenceNumber: published.sequenceNumber } : {}) };
}

export function publishOperations(context: SnsContext): Record<string, OperationHandler> {
  return {
    async Publish(input, request) {
      const topicArn = optionalString(input, 'TopicArn');
      const targetArn = optionalString(input, 'TargetArn');
      const phoneNumber = optionalString(input, 'PhoneNumber');
      if (phoneNumber !== undefined && topicArn === undefined && targetArn === undefined) {
        throw invalidParameter('PhoneNumber Reason: Onward does not send SMS directly; subscribe the number to a topic instead');
      }
      if (topicArn !== undefined && targetArn !== undefined) {
        throw invalidParameter('TopicArn or TargetArn Reason: Only one of TopicArn or TargetArn can be specified');
      }
      const arn = topicArn ?? targetArn;
      if (arn === undefined) throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
      const parameter = topicArn !== undefined ? 'TopicArn' : 'TargetArn';
      if (!parseTopicArn(arn)) throw invalidParameter(parameter);
      const topic = requireTopic(context, arn, parameter);
      const published = publishMessage(context, topic, checkMessage(topic, input, originOf(context, request)));
      await published.delivered;
      return resultOf(published);
    },

    async PublishBatch(input, request) {
      const arn = optionalString(input, 'TopicArn');
      if (arn === undefined) throw ValidationError('TopicArn');
      const entries = optionalList(input, 'PublishBatchRequestEntries');
      if (entries === undefined) throw ValidationError('PublishBatchRequestEntries');
      const topic = requireTopic(context, arn);
      if (entries.length === 0) throw EmptyBatchRequest();
      if (entries.length > MAX_BATCH_ENTRIES) throw TooManyEntriesInBatchRequest();
      const ids = entries.map((entry) => optionalString(entry, 'Id') ?? '');
      if (ids.some((id) => !BATCH_ENTRY_ID.test(id))) throw InvalidBatchEntryId();
      if (new Set(ids).size !== ids.length) throw BatchEntryIdsNotDistinct();
      const totalBytes = entries.reduce((sum, entry) => sum + Buffer.byteLength(optionalString(entry, 'Message') ?? ''), 0);
      if (totalBytes > MAX_MESSAGE_BYTES) throw BatchRequestTooLong();

      const origin = originOf(context, request);
      const successful: Record<string, unknown>[] = [];
      const failed: Record<string, unknown>[] = [];
      const deliveries: Promise<void>[] = [];
      entries.forEach((entry, index) => {
        let message: PublishMessage;
        try {
          message = checkMessage(topic, entry, origin);
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error;
          failed.push(batchFailure(ids[index]!, error));
          return;
        }
        const published = publishMessage(context, topic, message);
        deliveries.push(published.delivered);
        successful.push({ Id: ids[index], ...resultOf(published) });
      });
      await Promise.all(deliveries);
      return { Successful: successful, Failed: failed };
    },
  };
}

function batchFailure(id: string, error: ServiceError): Record<string, unknown> {
  return { Id: id, Code: error.code, Message: error.message, SenderFault: error.senderFault };
}

/** The TopicPublisher other services publish through (destinations, DLQs, EventBridge targets). */
export function topicPublisher(context: SnsContext) {
  return (topicArn: string, message: string, options: TopicMessageOptions): Promise<void> => {
    try {
      const topic = parseTopicArn(topicArn) ? context.store.getTopic(topicArn) : undefined;
      if (!topic) throw TopicNotFound();
      const checked = checkMessage(
        topic,
        {
          Message: message,
          ...(options.subject !== undefined ? { Subject: options.subject } : {}),
          ...(options.attributes ? { MessageAttributes: options.attributes } : {}),
          ...(options.groupId !== undefined ? { MessageGroupId: options.groupId } : {}),
          ...(options.deduplicationId !== undefined ? { MessageDeduplicationId: options.deduplicationId } : {}),
        },
        context.endpointUrl(),
      );
      return publishMessage(context, topic, checked).delivered;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
}
