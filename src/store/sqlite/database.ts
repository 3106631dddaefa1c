/**
 * One better-sqlite3 connection with group commit: the first write of an event-loop turn opens a
 * transaction, every write of that turn joins it (each in its own savepoint, so one failed write undoes
 * only itself), and the commit runs once the turn's I/O callbacks are done. Callers are answered after
 * the commit, so nothing acknowledged is ever lost, at the cost of one fsync per turn instead of one
 * per request.
 *
 * In the default 'FULL' durability the fsync does not block the event loop: SQLite commits to the WAL
 * without syncing (synchronous=NORMAL, which a killed process already survives), then the WAL file is
 * fsynced on libuv's thread pool and the turn's callers are answered once that fsync, started after
 * their commit, is done. One fsync is in flight at a time; the turns that write meanwhile join one
 * transaction, committed when that fsync ends and synced by the next. Only answers to callers wait for
 * durability, never reads, so a reader on this connection may see a write its caller has not been
 * answered for yet, exactly as within one turn. Power loss can then only lose what nobody was told was
 * written, as with synchronous=FULL. Checkpoints run on a worker thread (wal-checkpointer.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../store.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

export interface SqliteDatabaseOptions {
  /** File name inside the data directory. @defaultValue onward.sqlite */
  fileName?: string;
  /**
   * FULL answers a write only once it is fsynced (survives power loss); NORMAL in WAL mode survives a
   * killed process but may lose the last commits on power loss: enough for data nobody was promised,
   * like function logs.
   */
  synchronous?: 'FULL' | 'NORMAL';
  migrations?: readonly Migration[];
  /** Where a failed background checkpoint is reported. @defaultValue standard error */
  log?: (line: string) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SqliteDatabase {
  readonly db: Database.Database;
  readonly file: string;
  #waiters: Waiter[] = [];
  #commitScheduled = false;
  /** FULL durability: the WAL's file descriptor, opened at the first commit. */
  #walFd: number | undefined;
  readonly #syncAfterCommit: boolean;
  #syncing = false;
  /** A commit waits for the running fsync to end (see #scheduleCommit). */
  #commitAfterSync = false;
  #closed = false;
  /** Committed, waiting for an fsync that starts after their commit. */
  #unsynced: Waiter[] = [];
  #rollbackListeners: Array<() => void> = [];
  readonly #savepoint: Database.Statement;
  readonly #release: Database.Statement;
  readonly #rollbackToSavepoint: Database.Statement;

  readonly #migrations: readonly Migration[];
  readonly #checkpointer: WalCheckpointer;

  constructor(dataDir: string, options: SqliteDatabaseOptions = {}) {
    this.#migrations = options.migrations ?? MIGRATIONS;
    this.#syncAfterCommit = (options.synchronous ?? 'FULL') === 'FULL';
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      this.file = path.resolve(dataDir, options.fileName ?? 'onward.sqlite');
      this.db = new Database(this.file);
      this.db.pragma('journal_mode = WAL');
      // FULL is NORMAL plus an fsync of the WAL off the event loop before answering (see above).
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      // Checkpoints run on a worker thread (wal-checkpointer.ts), never inside a COMMIT of this connection.
      this.db.pragma('wal_autocheckpoint = 0');
    } catch (error) {
      throw new StoreUnavailableError(`Cannot use data directory ${path.resolve(dataDir)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.#migrate();
    this.#checkpointer = new WalCheckpointer(
      this.file,
      () => this.db.pragma('wal_checkpoint(PASSIVE)'),
      options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    );
    this.#savepoint = this.db.prepare('SAVEPOINT onward_write');
    this.#release = this.db.prepare('RELEASE onward_write');
    this.#rollbackToSavepoint = this.db.prepare('ROLLBACK TO onward_write');
  }

  #migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (const migration of this.#migrations) {
      if (migration.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.pragma(`user_version = ${migration.version}`);
      })();
    }
  }

  /** Runs `work` inside the turn's transaction; resolves with its result once that transaction commits. */
  write<T>(work: () => T): Promise<T> {
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    this.#scheduleCommit();
    let result: T;
    // Prepared savepoint statements: better-sqlite3's db.transaction(fn)() costs ~6 µs more per call.
    this.#savepoint.run();
    try {
      result = work();
      this.#release.run();
    } catch (error) {
      this.#rollbackToSavepoint.run();
      this.#release.run();
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiters.push({ resolve: () => resolve(result), reject });
    });
  }

  /** Called when a turn's transaction could not commit: caches of what it wrote must go. */
  onRollback(listener: () => void): void {
    this.#rollbackListeners.push(listener);
  }

  /** Resolves when every write made so far is committed (and, in FULL durability, on disk). */
  durable(): Promise<void> {
    if (!this.db.inTransaction && !this.#syncing && this.#unsynced.length === 0) return Promise.resolve();
    if (!this.db.inTransaction) {
      // Committed but not yet fsynced: wait for an fsync that starts from here.
      return new Promise((resolve, reject) => {
        this.#unsynced.push({ resolve, reject });
        this.#sync();
      });
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  #scheduleCommit(): void {
    if (this.#commitScheduled) return;
    this.#commitScheduled = true;
    setImmediate(() => {
      // While an fsync runs, the turns after it keep adding to one transaction, committed as that fsync
      // ends: their callers would wait for it anyway, and one commit writes each changed page once.
      if (this.#syncing) this.#commitAfterSync = true;
      else this.commit();
    });
  }

  commit(): void {
    this.#commitScheduled = false;
    this.#commitAfterSync = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    if (!this.db.inTransaction) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // The failed COMMIT may already have rolled back.
      }
      for (const listener of this.#rollbackListeners) listener();
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    this.#checkpointer.committed();
    if (!this.#syncAfterCommit) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    this.#unsynced.push(...waiters);
    this.#sync();
  }

  /** Starts an fsync of the WAL for every commit made so far, unless one is running (it starts another after). */
  #sync(): void {
    if (this.#syncing || this.#unsynced.length === 0) return;
    const waiters = this.#unsynced;
    this.#unsynced = [];
    this.#syncing = true;
    let fd: number;
    try {
      fd = this.#walFd ??= fs.openSync(`${this.file}-wal`, 'r');
    } catch (error) {
      this.#syncing = false;
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    fs.fsync(fd, (error) => {
      this.#syncing = false;
      if (this.#closed) {
        fs.closeSync(fd);
        return;
      }
      for (const waiter of waiters) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      if (this.#commitAfterSync) this.commit();
      this.#sync();
    });
  }

  close(): void {
    this.commit();
    // The worker's connection goes first: the last one to close checkpoints the WAL and removes it.
    this.#checkpointer.close();
    this.#closed = true;
    if (this.#walFd !== undefined) {
      // Whatever is committed reaches the disk before the connection goes (closing checkpoints the WAL).
      fs.fsyncSync(this.#walFd);
      // An fsync still running on the thread pool uses the descriptor: its callback closes it.
      if (!this.#syncing) fs.closeSync(this.#walFd);
      this.#walFd = undefined;
    }
    const waiters = this.#unsynced;
    this.#unsynced = [];
    for (const waiter of waiters) waiter.resolve();
    this.db.close();
  }
}
