/** The SNS part of the Store port: topics, subscriptions, FIFO deduplication, HTTP deliveries and the outbox. */

export interface SnsTopic {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  fifo: boolean;
  /** Attributes as set (DisplayName, Policy, DeliveryPolicy, ...): strings, as AWS returns them. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAtMs: number;
}

export interface SnsSubscription {
  arn: string;
  topicArn: string;
  owner: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
  pendingConfirmation: boolean;
  /** The token of the SubscriptionConfirmation; null once confirmed or when none was needed. */
  token: string | null;
  createdAtMs: number;
}

export type SnsDeliveryKind = 'SubscriptionConfirmation' | 'Notification';

/** One HTTP/HTTPS post to make, kept until it succeeds or its retries are spent. */
export interface SnsHttpDelivery {
  id: number;
  subscriptionArn: string;
  topicArn: string;
  endpoint: string;
  kind: SnsDeliveryKind;
  messageId: string;
  body: string;
  /** Sent as `Content-Type`. */
  contentType: string;
  attempts: number;
  dueAtMs: number;
  createdAtMs: number;
}

export type NewSnsHttpDelivery = Omit<SnsHttpDelivery, 'id' | 'attempts'>;

/** A message for an email, email-json or sms endpoint: kept on the machine instead of sent. */
export interface SnsOutboxEntry {
  id: number;
  createdAtMs: number;
  topicArn: string;
  subscriptionArn: string;
  protocol: string;
  endpoint: string;
  kind: SnsDeliveryKind;
  messageId: string;
  subject: string | null;
  body: string;
}

export type NewSnsOutboxEntry = Omit<SnsOutboxEntry, 'id'>;

export interface SnsOutboxFilter {
  topicArn?: string;
  protocol?: string;
  endpoint?: string;
  limit: number;
}

export interface SnsDeduplicationHit {
  messageId: string;
  sequenceNumber: string;
}

export interface SnsStore {
  getTopic(arn: string): SnsTopic | undefined;
  /** Topics of one account and region in creation order, after the topic with row position `afterPosition`. */
  listTopics(accountId: string, region: string, afterPosition: number, limit: number): Array<SnsTopic & { position: number }>;
  createTopic(topic: SnsTopic): Promise<void>;
  updateTopic(arn: string, change: { attributes?: Record<string, string>; tags?: Record<string, string> }): Promise<void>;
  /** Removes the topic, its subscriptions and their pending deliveries. */
  deleteTopic(arn: string): Promise<void>;
  /** The next FIFO sequence number of a topic (increments it). */
  nextSequenceNumber(topicArn: string): bigint;

  getSubscription(arn: string): SnsSubscription | undefined;
  findSubscription(topicArn: string, protocol: string, endpoint: string): SnsSubscription | undefined;
  findSubscriptionByToken(topicArn: string, token: string): SnsSubscription | undefined;
  topicSubscriptions(topicArn: string): SnsSubscription[];
  listSubscriptions(
    accountId: string,
    region: string,
    topicArn: string | undefined,
    afterPosition: number,
    limit: number,
  ): Array<SnsSubscription & { position: number }>;
  createSubscription(subscription: SnsSubscription): Promise<void>;
  updateSubscription(
    arn: string,
    change: { attributes?: Record<string, string>; pendingConfirmation?: boolean; token?: string | null },
  ): Promise<void>;
  deleteSubscription(arn: string): Promise<void>;

  /** A message already published with this deduplication key inside the window, if any. */
  findDuplicate(topicArn: string, key: string, nowMs: number): SnsDeduplicationHit | undefined;
  recordDeduplication(topicArn: string, key: string, hit: SnsDeduplicationHit, expiresAtMs: number): Promise<void>;

  enqueueDelivery(delivery: NewSnsHttpDelivery): Promise<void>;
  dueDeliveries(nowMs: number, limit: number): SnsHttpDelivery[];
  nextDeliveryDueAtMs(): number | undefined;
  rescheduleDelivery(id: number, attempts: number, dueAtMs: number): Promise<void>;
  finishDelivery(id: number): Promise<void>;
  /** Drops the SubscriptionConfirmation posts still queued for a subscription (it was confirmed). */
  dropConfirmations(subscriptionArn: string): Promise<void>;

  addToOutbox(entry: NewSnsOutboxEntry): Promise<void>;
  /** Newest first. */
  listOutbox(filter: SnsOutboxFilter): SnsOutboxEntry[];
}
