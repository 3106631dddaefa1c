/**
 * Checkpoints a WAL database from a worker thread. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses its threshold: it copies the WAL back into the database file and fsyncs both on the
 * event loop (measured: 2 to 28 ms, once every ~50 commits under async load, the worst latencies of
 * the run). Here a second connection, on its own thread, runs PASSIVE checkpoints, which never block
 * the writer; the writer restarts the WAL at its next transaction once a checkpoint has caught up.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { checkpointDue, type CheckpointProgress } from './checkpoint-policy.ts';

// CommonJS, evaluated in the worker: one connection, one PASSIVE checkpoint per request.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const closed = new Int32Array(workerData.closed);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    let error;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (e) {
      error = e && e.message ? e.message : String(e);
    }
    parentPort.postMessage({ done: true, error });
    return;
  }
  if (message === 'close') {
    db.close();
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
  }
});
`;

/** How long close() waits for a checkpoint in progress to end. */
const CLOSE_WAIT_MS = 10_000;

export interface WalCheckpointerOptions {
  /** The SQLite driver module the worker loads. @defaultValue better-sqlite3, as Onward resolves it */
  driver?: string;
}

export class WalCheckpointer {
  readonly #file: string;
  readonly #checkpointInline: () => void;
  readonly #log: (line: string) => void;
  readonly #driver: string;
  /** Started at the first checkpoint, so a short-lived Onward (a CLI command, a test) never pays for it. */
  #worker: { thread: Worker; closed: Int32Array } | undefined;
  /** The worker could not start or died: checkpoints run inline, as SQLite's own would. */
  #workerFailed = false;
  // Real time, not the clock: this paces disk work, and a manual clock must not stop it.
  #progress: CheckpointProgress = { commitsSince: 0, lastAtMs: Date.now(), running: false };

  /**
   * `checkpointInline` runs a checkpoint on the writer's own connection, between two transactions: the
   * fallback when the worker cannot catch up with a writer that never pauses (the WAL would grow), or
   * cannot run at all.
   */
  constructor(file: string, checkpointInline: () => void, log: (line: string) => void, options: WalCheckpointerOptions = {}) {
    this.#file = file;
    this.#checkpointInline = checkpointInline;
    this.#log = log;
    this.#driver = options.driver ?? createRequire(import.meta.url).resolve('better-sqlite3');
  }

  #thread(): Worker | undefined {
    if (this.#worker || this.#workerFailed) return this.#worker?.thread;
    const closed = new Int32Array(new SharedArrayBuffer(4));
    const file = this.#file;
    let thread: Worker;
    try {
      thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: this.#driver, closed: closed.buffer } });
    } catch (error) {
      this.#failed(error as Error);
      return undefined;
    }
    // The thread must not keep Onward running; close() ends it.
    thread.unref();
    thread.on('message', (message: { done?: boolean; error?: string }) => {
      this.#progress = { ...this.#progress, running: false };
      if (message.error) this.#log(`WAL checkpoint of ${file} failed: ${message.error}`);
    });
    thread.on('error', (error) => this.#failed(error));
    this.#worker = { thread, closed };
    return thread;
  }

  #failed(error: Error): void {
    this.#log(`WAL checkpoints of ${this.#file} run inline from now on: the worker stopped (${error.message})`);
    this.#workerFailed = true;
    this.#worker = undefined;
    this.#progress = { ...this.#progress, running: false };
  }

  /** Called after every commit, outside any transaction. */
  committed(): void {
    const nowMs = Date.now();
    const progress = { ...this.#progress, commitsSince: this.#progress.commitsSince + 1 };
    const due = checkpointDue(progress, nowMs, () => this.#walBytes());
    const thread = due === 'worker' ? this.#thread() : undefined;
    if (thread) {
      thread.postMessage('checkpoint');
      this.#progress = { commitsSince: 0, lastAtMs: nowMs, running: true };
      return;
    }
    if (due !== undefined) {
      this.#checkpointInline();
      this.#progress = { commitsSince: 0, lastAtMs: nowMs, running: progress.running };
      return;
    }
    this.#progress = progress;
  }

  #walBytes(): number {
    try {
      return fs.statSync(`${this.#file}-wal`).size;
    } catch {
      return 0;
    }
  }

  /** Waits for a checkpoint in progress, then closes the worker's connection (synchronously). */
  close(): void {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    worker.thread.postMessage('close');
    Atomics.wait(worker.closed, 0, 0, CLOSE_WAIT_MS);
    void worker.thread.terminate();
  }
}
