/** SQS operations on messages: send, receive (with long polling and redrive), delete, change visibility. */
import { createHash, randomUUID } from 'node:crypto';
import type { MessageAttributeMap, NewMessage, QueueRecord, StoredMessage } from '../../store/sqs-store.ts';
import { optionalInteger, optionalString, optionalStringList, optionalStringMap, requiredString } from '../input.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { batchEntries, batchFailure, batchResult, settledBatch, type BatchFailure } from './batch.ts';
import {
  BatchRequestTooLong,
  InvalidParameterValue,
  MissingParameter,
  ReceiptHandleIsInvalid,
  invalidParameter,
} from './errors.ts';
import type { ServiceError } from '../../aws/service-error.ts';
import { md5Hex, md5OfMessageAttributes } from './md5.ts';
import {
  MAX_MESSAGE_BYTES,
  messageSizeBytes,
  normaliseMessageAttributes,
  normaliseSystemAttributes,
  selectMessageAttributes,
  validateBody,
  validateMessageSize,
} from './message-validation.ts';
import { effectiveAttributes, integerAttribute, parseRedrivePolicy } from './queue-attributes.ts';
import { parseQueueArn } from './queue-url.ts';
import { decodeReceiptHandle, encodeReceiptHandle, newReceiptToken } from './receipt-handle.ts';
import { SQS_INPUT_ERRORS, arnOf, resolveQueue, type SqsContext } from './sqs-context.ts';

const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const NOT_VALID_FOR_QUEUE_TYPE = 'The request include parameter that is not valid for this queue type.';
const CONTENT_BASED_DEDUPLICATION_REQUIRED =
  'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly';

/** Single sends and batch entries word some errors differently; AWS-recorded texts for each. */
type SendMode = 'single' | 'batch';

const SYSTEM_ATTRIBUTE_NAMES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

interface PreparedMessage {
  message: NewMessage;
  md5OfMessageBody: string;
  md5OfMessageAttributes: string | null;
  md5OfMessageSystemAttributes: string | null;
}

