import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY_COMMITS } from './checkpoint-policy.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('WAL checkpointer', () => {
  it('checkpoints inline, as SQLite would, when its worker cannot run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-checkpointer-'));
    dirs.push(dir);
    const file = path.join(dir, 'test.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE blobs (b BLOB NOT NULL)');
    const lines: string[] = [];
    const checkpointer = new WalCheckpointer(
      file,
      () => db.pragma('wal_checkpoint(PASSIVE)'),
      (line) => lines.push(line),
      { driver: path.join(dir, 'no-such-driver.js') },
    );
    const insert = db.prepare('INSERT INTO blobs (b) VALUES (?)');
    const commitRound = () => {
      for (let i = 0; i < CHECKPOINT_EVERY_COMMITS; i++) {
        insert.run(Buffer.alloc(16 * 1024, i));
        checkpointer.committed();
      }
    };
    commitRound(); // asks the worker, which fails to load its driver
    const deadline = Date.now() + 10_000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(lines.join('\n')).toMatch(/run inline from now on/);

    const before = fs.statSync(file).size;
    commitRound(); // the next checkpoint runs on this connection
    expect(fs.statSync(file).size).toBeGreaterThan(before + CHECKPOINT_EVERY_COMMITS * 16 * 1024);
    checkpointer.close(); // returns at once: there is no worker to wait for
    db.close();
  });
});
