import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const group = { accountId: '000000000000', region: 'us-east-1', name: '/aws/lambda/f' };

describe('SQLite logs store', () => {
  it('appends to the same stream turn after turn, and to a new one after its group is deleted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-logs-store-'));
    dirs.push(dir);
    const store = new SqliteStore(dir);
    const messages = (groupId: number) => store.logs.queryLogEvents({ groupId, limit: 100 }).map((e) => e.message);

    await store.logs.appendLogEvents(group, 's1', [{ timestampMs: 1, message: 'START' }], 10);
    await store.logs.appendLogEvents(group, 's1', [{ timestampMs: 2, message: 'END' }], 11);
    const first = store.logs.getLogGroup(group)!;
    expect(messages(first.id)).toEqual(['START', 'END']);
    expect(store.logs.listLogStreams(first.id, '')).toHaveLength(1);

    await store.logs.deleteLogGroup(first.id);
    await store.logs.appendLogEvents(group, 's1', [{ timestampMs: 3, message: 'again' }], 12);
    const second = store.logs.getLogGroup(group)!;
    expect(messages(second.id)).toEqual(['again']);
    expect(store.logs.listLogStreams(second.id, '').map((s) => s.name)).toEqual(['s1']);
    store.close();
  });
});