export function messageOperations(sqs: SqsContext): Record<string, OperationHandler> {
  const { store, clock, waiters } = sqs;

  /** Validates one message (SendMessage or a batch entry) against the queue and builds what is stored. */
  function prepareMessage(
    queue: QueueRecord,
    input: Record<string, unknown>,
    request: RequestContext,
    nowMs: number,
    mode: SendMode,
  ): PreparedMessage {
    const attributes = effectiveAttributes(queue.fifo, queue.attributes);
    const body = optionalString(input, 'MessageBody') ?? '';
    validateBody(body);
    const messageAttributes = normaliseMessageAttributes(optionalStringMap(input, 'MessageAttributes'));
    const systemAttributes = normaliseSystemAttributes(
      optionalStringMap(input, 'MessageSystemAttributes') ?? traceHeaderAttribute(request),
    );
    validateMessageSize(messageSizeBytes(body, messageAttributes), integerAttribute(attributes, 'MaximumMessageSize'), mode);

    const delaySeconds = optionalInteger(input, 'DelaySeconds', SQS_INPUT_ERRORS, {
      min: 0,
      max: 900,
      reason: 'DelaySeconds must be >= 0 and <= 900.',
    });
    const groupId = optionalString(input, 'MessageGroupId') ?? null;
    let deduplicationId = optionalString(input, 'MessageDeduplicationId') ?? null;
    let deduplicationKey: string | null = null;
    if (queue.fifo) {
      if (delaySeconds !== undefined && delaySeconds !== 0) {
        throw invalidParameter('DelaySeconds', delaySeconds, NOT_VALID_FOR_QUEUE_TYPE);
      }
      if (groupId === null) throw missingGroupId(mode);
      validateFifoId('MessageGroupId', groupId);
      if (deduplicationId === null) {
        if (attributes.ContentBasedDeduplication !== 'true') throw InvalidParameterValue(CONTENT_BASED_DEDUPLICATION_REQUIRED);
        deduplicationId = createHash('sha256').update(body, 'utf8').digest('hex');
      } else {
        validateFifoId('MessageDeduplicationId', deduplicationId);
      }
      deduplicationKey =
        attributes.DeduplicationScope === 'messageGroup' ? `${groupId}\u0000${deduplicationId}` : deduplicationId;
    } else {
      if (deduplicationId !== null) {
        throw InvalidParameterValue(
          'The request include parameter MessageDeduplicationId which is not valid for this queue type',
        );
      }
      // Standard queues accept a MessageGroupId (fair queues) and return it as an attribute.
      if (groupId !== null) validateFifoId('MessageGroupId', groupId);
    }

    const delayMs = (delaySeconds ?? integerAttribute(attributes, 'DelaySeconds')) * 1000;
    const md5OfMessageBody = md5Hex(body);
    const md5OfAttributes = messageAttributes ? md5OfMessageAttributes(messageAttributes) : null;
    const md5OfSystemAttributes = systemAttributes ? md5OfMessageAttributes(systemAttributes) : null;
    return {
      message: {
        messageId: randomUUID(),
        body,
        messageAttributes,
        systemAttributes,
        md5OfBody: md5OfMessageBody,
        md5OfMessageAttributes: md5OfAttributes,
        md5OfMessageSystemAttributes: md5OfSystemAttributes,
        senderId: request.accessKeyId ?? request.accountId,
        sentAtMs: nowMs,
        visibleAtMs: nowMs + delayMs,
        expiresAtMs: nowMs + integerAttribute(attributes, 'MessageRetentionPeriod') * 1000,
        groupId,
        deduplicationId,
        deduplicationKey,
        deduplicationExpiresAtMs: deduplicationKey === null ? null : nowMs + DEDUPLICATION_WINDOW_MS,
      },
      md5OfMessageBody,
      md5OfMessageAttributes: md5OfAttributes,
      md5OfMessageSystemAttributes: md5OfSystemAttributes,
    };
  }

  function sendResult(prepared: PreparedMessage, sent: { messageId: string; sequenceNumber: string | null }) {
    const result: Record<string, unknown> = { MD5OfMessageBody: prepared.md5OfMessageBody };
    if (prepared.md5OfMessageAttributes) result.MD5OfMessageAttributes = prepared.md5OfMessageAttributes;
    if (prepared.md5OfMessageSystemAttributes) result.MD5OfMessageSystemAttributes = prepared.md5OfMessageSystemAttributes;
    result.MessageId = sent.messageId;
    if (sent.sequenceNumber) result.SequenceNumber = sent.sequenceNumber;
    return result;
  }

  async function SendMessage(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const nowMs = clock.now();
    const prepared = prepareMessage(queue, input, request, nowMs, 'single');
    const [sent] = await store.sendMessages(queue.id, [prepared.message], nowMs);
    waiters.notify(queue.id);
    return sendResult(prepared, sent!);
  }

  async function SendMessageBatch(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const entries = batchEntries(input, 'SendMessageBatchRequestEntry');
    const totalBytes = entries.reduce((sum, entry) => {
      const body = typeof entry.MessageBody === 'string' ? entry.MessageBody : '';
      return sum + messageSizeBytes(body, attributesForSize(entry.MessageAttributes));
    }, 0);
    if (totalBytes > MAX_MESSAGE_BYTES) throw BatchRequestTooLong(totalBytes, MAX_MESSAGE_BYTES);

    if (queue.fifo) {
      // FIFO requirements fail the whole batch, not the entry (AWS-recorded).
      const contentBased = effectiveAttributes(true, queue.attributes).ContentBasedDeduplication === 'true';
      for (const entry of entries) {
        if (optionalString(entry, 'MessageGroupId') === undefined) throw missingGroupId('batch');
        if (!contentBased && optionalString(entry, 'MessageDeduplicationId') === undefined) {
          throw InvalidParameterValue(CONTENT_BASED_DEDUPLICATION_REQUIRED);
        }
      }
    }
    const nowMs = clock.now();
    const failed: BatchFailure[] = [];
    const accepted: Array<{ id: string; prepared: PreparedMessage }> = [];
    for (const entry of entries) {
      try {
        accepted.push({ id: entry.Id, prepared: prepareMessage(queue, entry, request, nowMs, 'batch') });
      } catch (error) {
        failed.push(batchFailure(entry.Id, error));
      }
    }
    const sent =
      accepted.length > 0
        ? await store.sendMessages(
            queue.id,
            accepted.map((a) => a.prepared.message),
            nowMs,
          )
        : [];
    if (accepted.length > 0) waiters.notify(queue.id);
    const successful = accepted.map((a, i) => ({ Id: a.id, ...sendResult(a.prepared, sent[i]!) }));
    return batchResult(successful, failed);
  }

  async function ReceiveMessage(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const attributes = effectiveAttributes(queue.fifo, queue.attributes);
    const maxMessages =
      optionalInteger(input, 'MaxNumberOfMessages', SQS_INPUT_ERRORS, {
        min: 1,
        max: 10,
        reason: 'Must be between 1 and 10, if provided.',
      }) ?? 1;
    const visibilityTimeoutSeconds =
      optionalInteger(input, 'VisibilityTimeout', SQS_INPUT_ERRORS, {
        min: 0,
        max: MAX_VISIBILITY_TIMEOUT_SECONDS,
        reason: `Must be >= 0 and <= ${MAX_VISIBILITY_TIMEOUT_SECONDS}, if provided.`,
      }) ?? integerAttribute(attributes, 'VisibilityTimeout');
    const waitSeconds =
      optionalInteger(input, 'WaitTimeSeconds', SQS_INPUT_ERRORS, {
        min: 0,
        max: 20,
        reason: 'Must be >= 0 and <= 20, if provided.',
      }) ?? integerAttribute(attributes, 'ReceiveMessageWaitTimeSeconds');
    const systemNames = [
      ...(optionalStringList(input, 'AttributeNames') ?? []),
      ...(optionalStringList(input, 'MessageSystemAttributeNames') ?? []),
    ];
    const attributeNames = optionalStringList(input, 'MessageAttributeNames') ?? [];
    const redrive = redriveFor(queue);

    const deadlineMs = Date.now() + clock.ioWaitMs(waitSeconds);
    for (;;) {
      const nowMs = clock.now();
      const result = await store.receiveMessages({
        queue,
        nowMs,
        maxMessages,
        visibilityTimeoutMs: visibilityTimeoutSeconds * 1000,
        redrive,
        newReceiptToken,
      });
      if (result.movedToDeadLetterQueue > 0 && redrive) waiters.notify(redrive.deadLetterQueueId);
      if (result.messages.length > 0) {
        return { Messages: result.messages.map((m) => receivedMessage(m, systemNames, attributeNames)) };
      }
      const remainingMs = deadlineMs - Date.now();
      if (remainingMs <= 0 || request.signal.aborted) return {};
      await waiters.wait(queue.id, remainingMs, request.signal, store.nextVisibleAtMs(queue.id, clock.now()));
    }
  }

  function redriveFor(queue: QueueRecord) {
    const raw = queue.attributes.RedrivePolicy;
    if (!raw) return null;
    const policy = parseRedrivePolicy(raw);
    const target = parseQueueArn(policy.deadLetterTargetArn)!;
    const deadLetterQueue = store.getQueue({ accountId: target.accountId, region: target.region, name: target.name });
    // A dead-letter queue deleted after the policy was set leaves messages where they are, as on AWS.
    if (!deadLetterQueue) return null;
    return { maxReceiveCount: policy.maxReceiveCount, deadLetterQueueId: deadLetterQueue.id, sourceQueueArn: arnOf(queue) };
  }

  async function DeleteMessage(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    await deleteOne(queue, requiredString(input, 'ReceiptHandle', SQS_INPUT_ERRORS), 'single');
    return undefined;
  }

  async function deleteOne(queue: QueueRecord, handle: string, mode: SendMode): Promise<void> {
    const receipt = decodeReceiptHandle(handle);
    if (!receipt) throw ReceiptHandleIsInvalid(handle, mode === 'batch');
    const message = store.getMessageReceipt(queue.id, receipt.seq);
    // Deleting a message that is already gone succeeds, as on AWS.
    if (!message) return;
    // A standard queue deletes with any handle of the message; FIFO only with the current one, in flight.
    if (queue.fifo && (message.receiptToken !== receipt.token || message.visibleAtMs <= clock.now())) {
      throw invalidParameter('ReceiptHandle', handle, 'The receipt handle has expired.');
    }
    await store.deleteMessage(message.seq);
  }

  async function DeleteMessageBatch(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const entries = batchEntries(input, 'DeleteMessageBatchRequestEntry');
    // Every entry's write is issued in this turn, in order, so the batch shares one commit.
    return settledBatch(
      entries,
      await Promise.allSettled(
        entries.map(async (entry) => deleteOne(queue, requiredString(entry, 'ReceiptHandle', SQS_INPUT_ERRORS), 'batch')),
      ),
    );
  }

  async function changeVisibility(queue: QueueRecord, handle: string, rawTimeout: unknown, mode: SendMode): Promise<void> {
    if (rawTimeout === undefined || rawTimeout === null) throw MissingParameter('VisibilityTimeout');
    const timeoutSeconds = optionalInteger({ VisibilityTimeout: rawTimeout }, 'VisibilityTimeout', SQS_INPUT_ERRORS, {
      min: 0,
      max: MAX_VISIBILITY_TIMEOUT_SECONDS,
      reason:
        mode === 'batch'
          ? `VisibilityTimeout must be an integer between 0 and ${MAX_VISIBILITY_TIMEOUT_SECONDS}.`
          : `Must be between 0 and ${MAX_VISIBILITY_TIMEOUT_SECONDS}.`,
    })!;
    const receipt = decodeReceiptHandle(handle);
    if (!receipt) throw ReceiptHandleIsInvalid(handle, mode === 'batch');
    const message = store.getMessageReceipt(queue.id, receipt.seq);
    if (!message || message.receiptToken !== receipt.token) {
      throw invalidParameter(
        'ReceiptHandle',
        handle,
        'Message does not exist or is not available for visibility timeout change.',
      );
    }
    await store.setMessageVisibility(message.seq, clock.now() + timeoutSeconds * 1000);
    if (timeoutSeconds === 0) waiters.notify(queue.id);
  }

  async function ChangeMessageVisibility(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    await changeVisibility(queue, requiredString(input, 'ReceiptHandle', SQS_INPUT_ERRORS), input.VisibilityTimeout, 'single');
    return undefined;
  }

  async function ChangeMessageVisibilityBatch(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const entries = batchEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
    return settledBatch(
      entries,
      await Promise.allSettled(
        entries.map(async (entry) =>
          changeVisibility(queue, requiredString(entry, 'ReceiptHandle', SQS_INPUT_ERRORS), entry.VisibilityTimeout, 'batch'),
        ),
      ),
    );
  }

  return {
    SendMessage,
    SendMessageBatch,
    ReceiveMessage,
    DeleteMessage,
    DeleteMessageBatch,
    ChangeMessageVisibility,
    ChangeMessageVisibilityBatch,
  };
}

