import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../../clock/clock.ts';
import { SqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { internalRequest } from '../service.ts';
import { createSqsService } from './sqs-service.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A queue holding `count` messages, all received once (in flight), with their receipt handles. */
async function inFlightMessages(count: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-sqs-batches-'));
  const store = new SqliteStore(dataDir);
  const sqs = createSqsService(store.sqs, new RealClock());
  cleanups.push(() => {
    sqs.stop();
    store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const request = internalRequest('000000000000', 'us-east-1', 'req');
  const op = (name: string, input: Record<string, unknown>) =>
    Promise.resolve(sqs.operations[name]!(input, request)) as Promise<Record<string, unknown>>;
  const { QueueUrl } = await op('CreateQueue', { QueueName: 'batches' });
  await op('SendMessageBatch', {
    QueueUrl,
    Entries: Array.from({ length: count }, (_, i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })),
  });
  const { Messages } = (await op('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: count, VisibilityTimeout: 60 })) as {
    Messages: Array<{ ReceiptHandle: string }>;
  };
  const queue = store.sqs.getQueue({ accountId: '000000000000', region: 'us-east-1', name: 'batches' })!;
  const notVisible = () => store.sqs.countMessages(queue.id, Date.now()).notVisible;
  return { op, QueueUrl, handles: Messages.map((m) => m.ReceiptHandle), notVisible };
}

describe('SQS batch operations', () => {
  it('issues every entry of DeleteMessageBatch in the same turn, so the batch shares one commit', async () => {
    const { op, QueueUrl, handles, notVisible } = await inFlightMessages(9);
    expect(notVisible()).toBe(9);
    const entries = handles.map((ReceiptHandle, i) => ({ Id: `d${i}`, ReceiptHandle }));
    entries.splice(3, 0, { Id: 'bad', ReceiptHandle: 'not-a-handle' });
    const answer = op('DeleteMessageBatch', { QueueUrl, Entries: entries });
    // Before anything is awaited, all nine deletes are written (one after another, eight would remain).
    expect(notVisible()).toBe(0);
    const result = (await answer) as { Successful: Array<{ Id: string }>; Failed: Array<{ Id: string; Code: string }> };
    expect(result.Successful.map((s) => s.Id)).toEqual(handles.map((_, i) => `d${i}`));
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
  });

  it('issues every entry of ChangeMessageVisibilityBatch in the same turn, answering in entry order', async () => {
    const { op, QueueUrl, handles, notVisible } = await inFlightMessages(4);
    const answer = op('ChangeMessageVisibilityBatch', {
      QueueUrl,
      Entries: handles.map((ReceiptHandle, i) => ({ Id: `c${i}`, ReceiptHandle, VisibilityTimeout: 0 })),
    });
    expect(notVisible()).toBe(0);
    const result = (await answer) as { Successful: Array<{ Id: string }> };
    expect(result.Successful.map((s) => s.Id)).toEqual(['c0', 'c1', 'c2', 'c3']);
  });
});
