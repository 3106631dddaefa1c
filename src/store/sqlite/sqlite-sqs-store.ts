import type Database from 'better-sqlite3';
import type {
  MessageCounts,
  MessageReceipt,
  MoveDestination,
  MoveTaskRecord,
  NewMessage,
  QueueKey,
  QueueRecord,
  ReceiveRequest,
  ReceiveResult,
  SentMessage,
  SqsStore,
  StoredMessage,
} from '../sqs-store.ts';
import type { SqliteDatabase } from './database.ts';

interface QueueRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  created_at_ms: number;
  last_modified_at_ms: number;
  last_purged_at_ms: number | null;
}

interface MessageRow {
  seq: number;
  queue_id: number;
  message_id: string;
  body: string;
  message_attributes: string | null;
  system_attributes: string | null;
  md5_of_body: string;
  md5_of_message_attributes: string | null;
  md5_of_message_system_attributes: string | null;
  sender_id: string;
  sent_at_ms: number;
  visible_at_ms: number;
  expires_at_ms: number;
  receive_count: number;
  first_received_at_ms: number | null;
  receipt_token: string | null;
  group_id: string | null;
  deduplication_id: string | null;
  dead_letter_source_arn: string | null;
}

/** How many receivable FIFO messages are looked at to fill a receive with as few groups as possible. */
const FIFO_CANDIDATES = 100;

/** FIFO sequence numbers are 20-digit decimals on AWS; ours are the row sequence, offset to that width. */
const SEQUENCE_NUMBER_BASE = 10_000_000_000_000_000_000n;

export function sequenceNumberOf(seq: number): string {
  return (SEQUENCE_NUMBER_BASE + BigInt(seq)).toString();
}

interface MoveTaskRow {
  task_id: string;
  source_arn: string;
  source_queue_id: number;
  destination_arn: string | null;
  max_per_second: number | null;
  status: MoveTaskRecord['status'];
  moved_count: number;
  to_move_count: number;
  started_at_ms: number;
  failure_reason: string | null;
}

function toMoveTask(row: MoveTaskRow): MoveTaskRecord {
  return {
    taskId: row.task_id,
    sourceArn: row.source_arn,
    sourceQueueId: row.source_queue_id,
    destinationArn: row.destination_arn,
    maxNumberOfMessagesPerSecond: row.max_per_second,
    status: row.status,
    movedCount: row.moved_count,
    toMoveCount: row.to_move_count,
    startedAtMs: row.started_at_ms,
    failureReason: row.failure_reason,
  };
}

function toQueue(row: QueueRow): QueueRecord {
  return Object.freeze({
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    fifo: row.fifo === 1,
    attributes: Object.freeze(JSON.parse(row.attributes) as Record<string, string>),
    tags: Object.freeze(JSON.parse(row.tags) as Record<string, string>),
    createdAtMs: row.created_at_ms,
    lastModifiedAtMs: row.last_modified_at_ms,
    lastPurgedAtMs: row.last_purged_at_ms,
  });
}

