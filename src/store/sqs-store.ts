/** The SQS part of the Store port: semantic operations on queues and messages, no SQL. */

export interface QueueKey {
  accountId: string;
  region: string;
  name: string;
}

export interface QueueRecord extends QueueKey {
  id: number;
  fifo: boolean;
  /** Settable attributes, canonical string values as GetQueueAttributes returns them. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAtMs: number;
  lastModifiedAtMs: number;
  lastPurgedAtMs: number | null;
}

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  /** Base64, as both wire protocols carry it. */
  BinaryValue?: string;
  StringListValues?: string[];
  BinaryListValues?: string[];
}

export type MessageAttributeMap = Record<string, MessageAttributeValue>;

export interface NewMessage {
  messageId: string;
  body: string;
  messageAttributes: MessageAttributeMap | null;
  systemAttributes: MessageAttributeMap | null;
  md5OfBody: string;
  md5OfMessageAttributes: string | null;
  md5OfMessageSystemAttributes: string | null;
  senderId: string;
  sentAtMs: number;
  visibleAtMs: number;
  expiresAtMs: number;
  groupId: string | null;
  deduplicationId: string | null;
  /** FIFO: the key under which duplicates are recognised (scope + id); null for standard queues. */
  deduplicationKey: string | null;
  deduplicationExpiresAtMs: number | null;
}

export interface SentMessage {
  messageId: string;
  sequenceNumber: string | null;
  /** True when a FIFO deduplication key matched: nothing new was stored. */
  duplicate: boolean;
}

/** A message's current receipt: the token of its latest receive and when it is visible again. */
export type MessageReceipt = Pick<StoredMessage, 'seq' | 'receiptToken' | 'visibleAtMs'>;

export interface StoredMessage {
  seq: number;
  queueId: number;
  messageId: string;
  body: string;
  messageAttributes: MessageAttributeMap | null;
  systemAttributes: MessageAttributeMap | null;
  md5OfBody: string;
  md5OfMessageAttributes: string | null;
  md5OfMessageSystemAttributes: string | null;
  senderId: string;
  sentAtMs: number;
  visibleAtMs: number;
  expiresAtMs: number;
  receiveCount: number;
  firstReceivedAtMs: number | null;
  receiptToken: string | null;
  groupId: string | null;
  deduplicationId: string | null;
  sequenceNumber: string | null;
  deadLetterSourceArn: string | null;
}

export interface ReceiveRequest {
  queue: Pick<QueueRecord, 'id' | 'fifo'>;
  nowMs: number;
  maxMessages: number;
  visibilityTimeoutMs: number;
  /** Where messages received `maxReceiveCount` times go instead of being received again. */
  redrive: { maxReceiveCount: number; deadLetterQueueId: number; sourceQueueArn: string } | null;
  newReceiptToken: () => string;
}

export interface ReceiveResult {
  messages: StoredMessage[];
  /** Number of messages moved to the dead-letter queue during this receive. */
  movedToDeadLetterQueue: number;
}

export interface MessageCounts {
  visible: number;
  notVisible: number;
  delayed: number;
}

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

/** A message move task (StartMessageMoveTask): redrive from a dead-letter queue back to a queue. */
export interface MoveTaskRecord {
  taskId: string;
  sourceArn: string;
  sourceQueueId: number;
  /** Null: each message goes back to the queue it was dead-lettered from. */
  destinationArn: string | null;
  maxNumberOfMessagesPerSecond: number | null;
  status: MoveTaskStatus;
  movedCount: number;
  toMoveCount: number;
  startedAtMs: number;
  failureReason: string | null;
}

/** Where moved messages go: one queue, or the queue each message was dead-lettered from (by ARN). */
export type MoveDestination = { queueId: number } | { bySourceArn: Readonly<Record<string, number>> };

export interface SqsStore {
  createQueue(queue: Omit<QueueRecord, 'id'>): Promise<QueueRecord>;
  getQueue(key: QueueKey): QueueRecord | undefined;
  getQueueById(id: number): QueueRecord | undefined;
  /** Queues of one account and region whose name starts with `prefix`, by name. */
  listQueues(accountId: string, region: string, prefix: string): QueueRecord[];
  updateQueue(
    id: number,
    change: { attributes?: Record<string, string>; tags?: Record<string, string>; lastModifiedAtMs?: number },
  ): Promise<void>;
  deleteQueue(id: number): Promise<void>;

  sendMessages(queueId: number, messages: NewMessage[], nowMs: number): Promise<SentMessage[]>;
  receiveMessages(request: ReceiveRequest): Promise<ReceiveResult>;
  /** What a receipt handle is checked against (the body is not read). */
  getMessageReceipt(queueId: number, seq: number): MessageReceipt | undefined;
  deleteMessage(seq: number): Promise<void>;
  setMessageVisibility(seq: number, visibleAtMs: number): Promise<void>;
  /** Deletes every message sent at or before `nowMs` and forgets deduplication ids. */
  purgeQueue(queueId: number, nowMs: number): Promise<void>;
  countMessages(queueId: number, nowMs: number): MessageCounts;

  createMoveTask(task: MoveTaskRecord): Promise<void>;
  updateMoveTask(taskId: string, change: Partial<Pick<MoveTaskRecord, 'status' | 'movedCount' | 'failureReason'>>): Promise<void>;
  getMoveTask(taskId: string): MoveTaskRecord | undefined;
  /** Tasks of a source queue, most recent first. */
  listMoveTasks(sourceArn: string): MoveTaskRecord[];
  runningMoveTasks(): MoveTaskRecord[];
  /** Dead-letter source ARNs of the queue's receivable messages (messages without one count as null). */
  deadLetterSourcesOf(queueId: number, nowMs: number): Array<string | null>;
  /**
   * Moves up to `limit` receivable messages, oldest first, to their destination: visible at once,
   * receive count reset, same MessageId. Messages whose destination is unknown stay. Returns how many moved.
   */
  moveMessages(queueId: number, destination: MoveDestination, limit: number, nowMs: number): Promise<number>;
  /** The earliest time after `nowMs` at which a message of the queue becomes visible, if any. */
  nextVisibleAtMs(queueId: number, nowMs: number): number | undefined;
}
