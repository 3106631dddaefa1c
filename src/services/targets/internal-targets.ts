/**
 * How one Onward service hands work to another without HTTP: a record to a queue, an async invocation
 * of a function, a message to a topic, an event to a bus. Every method issues its store write before
 * its first await, so the write commits in the same transaction as whatever the caller wrote in the
 * same event-loop turn (a destination delivery with the invocation's outcome, a fan-out with its Publish).
 * A target that does not exist rejects with TargetUnavailableError (or the target service's own
 * ServiceError), never a silent drop.
 */
import { randomUUID } from 'node:crypto';
import { internalRequest, type AwsService } from '../service.ts';
import { parseQueueArn } from '../sqs/queue-url.ts';

export class TargetUnavailableError extends Error {
  override name = 'TargetUnavailableError';
}

/** An SQS message attribute as SendMessage takes it. */
export interface QueueMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array | string;
}

export interface QueueMessageOptions {
  attributes?: Record<string, QueueMessageAttribute>;
  /** FIFO queues. */
  groupId?: string;
  deduplicationId?: string;
}

export interface TopicMessageOptions {
  subject?: string;
  /** SNS message attributes as Publish takes them (`{DataType, StringValue|BinaryValue}`). */
  attributes?: Record<string, QueueMessageAttribute>;
  groupId?: string;
  deduplicationId?: string;
}

export interface BusEventEntry {
  source: string;
  detailType: string;
  /** The detail object (serialised by the bus). */
  detail: unknown;
  resources?: string[];
  /** Event time, ms since epoch; the clock's now when absent. */
  timeMs?: number;
}

export interface AsyncInvokeOptions {
  /** The request id the invocation carries; a new one when absent. */
  requestId?: string;
}

/** What SNS registers so others can publish to its topics. */
export type TopicPublisher = (topicArn: string, message: string, options: TopicMessageOptions) => Promise<void>;
/** What EventBridge registers so others can put events on its buses (rejects when the bus does not exist). */
export type BusPublisher = (busArn: string, entry: BusEventEntry) => Promise<void>;
/** What Lambda registers: accept an async (Event) invocation of a function ARN, qualified or not. */
export type AsyncInvoker = (functionArn: string, payload: Buffer, options: AsyncInvokeOptions) => Promise<void>;

export interface InternalTargets {
  sendToQueue(queueArn: string, body: string, options?: QueueMessageOptions): Promise<void>;
  invokeAsync(functionArn: string, payload: Buffer | string, options?: AsyncInvokeOptions): Promise<void>;
  publishToTopic(topicArn: string, message: string, options?: TopicMessageOptions): Promise<void>;
  putEvent(busArn: string, entry: BusEventEntry): Promise<void>;
  /** Each service registers its side at startup (the composition root wires them). */
  registerTopicPublisher(publisher: TopicPublisher): void;
  registerBusPublisher(publisher: BusPublisher): void;
  registerAsyncInvoker(invoker: AsyncInvoker): void;
}

/** The service an ARN names (`sqs`, `lambda`, `sns`, `events`, ...). */
export function arnService(arn: string): string {
  return arn.split(':')[2] ?? '';
}

export function createInternalTargets(sqs: AwsService): InternalTargets {
  let topicPublisher: TopicPublisher | undefined;
  let busPublisher: BusPublisher | undefined;
  let asyncInvoker: AsyncInvoker | undefined;

  const notRegistered = (what: string, arn: string): Promise<never> =>
    Promise.reject(new TargetUnavailableError(`Onward does not implement ${what} as a target yet (${arn}).`));

  return {
    sendToQueue(queueArn, body, options = {}) {
      const queue = parseQueueArn(queueArn);
      if (!queue) return Promise.reject(new TargetUnavailableError(`${queueArn} is not an SQS queue ARN.`));
      const request = internalRequest(queue.accountId, queue.region, randomUUID());
      try {
        const sent = sqs.operations.SendMessage!(
          {
            QueueUrl: `/${queue.accountId}/${queue.name}`,
            MessageBody: body,
            ...(options.attributes && Object.keys(options.attributes).length > 0
              ? { MessageAttributes: options.attributes }
              : {}),
            ...(options.groupId !== undefined ? { MessageGroupId: options.groupId } : {}),
            ...(options.deduplicationId !== undefined ? { MessageDeduplicationId: options.deduplicationId } : {}),
          },
          request,
        );
        return Promise.resolve(sent).then(() => undefined);
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    invokeAsync(functionArn, payload, options = {}) {
      if (!asyncInvoker) return notRegistered('Lambda', functionArn);
      return asyncInvoker(functionArn, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), options);
    },
    publishToTopic(topicArn, message, options = {}) {
      if (!topicPublisher) return notRegistered('SNS', topicArn);
      return topicPublisher(topicArn, message, options);
    },
    putEvent(busArn, entry) {
      if (!busPublisher) return notRegistered('EventBridge', busArn);
      return busPublisher(busArn, entry);
    },
    registerTopicPublisher(publisher) {
      topicPublisher = publisher;
    },
    registerBusPublisher(publisher) {
      busPublisher = publisher;
    },
    registerAsyncInvoker(invoker) {
      asyncInvoker = invoker;
    },
  };
}
