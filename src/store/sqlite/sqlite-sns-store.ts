import type Database from 'better-sqlite3';
import type {
  NewSnsHttpDelivery,
  NewSnsOutboxEntry,
  SnsDeduplicationHit,
  SnsHttpDelivery,
  SnsOutboxEntry,
  SnsOutboxFilter,
  SnsStore,
  SnsSubscription,
  SnsTopic,
} from '../sns-store.ts';
import type { SqliteDatabase } from './database.ts';

interface TopicRow {
  id: number;
  arn: string;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  created_at_ms: number;
  last_sequence_number: string;
}

interface SubscriptionRow {
  id: number;
  arn: string;
  topic_arn: string;
  owner: string;
  protocol: string;
  endpoint: string;
  attributes: string;
  pending_confirmation: number;
  token: string | null;
  created_at_ms: number;
}

interface DeliveryRow {
  id: number;
  subscription_arn: string;
  topic_arn: string;
  endpoint: string;
  kind: SnsHttpDelivery['kind'];
  message_id: string;
  body: string;
  content_type: string;
  attempts: number;
  due_at_ms: number;
  created_at_ms: number;
}

interface OutboxRow {
  id: number;
  created_at_ms: number;
  topic_arn: string;
  subscription_arn: string;
  protocol: string;
  endpoint: string;
  kind: SnsOutboxEntry['kind'];
  message_id: string;
  subject: string | null;
  body: string;
}

function toTopic(row: TopicRow): SnsTopic & { position: number } {
  return {
    position: row.id,
    arn: row.arn,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    fifo: row.fifo === 1,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    tags: JSON.parse(row.tags) as Record<string, string>,
    createdAtMs: row.created_at_ms,
  };
}

function toSubscription(row: SubscriptionRow): SnsSubscription & { position: number } {
  return {
    position: row.id,
    arn: row.arn,
    topicArn: row.topic_arn,
    owner: row.owner,
    protocol: row.protocol,
    endpoint: row.endpoint,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    pendingConfirmation: row.pending_confirmation === 1,
    token: row.token,
    createdAtMs: row.created_at_ms,
  };
}

function toDelivery(row: DeliveryRow): SnsHttpDelivery {
  return {
    id: row.id,
    subscriptionArn: row.subscription_arn,
    topicArn: row.topic_arn,
    endpoint: row.endpoint,
    kind: row.kind,
    messageId: row.message_id,
    body: row.body,
    contentType: row.content_type,
    attempts: row.attempts,
    dueAtMs: row.due_at_ms,
    createdAtMs: row.created_at_ms,
  };
}

function toOutbox(row: OutboxRow): SnsOutboxEntry {
  return {
    id: row.id,
    createdAtMs: row.created_at_ms,
    topicArn: row.topic_arn,
    subscriptionArn: row.subscription_arn,
    protocol: row.protocol,
    endpoint: row.endpoint,
    kind: row.kind,
    messageId: row.message_id,
    subject: row.subject,
    body: row.body,
  };
}

export class SqliteSnsStore implements SnsStore {
  readonly #database: SqliteDatabase;
  readonly #db: Database.Database;
  readonly #s;

