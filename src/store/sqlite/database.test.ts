import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from './database.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open(): SqliteDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-db-'));
  dirs.push(dir);
  const database = new SqliteDatabase(dir);
  database.db.exec('CREATE TABLE t (v INTEGER NOT NULL)');
  return database;
}

describe('group commit', () => {
  it('commits every write of one turn in one transaction and answers after it', async () => {
    const database = open();
    const insert = database.db.prepare('INSERT INTO t (v) VALUES (?)');
    const writes = [1, 2, 3].map((v) => database.write(() => insert.run(v).changes));
    expect(database.db.inTransaction).toBe(true);
    expect(await Promise.all(writes)).toEqual([1, 1, 1]);
    expect(database.db.inTransaction).toBe(false);
    expect(database.db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    database.close();
  });

  it('undoes only the write that failed', async () => {
    const database = open();
    const insert = database.db.prepare('INSERT INTO t (v) VALUES (?)');
    const good = database.write(() => insert.run(1));
    const bad = database.write(() => {
      insert.run(2);
      insert.run(null as unknown as number); // NOT NULL violation after a successful insert
    });
    await expect(bad).rejects.toThrow(/NOT NULL/);
    await good;
    expect(database.db.prepare('SELECT v FROM t').all()).toEqual([{ v: 1 }]);
    database.close();
  });

  it('applies migrations once and records the schema version', () => {
    const database = open();
    expect(database.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    expect(database.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const file = database.file;
    database.close();
    const reopened = new SqliteDatabase(path.dirname(file));
    expect(reopened.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 1 });
    reopened.close();
  });
  it('checkpoints on a worker thread, never in a commit of its own, and leaves no WAL behind on close', async () => {
    const database = open();
    expect(database.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    database.db.exec('CREATE TABLE blobs (b BLOB NOT NULL)');
    const insert = database.db.prepare('INSERT INTO blobs (b) VALUES (?)');
    const dbBytes = () => fs.statSync(database.file).size;
    const before = dbBytes();
    // 40 commits of 64 KiB: 2.5 MiB, below SQLite's own 1,000-page threshold, past ours in commits.
    for (let i = 0; i < 40; i++) await database.write(() => insert.run(Buffer.alloc(64 * 1024, i)));
    // Only a checkpoint writes pages into the database file itself; the worker's lands a moment later.
    const deadline = Date.now() + 10_000;
    while (dbBytes() < before + 2 * 1024 * 1024 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(dbBytes()).toBeGreaterThanOrEqual(before + 2 * 1024 * 1024);
    const file = database.file;
    database.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SqliteDatabase(path.dirname(file));
    expect(reopened.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 40 });
    reopened.close();
  });
});