function missingGroupId(mode: SendMode): ServiceError {
  // A single send says MissingParameter; a batch says InvalidParameterValue with the same words.
  return mode === 'single'
    ? MissingParameter('MessageGroupId')
    : InvalidParameterValue('The request must contain the parameter MessageGroupId.');
}

/** The `X-Amzn-Trace-Id` header of a send becomes its `AWSTraceHeader` system attribute. */
function traceHeaderAttribute(request: RequestContext): Record<string, unknown> | undefined {
  const trace = request.headers['x-amzn-trace-id'];
  const value = Array.isArray(trace) ? trace[0] : trace;
  return value ? { AWSTraceHeader: { DataType: 'String', StringValue: value } } : undefined;
}

function validateFifoId(parameter: string, value: string): void {
  if (!/^[\x21-\x7E]{1,128}$/.test(value)) {
    throw invalidParameter(
      parameter,
      value,
      `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
}

function attributesForSize(raw: unknown): MessageAttributeMap | null {
  if (!raw || typeof raw !== 'object') return null;
  const out: MessageAttributeMap = {};
  for (const [name, value] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    out[name] = {
      DataType: String(value?.DataType ?? ''),
      ...(typeof value?.StringValue === 'string' ? { StringValue: value.StringValue } : {}),
      ...(typeof value?.BinaryValue === 'string' ? { BinaryValue: value.BinaryValue } : {}),
    };
  }
  return out;
}

/** A stored message as ReceiveMessage returns it, with only the attributes asked for. */
function receivedMessage(message: StoredMessage, systemNames: readonly string[], attributeNames: readonly string[]) {
  const out: Record<string, unknown> = {
    MessageId: message.messageId,
    ReceiptHandle: encodeReceiptHandle(message.seq, message.receiptToken!),
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const system = systemAttributes(message, systemNames);
  if (system) out.Attributes = system;
  const selected = selectMessageAttributes(message.messageAttributes, attributeNames);
  if (selected) {
    out.MD5OfMessageAttributes = md5OfMessageAttributes(selected);
    out.MessageAttributes = selected;
  }
  return out;
}

function systemAttributes(message: StoredMessage, requested: readonly string[]): Record<string, string> | undefined {
  if (requested.length === 0) return undefined;
  const all = requested.includes('All');
  const values: Record<string, string | null | undefined> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAtMs),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: message.firstReceivedAtMs === null ? undefined : String(message.firstReceivedAtMs),
    SequenceNumber: message.sequenceNumber,
    MessageDeduplicationId: message.deduplicationId,
    MessageGroupId: message.groupId,
    AWSTraceHeader: message.systemAttributes?.AWSTraceHeader?.StringValue,
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
  };
  const out: Record<string, string> = {};
  for (const name of SYSTEM_ATTRIBUTE_NAMES) {
    const value = values[name];
    if ((all || requested.includes(name)) && value !== null && value !== undefined) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