  constructor(database: SqliteDatabase) {
    this.#database = database;
    const db = database.db;
    this.#db = db;
    this.#s = {
      topic: db.prepare<[string], TopicRow>('SELECT * FROM sns_topics WHERE arn = ?'),
      topics: db.prepare<[string, string, number, number], TopicRow>(
        'SELECT * FROM sns_topics WHERE account_id = ? AND region = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      insertTopic: db.prepare(
        `INSERT INTO sns_topics (arn, account_id, region, name, fifo, attributes, tags, created_at_ms)
         VALUES (@arn, @account_id, @region, @name, @fifo, @attributes, @tags, @created_at_ms)`,
      ),
      setTopicAttributes: db.prepare('UPDATE sns_topics SET attributes = ? WHERE arn = ?'),
      setTopicTags: db.prepare('UPDATE sns_topics SET tags = ? WHERE arn = ?'),
      deleteTopic: db.prepare('DELETE FROM sns_topics WHERE arn = ?'),
      deleteTopicSubscriptions: db.prepare('DELETE FROM sns_subscriptions WHERE topic_arn = ?'),
      deleteTopicDeliveries: db.prepare('DELETE FROM sns_http_deliveries WHERE topic_arn = ?'),
      deleteTopicDeduplication: db.prepare('DELETE FROM sns_deduplication WHERE topic_arn = ?'),
      sequence: db.prepare<[string], { last_sequence_number: string }>(
        'SELECT last_sequence_number FROM sns_topics WHERE arn = ?',
      ),
      setSequence: db.prepare('UPDATE sns_topics SET last_sequence_number = ? WHERE arn = ?'),
      subscription: db.prepare<[string], SubscriptionRow>('SELECT * FROM sns_subscriptions WHERE arn = ?'),
      findSubscription: db.prepare<[string, string, string], SubscriptionRow>(
        'SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND protocol = ? AND endpoint = ?',
      ),
      byToken: db.prepare<[string, string], SubscriptionRow>('SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND token = ?'),
      topicSubscriptions: db.prepare<[string], SubscriptionRow>(
        'SELECT * FROM sns_subscriptions WHERE topic_arn = ? ORDER BY id',
      ),
      insertSubscription: db.prepare(
        `INSERT INTO sns_subscriptions (arn, topic_arn, owner, protocol, endpoint, attributes, pending_confirmation, token, created_at_ms)
         VALUES (@arn, @topic_arn, @owner, @protocol, @endpoint, @attributes, @pending_confirmation, @token, @created_at_ms)`,
      ),
      deleteSubscription: db.prepare('DELETE FROM sns_subscriptions WHERE arn = ?'),
      deleteSubscriptionDeliveries: db.prepare('DELETE FROM sns_http_deliveries WHERE subscription_arn = ?'),
      duplicate: db.prepare<[string, string, number], { message_id: string; sequence_number: string }>(
        'SELECT message_id, sequence_number FROM sns_deduplication WHERE topic_arn = ? AND deduplication_key = ? AND expires_at_ms > ?',
      ),
      recordDeduplication: db.prepare(
        `INSERT INTO sns_deduplication (topic_arn, deduplication_key, message_id, sequence_number, expires_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (topic_arn, deduplication_key) DO UPDATE SET message_id = excluded.message_id,
           sequence_number = excluded.sequence_number, expires_at_ms = excluded.expires_at_ms`,
      ),
      insertDelivery: db.prepare(
        `INSERT INTO sns_http_deliveries (subscription_arn, topic_arn, endpoint, kind, message_id, body, content_type, attempts, due_at_ms, created_at_ms)
         VALUES (@subscription_arn, @topic_arn, @endpoint, @kind, @message_id, @body, @content_type, 0, @due_at_ms, @created_at_ms)`,
      ),
      dueDeliveries: db.prepare<[number, number], DeliveryRow>(
        'SELECT * FROM sns_http_deliveries WHERE due_at_ms <= ? ORDER BY due_at_ms, id LIMIT ?',
      ),
      nextDue: db.prepare<[], { at: number | null }>('SELECT min(due_at_ms) AS at FROM sns_http_deliveries'),
      reschedule: db.prepare('UPDATE sns_http_deliveries SET attempts = ?, due_at_ms = ? WHERE id = ?'),
      finishDelivery: db.prepare('DELETE FROM sns_http_deliveries WHERE id = ?'),
      dropConfirmations: db.prepare(
        "DELETE FROM sns_http_deliveries WHERE subscription_arn = ? AND kind = 'SubscriptionConfirmation'",
      ),
      insertOutbox: db.prepare(
        `INSERT INTO sns_outbox (created_at_ms, topic_arn, subscription_arn, protocol, endpoint, kind, message_id, subject, body)
         VALUES (@created_at_ms, @topic_arn, @subscription_arn, @protocol, @endpoint, @kind, @message_id, @subject, @body)`,
      ),
    };
  }

  getTopic(arn: string): SnsTopic | undefined {
    const row = this.#s.topic.get(arn);
    return row ? toTopic(row) : undefined;
  }

  listTopics(accountId: string, region: string, afterPosition: number, limit: number) {
    return this.#s.topics.all(accountId, region, afterPosition, limit).map(toTopic);
  }

  createTopic(topic: SnsTopic): Promise<void> {
    return this.#database.write(() => {
      this.#s.insertTopic.run({
        arn: topic.arn,
        account_id: topic.accountId,
        region: topic.region,
        name: topic.name,
        fifo: topic.fifo ? 1 : 0,
        attributes: JSON.stringify(topic.attributes),
        tags: JSON.stringify(topic.tags),
        created_at_ms: topic.createdAtMs,
      });
    });
  }

  updateTopic(arn: string, change: { attributes?: Record<string, string>; tags?: Record<string, string> }): Promise<void> {
    return this.#database.write(() => {
      if (change.attributes) this.#s.setTopicAttributes.run(JSON.stringify(change.attributes), arn);
      if (change.tags) this.#s.setTopicTags.run(JSON.stringify(change.tags), arn);
    });
  }

  deleteTopic(arn: string): Promise<void> {
    return this.#database.write(() => {
      this.#s.deleteTopicDeliveries.run(arn);
      this.#s.deleteTopicSubscriptions.run(arn);
      this.#s.deleteTopicDeduplication.run(arn);
      this.#s.deleteTopic.run(arn);
    });
  }

  nextSequenceNumber(topicArn: string): bigint {
    const current = BigInt(this.#s.sequence.get(topicArn)?.last_sequence_number ?? '0');
    const next = current + 1n;
    // Joins the turn's transaction like every write; the number is only used inside it.
    void this.#database.write(() => void this.#s.setSequence.run(next.toString(), topicArn));
    return next;
  }

  getSubscription(arn: string): SnsSubscription | undefined {
    const row = this.#s.subscription.get(arn);
    return row ? toSubscription(row) : undefined;
  }

  findSubscription(topicArn: string, protocol: string, endpoint: string): SnsSubscription | undefined {
    const row = this.#s.findSubscription.get(topicArn, protocol, endpoint);
    return row ? toSubscription(row) : undefined;
  }

  findSubscriptionByToken(topicArn: string, token: string): SnsSubscription | undefined {
    const row = this.#s.byToken.get(topicArn, token);
    return row ? toSubscription(row) : undefined;
  }

  topicSubscriptions(topicArn: string): SnsSubscription[] {
    return this.#s.topicSubscriptions.all(topicArn).map(toSubscription);
  }

  listSubscriptions(accountId: string, region: string, topicArn: string | undefined, afterPosition: number, limit: number) {
    const rows = topicArn
      ? this.#db
          .prepare<[string, number, number], SubscriptionRow>(
            'SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND id > ? ORDER BY id LIMIT ?',
          )
          .all(topicArn, afterPosition, limit)
      : this.#db
          .prepare<[string, number, number], SubscriptionRow>(
            'SELECT * FROM sns_subscriptions WHERE arn LIKE ? AND id > ? ORDER BY id LIMIT ?',
          )
          .all(`arn:%:sns:${region}:${accountId}:%`, afterPosition, limit);
    return rows.map(toSubscription);
  }

  createSubscription(subscription: SnsSubscription): Promise<void> {
    return this.#database.write(() => {
      this.#s.insertSubscription.run({
        arn: subscription.arn,
        topic_arn: subscription.topicArn,
        owner: subscription.owner,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        attributes: JSON.stringify(subscription.attributes),
        pending_confirmation: subscription.pendingConfirmation ? 1 : 0,
        token: subscription.token,
        created_at_ms: subscription.createdAtMs,
      });
    });
  }

  updateSubscription(
    arn: string,
    change: { attributes?: Record<string, string>; pendingConfirmation?: boolean; token?: string | null },
  ): Promise<void> {
    const sets: string[] = [];
    const params: Record<string, unknown> = { arn };
    if (change.attributes) {
      sets.push('attributes = @attributes');
      params.attributes = JSON.stringify(change.attributes);
    }
    if (change.pendingConfirmation !== undefined) {
      sets.push('pending_confirmation = @pending');
      params.pending = change.pendingConfirmation ? 1 : 0;
    }
    if (change.token !== undefined) {
      sets.push('token = @token');
      params.token = change.token;
    }
    return this.#database.write(() => {
      if (sets.length > 0) this.#db.prepare(`UPDATE sns_subscriptions SET ${sets.join(', ')} WHERE arn = @arn`).run(params);
    });
  }

  deleteSubscription(arn: string): Promise<void> {
    return this.#database.write(() => {
      this.#s.deleteSubscriptionDeliveries.run(arn);
      this.#s.deleteSubscription.run(arn);
    });
  }

  findDuplicate(topicArn: string, key: string, nowMs: number): SnsDeduplicationHit | undefined {
    const row = this.#s.duplicate.get(topicArn, key, nowMs);
    return row ? { messageId: row.message_id, sequenceNumber: row.sequence_number } : undefined;
  }

  recordDeduplication(topicArn: string, key: string, hit: SnsDeduplicationHit, expiresAtMs: number): Promise<void> {
    return this.#database.write(() => {
      this.#s.recordDeduplication.run(topicArn, key, hit.messageId, hit.sequenceNumber, expiresAtMs);
    });
  }

  enqueueDelivery(delivery: NewSnsHttpDelivery): Promise<void> {
    return this.#database.write(() => {
      this.#s.insertDelivery.run({
        subscription_arn: delivery.subscriptionArn,
        topic_arn: delivery.topicArn,
        endpoint: delivery.endpoint,
        kind: delivery.kind,
        message_id: delivery.messageId,
        body: delivery.body,
        content_type: delivery.contentType,
        due_at_ms: delivery.dueAtMs,
        created_at_ms: delivery.createdAtMs,
      });
    });
  }

  dueDeliveries(nowMs: number, limit: number): SnsHttpDelivery[] {
    return this.#s.dueDeliveries.all(nowMs, limit).map(toDelivery);
  }

  nextDeliveryDueAtMs(): number | undefined {
    return this.#s.nextDue.get()?.at ?? undefined;
  }

  rescheduleDelivery(id: number, attempts: number, dueAtMs: number): Promise<void> {
    return this.#database.write(() => void this.#s.reschedule.run(attempts, dueAtMs, id));
  }

  finishDelivery(id: number): Promise<void> {
    return this.#database.write(() => void this.#s.finishDelivery.run(id));
  }

  dropConfirmations(subscriptionArn: string): Promise<void> {
    return this.#database.write(() => void this.#s.dropConfirmations.run(subscriptionArn));
  }

  addToOutbox(entry: NewSnsOutboxEntry): Promise<void> {
    return this.#database.write(() => {
      this.#s.insertOutbox.run({
        created_at_ms: entry.createdAtMs,
        topic_arn: entry.topicArn,
        subscription_arn: entry.subscriptionArn,
        protocol: entry.protocol,
        endpoint: entry.endpoint,
        kind: entry.kind,
        message_id: entry.messageId,
        subject: entry.subject,
        body: entry.body,
      });
    });
  }

  listOutbox(filter: SnsOutboxFilter): SnsOutboxEntry[] {
    const conditions: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    for (const [column, value] of [
      ['topic_arn', filter.topicArn],
      ['protocol', filter.protocol],
      ['endpoint', filter.endpoint],
    ] as const) {
      if (value === undefined) continue;
      conditions.push(`${column} = @${column}`);
      params[column] = value;
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.#db
      .prepare<Record<string, unknown>, OutboxRow>(`SELECT * FROM sns_outbox ${where} ORDER BY id DESC LIMIT @limit`)
      .all(params)
      .map(toOutbox);
  }
}
