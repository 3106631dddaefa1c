/**
 * Runs one example app as its README says, with `onward up`, for one test file: a fresh data dir, the
 * manual clock, and the output read the way a user reads the terminal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exited, spawnUp, type OnwardUpProcess } from '../helpers/process.ts';

export const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
export const CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};

export interface RunningExample extends OnwardUpProcess {
  dataDir: string;
  /** POST /_onward/clock/advance: runs everything that fell due, then answers. */
  advance(seconds: number): Promise<void>;
  /** Waits (bounded) until the output holds a match of `pattern` past `from` (a length of output()). */
  waitForOutput(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<RegExpExecArray>;
  /** Function log lines (`<function> | <line>`) of one function. */
  linesOf(functionName: string): string[];
  stop(): Promise<void>;
}

/** A copy of an example in a temporary folder, for tests that edit its files. */
export function copyExample(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `onward-example-${name}-`));
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

export async function runExample(dir: string, args: string[] = []): Promise<RunningExample> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-example-data-'));
  const up = await spawnUp(dir, ['--clock', 'manual', '--data-dir', dataDir, ...args]);
  return {
    ...up,
    dataDir,
    async advance(seconds) {
      const response = await fetch(`${up.url}/_onward/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds }) });
      if (!response.ok) throw new Error(`advance failed: ${response.status} ${await response.text()}`);
    },
    async waitForOutput(pattern, { from = 0, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(up.output().slice(from));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${pattern} in onward up's output within ${timeoutMs} ms:\n${up.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    linesOf(functionName) {
      const prefix = `${functionName} | `;
      return up
        .output()
        .split('\n')
        .filter((line) => line.startsWith(prefix))
        .map((line) => line.slice(prefix.length));
    },
    async stop() {
      if (up.child.exitCode === null && up.child.signalCode === null) {
        up.child.kill('SIGTERM');
        await exited(up.child);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