function toMessage(row: MessageRow, fifo: boolean): StoredMessage {
  return {
    seq: row.seq,
    queueId: row.queue_id,
    messageId: row.message_id,
    body: row.body,
    messageAttributes: row.message_attributes ? JSON.parse(row.message_attributes) : null,
    systemAttributes: row.system_attributes ? JSON.parse(row.system_attributes) : null,
    md5OfBody: row.md5_of_body,
    md5OfMessageAttributes: row.md5_of_message_attributes,
    md5OfMessageSystemAttributes: row.md5_of_message_system_attributes,
    senderId: row.sender_id,
    sentAtMs: row.sent_at_ms,
    visibleAtMs: row.visible_at_ms,
    expiresAtMs: row.expires_at_ms,
    receiveCount: row.receive_count,
    firstReceivedAtMs: row.first_received_at_ms,
    receiptToken: row.receipt_token,
    groupId: row.group_id,
    deduplicationId: row.deduplication_id,
    sequenceNumber: fifo ? sequenceNumberOf(row.seq) : null,
    deadLetterSourceArn: row.dead_letter_source_arn,
  };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export class SqliteSqsStore implements SqsStore {
  readonly #database: SqliteDatabase;
  readonly #statements;
  /**
   * Queue records by key, filled by reads only; writes drop the entries they touch (and a failed commit
   * drops all), so the cache never holds what the database does not. Every send looks its queue up.
   */
  readonly #queues = new Map<string, QueueRecord>();

  constructor(database: SqliteDatabase) {
    this.#database = database;
    database.onRollback(() => this.#queues.clear());
    const db: Database.Database = database.db;
    this.#statements = {
      insertQueue: db.prepare(
        `INSERT INTO sqs_queues (account_id, region, name, fifo, attributes, tags, created_at_ms, last_modified_at_ms, last_purged_at_ms)
         VALUES (@account_id, @region, @name, @fifo, @attributes, @tags, @created_at_ms, @last_modified_at_ms, @last_purged_at_ms)`,
      ),
      queueByKey: db.prepare<[string, string, string], QueueRow>(
        'SELECT * FROM sqs_queues WHERE account_id = ? AND region = ? AND name = ?',
      ),
      queueById: db.prepare<[number], QueueRow>('SELECT * FROM sqs_queues WHERE id = ?'),
      queuesByPrefix: db.prepare<{ account_id: string; region: string; prefix: string }, QueueRow>(
        `SELECT * FROM sqs_queues WHERE account_id = @account_id AND region = @region
           AND substr(name, 1, length(@prefix)) = @prefix ORDER BY name`,
      ),
      updateQueue: db.prepare(
        `UPDATE sqs_queues SET attributes = coalesce(@attributes, attributes), tags = coalesce(@tags, tags),
           last_modified_at_ms = coalesce(@last_modified_at_ms, last_modified_at_ms) WHERE id = @id`,
      ),
      setPurged: db.prepare('UPDATE sqs_queues SET last_purged_at_ms = ? WHERE id = ?'),
      deleteQueue: db.prepare('DELETE FROM sqs_queues WHERE id = ?'),
      deleteQueueMessages: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ?'),
      deleteQueueDeduplication: db.prepare('DELETE FROM sqs_deduplication WHERE queue_id = ?'),
      insertMessage: db.prepare(
        `INSERT INTO sqs_messages (queue_id, message_id, body, message_attributes, system_attributes, md5_of_body,
           md5_of_message_attributes, md5_of_message_system_attributes, sender_id, sent_at_ms, visible_at_ms, expires_at_ms,
           group_id, deduplication_id)
         VALUES (@queue_id, @message_id, @body, @message_attributes, @system_attributes, @md5_of_body,
           @md5_of_message_attributes, @md5_of_message_system_attributes, @sender_id, @sent_at_ms, @visible_at_ms, @expires_at_ms,
           @group_id, @deduplication_id)`,
      ),
      findDeduplication: db.prepare<[number, string, number], { message_id: string; seq: number }>(
        'SELECT message_id, seq FROM sqs_deduplication WHERE queue_id = ? AND deduplication_key = ? AND expires_at_ms > ?',
      ),
      upsertDeduplication: db.prepare(
        `INSERT INTO sqs_deduplication (queue_id, deduplication_key, message_id, seq, expires_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (queue_id, deduplication_key) DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq,
           expires_at_ms = excluded.expires_at_ms`,
      ),
      expireDeduplication: db.prepare('DELETE FROM sqs_deduplication WHERE queue_id = ? AND expires_at_ms <= ?'),
      expireMessages: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND expires_at_ms <= ?'),
      visibleStandard: db.prepare<[number, number, number], MessageRow>(
        'SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_at_ms <= ? ORDER BY visible_at_ms, seq LIMIT ?',
      ),
      visibleFifo: db.prepare<{ queue_id: number; now: number; limit: number }, MessageRow>(
        // A message waits while an earlier message of its group is in flight.
        `SELECT * FROM sqs_messages m WHERE m.queue_id = @queue_id AND m.visible_at_ms <= @now
           AND NOT EXISTS (SELECT 1 FROM sqs_messages f
                           WHERE f.queue_id = m.queue_id AND f.group_id = m.group_id AND f.seq < m.seq
                             AND f.visible_at_ms > @now AND f.receive_count > 0)
         ORDER BY m.seq LIMIT @limit`,
      ),
      markReceived: db.prepare(
        `UPDATE sqs_messages SET receive_count = receive_count + 1, first_received_at_ms = coalesce(first_received_at_ms, @now),
           visible_at_ms = @visible_at_ms, receipt_token = @receipt_token WHERE seq = @seq`,
      ),
      moveToDeadLetterQueue: db.prepare(
        `UPDATE sqs_messages SET queue_id = @dead_letter_queue_id, dead_letter_source_arn = @source_arn,
           visible_at_ms = @now, receipt_token = NULL WHERE seq = @seq`,
      ),
      receiptBySeq: db.prepare<[number, number], { seq: number; receipt_token: string | null; visible_at_ms: number }>(
        'SELECT seq, receipt_token, visible_at_ms FROM sqs_messages WHERE seq = ? AND queue_id = ?',
      ),
      deleteMessage: db.prepare('DELETE FROM sqs_messages WHERE seq = ?'),
      setVisibility: db.prepare('UPDATE sqs_messages SET visible_at_ms = ? WHERE seq = ?'),
      purge: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND sent_at_ms <= ?'),
      counts: db.prepare<
        { queue_id: number; now: number },
        { visible: number | null; not_visible: number | null; delayed: number | null }
      >(
        `SELECT sum(visible_at_ms <= @now) AS visible,
                sum(visible_at_ms > @now AND receive_count > 0) AS not_visible,
                sum(visible_at_ms > @now AND receive_count = 0) AS delayed
         FROM sqs_messages WHERE queue_id = @queue_id AND expires_at_ms > @now`,
      ),
      insertMoveTask: db.prepare(
        `INSERT INTO sqs_move_tasks (task_id, source_arn, source_queue_id, destination_arn, max_per_second, status, moved_count,
           to_move_count, started_at_ms, failure_reason)
         VALUES (@task_id, @source_arn, @source_queue_id, @destination_arn, @max_per_second, @status, @moved_count,
           @to_move_count, @started_at_ms, @failure_reason)`,
      ),
      updateMoveTask: db.prepare(
        `UPDATE sqs_move_tasks SET status = coalesce(@status, status), moved_count = coalesce(@moved_count, moved_count),
           failure_reason = coalesce(@failure_reason, failure_reason) WHERE task_id = @task_id`,
      ),
      moveTaskById: db.prepare<[string], MoveTaskRow>('SELECT * FROM sqs_move_tasks WHERE task_id = ?'),
      moveTasksBySource: db.prepare<[string], MoveTaskRow>(
        'SELECT * FROM sqs_move_tasks WHERE source_arn = ? ORDER BY started_at_ms DESC, rowid DESC',
      ),
      runningMoveTasks: db.prepare<[], MoveTaskRow>(`SELECT * FROM sqs_move_tasks WHERE status = 'RUNNING'`),
      deadLetterSources: db.prepare<[number, number], { arn: string | null }>(
        'SELECT DISTINCT dead_letter_source_arn AS arn FROM sqs_messages WHERE queue_id = ? AND visible_at_ms <= ?',
      ),
      movable: db.prepare<[number, number, number], { seq: number; dead_letter_source_arn: string | null }>(
        'SELECT seq, dead_letter_source_arn FROM sqs_messages WHERE queue_id = ? AND visible_at_ms <= ? ORDER BY seq LIMIT ?',
      ),
      moveMessage: db.prepare(
        `UPDATE sqs_messages SET queue_id = @queue_id, visible_at_ms = @now, receive_count = 0, first_received_at_ms = NULL,
           receipt_token = NULL, dead_letter_source_arn = NULL WHERE seq = @seq`,
      ),
      nextVisible: db.prepare<[number, number], { at: number | null }>(
        'SELECT min(visible_at_ms) AS at FROM sqs_messages WHERE queue_id = ? AND visible_at_ms > ?',
      ),
    };
  }

  createQueue(queue: Omit<QueueRecord, 'id'>): Promise<QueueRecord> {
    return this.#database.write(() => {
      const info = this.#statements.insertQueue.run({
        account_id: queue.accountId,
        region: queue.region,
        name: queue.name,
        fifo: queue.fifo ? 1 : 0,
        attributes: JSON.stringify(queue.attributes),
        tags: JSON.stringify(queue.tags),
        created_at_ms: queue.createdAtMs,
        last_modified_at_ms: queue.lastModifiedAtMs,
        last_purged_at_ms: queue.lastPurgedAtMs,
      });
      return { ...queue, id: Number(info.lastInsertRowid) };
    });
  }

  getQueue(key: QueueKey): QueueRecord | undefined {
    const cacheKey = `${key.accountId}\u0000${key.region}\u0000${key.name}`;
    const cached = this.#queues.get(cacheKey);
    if (cached) return cached;
    const row = this.#statements.queueByKey.get(key.accountId, key.region, key.name);
    if (!row) return undefined;
    const queue = toQueue(row);
    this.#queues.set(cacheKey, queue);
    return queue;
  }

  #forget(id: number): void {
    for (const [key, queue] of this.#queues) if (queue.id === id) this.#queues.delete(key);
  }

  getQueueById(id: number): QueueRecord | undefined {
    const row = this.#statements.queueById.get(id);
    return row && toQueue(row);
  }

  listQueues(accountId: string, region: string, prefix: string): QueueRecord[] {
    return this.#statements.queuesByPrefix.all({ account_id: accountId, region, prefix }).map(toQueue);
  }

  updateQueue(
    id: number,
    change: { attributes?: Record<string, string>; tags?: Record<string, string>; lastModifiedAtMs?: number },
  ): Promise<void> {
    return this.#database.write(() => {
      this.#forget(id);
      this.#statements.updateQueue.run({
        id,
        attributes: json(change.attributes),
        tags: json(change.tags),
        last_modified_at_ms: change.lastModifiedAtMs ?? null,
      });
    });
  }

  deleteQueue(id: number): Promise<void> {
    return this.#database.write(() => {
      this.#forget(id);
      this.#statements.deleteQueueMessages.run(id);
      this.#statements.deleteQueueDeduplication.run(id);
      this.#statements.deleteQueue.run(id);
    });
  }

  sendMessages(queueId: number, messages: NewMessage[], nowMs: number): Promise<SentMessage[]> {
    return this.#database.write(() => {
      const fifo = messages.some((m) => m.deduplicationKey !== null);
      if (fifo) this.#statements.expireDeduplication.run(queueId, nowMs);
      return messages.map((message): SentMessage => {
        if (message.deduplicationKey !== null) {
          const duplicate = this.#statements.findDeduplication.get(queueId, message.deduplicationKey, nowMs);
          if (duplicate) {
            return { messageId: duplicate.message_id, sequenceNumber: sequenceNumberOf(duplicate.seq), duplicate: true };
          }
        }
        const info = this.#statements.insertMessage.run({
          queue_id: queueId,
          message_id: message.messageId,
          body: message.body,
          message_attributes: json(message.messageAttributes),
          system_attributes: json(message.systemAttributes),
          md5_of_body: message.md5OfBody,
          md5_of_message_attributes: message.md5OfMessageAttributes,
          md5_of_message_system_attributes: message.md5OfMessageSystemAttributes,
          sender_id: message.senderId,
          sent_at_ms: message.sentAtMs,
          visible_at_ms: message.visibleAtMs,
          expires_at_ms: message.expiresAtMs,
          group_id: message.groupId,
          deduplication_id: message.deduplicationId,
        });
        const seq = Number(info.lastInsertRowid);
        if (message.deduplicationKey !== null) {
          this.#statements.upsertDeduplication.run(
            queueId,
            message.deduplicationKey,
            message.messageId,
            seq,
            message.deduplicationExpiresAtMs,
          );
        }
        return {
          messageId: message.messageId,
          sequenceNumber: message.deduplicationKey === null ? null : sequenceNumberOf(seq),
          duplicate: false,
        };
      });
    });
  }

  receiveMessages(request: ReceiveRequest): Promise<ReceiveResult> {
    return this.#database.write(() => {
      const { queue, nowMs, maxMessages, redrive } = request;
      this.#statements.expireMessages.run(queue.id, nowMs);
      const received: StoredMessage[] = [];
      let movedToDeadLetterQueue = 0;
      for (;;) {
        const wanted = maxMessages - received.length;
        const candidates = queue.fifo
          ? groupedInOrder(this.#statements.visibleFifo.all({ queue_id: queue.id, now: nowMs, limit: FIFO_CANDIDATES })).slice(
              0,
              wanted,
            )
          : this.#statements.visibleStandard.all(queue.id, nowMs, wanted);
        let movedThisRound = 0;
        for (const row of candidates) {
          if (redrive && row.receive_count >= redrive.maxReceiveCount) {
            this.#statements.moveToDeadLetterQueue.run({
              seq: row.seq,
              dead_letter_queue_id: redrive.deadLetterQueueId,
              source_arn: redrive.sourceQueueArn,
              now: nowMs,
            });
            movedThisRound++;
            continue;
          }
          const receiptToken = request.newReceiptToken();
          const visibleAtMs = nowMs + request.visibilityTimeoutMs;
          this.#statements.markReceived.run({
            seq: row.seq,
            now: nowMs,
            visible_at_ms: visibleAtMs,
            receipt_token: receiptToken,
          });
          received.push(
            toMessage(
              {
                ...row,
                receive_count: row.receive_count + 1,
                first_received_at_ms: row.first_received_at_ms ?? nowMs,
                visible_at_ms: visibleAtMs,
                receipt_token: receiptToken,
              },
              queue.fifo,
            ),
          );
        }
        movedToDeadLetterQueue += movedThisRound;
        // Only a round that moved messages away can have left room for more candidates.
        if (movedThisRound === 0 || received.length >= maxMessages) break;
      }
      return { messages: received, movedToDeadLetterQueue };
    });
  }

  getMessageReceipt(queueId: number, seq: number): MessageReceipt | undefined {
    const row = this.#statements.receiptBySeq.get(seq, queueId);
    return row && { seq: row.seq, receiptToken: row.receipt_token, visibleAtMs: row.visible_at_ms };
  }

  deleteMessage(seq: number): Promise<void> {
    return this.#database.write(() => void this.#statements.deleteMessage.run(seq));
  }

  setMessageVisibility(seq: number, visibleAtMs: number): Promise<void> {
    return this.#database.write(() => void this.#statements.setVisibility.run(visibleAtMs, seq));
  }

  purgeQueue(queueId: number, nowMs: number): Promise<void> {
    return this.#database.write(() => {
      this.#forget(queueId);
      this.#statements.purge.run(queueId, nowMs);
      this.#statements.deleteQueueDeduplication.run(queueId);
      this.#statements.setPurged.run(nowMs, queueId);
    });
  }

  countMessages(queueId: number, nowMs: number): MessageCounts {
    const row = this.#statements.counts.get({ queue_id: queueId, now: nowMs });
    return { visible: row?.visible ?? 0, notVisible: row?.not_visible ?? 0, delayed: row?.delayed ?? 0 };
  }

  createMoveTask(task: MoveTaskRecord): Promise<void> {
    return this.#database.write(() => {
      this.#statements.insertMoveTask.run({
        task_id: task.taskId,
        source_arn: task.sourceArn,
        source_queue_id: task.sourceQueueId,
        destination_arn: task.destinationArn,
        max_per_second: task.maxNumberOfMessagesPerSecond,
        status: task.status,
        moved_count: task.movedCount,
        to_move_count: task.toMoveCount,
        started_at_ms: task.startedAtMs,
        failure_reason: task.failureReason,
      });
    });
  }

  updateMoveTask(
    taskId: string,
    change: Partial<Pick<MoveTaskRecord, 'status' | 'movedCount' | 'failureReason'>>,
  ): Promise<void> {
    return this.#database.write(() => {
      this.#statements.updateMoveTask.run({
        task_id: taskId,
        status: change.status ?? null,
        moved_count: change.movedCount ?? null,
        failure_reason: change.failureReason ?? null,
      });
    });
  }

  getMoveTask(taskId: string): MoveTaskRecord | undefined {
    const row = this.#statements.moveTaskById.get(taskId);
    return row && toMoveTask(row);
  }

  listMoveTasks(sourceArn: string): MoveTaskRecord[] {
    return this.#statements.moveTasksBySource.all(sourceArn).map(toMoveTask);
  }

  runningMoveTasks(): MoveTaskRecord[] {
    return this.#statements.runningMoveTasks.all().map(toMoveTask);
  }

  deadLetterSourcesOf(queueId: number, nowMs: number): Array<string | null> {
    return this.#statements.deadLetterSources.all(queueId, nowMs).map((row) => row.arn);
  }

  moveMessages(queueId: number, destination: MoveDestination, limit: number, nowMs: number): Promise<number> {
    return this.#database.write(() => {
      let moved = 0;
      for (const row of this.#statements.movable.all(queueId, nowMs, limit)) {
        const target =
          'queueId' in destination
            ? destination.queueId
            : row.dead_letter_source_arn === null
              ? undefined
              : destination.bySourceArn[row.dead_letter_source_arn];
        if (target === undefined) continue;
        this.#statements.moveMessage.run({ seq: row.seq, queue_id: target, now: nowMs });
        moved++;
      }
      return moved;
    });
  }

  nextVisibleAtMs(queueId: number, nowMs: number): number | undefined {
    return this.#statements.nextVisible.get(queueId, nowMs)?.at ?? undefined;
  }
}

/** FIFO receives return a group's messages together, groups in the order of their oldest message. */
function groupedInOrder(rows: MessageRow[]): MessageRow[] {
  const groups = new Map<string | null, MessageRow[]>();
  for (const row of rows) {
    const group = groups.get(row.group_id);
    if (group) group.push(row);
    else groups.set(row.group_id, [row]);
  }
  return [...groups.values()].flat();
}
