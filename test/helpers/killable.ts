/**
 * Onward processes for crash tests: started as the CLI on a data directory, killed with SIGKILL,
 * restarted on the same directory; whatever a test leaves running or on disk is removed after it.
 */
import fs from 'node:fs';
import { afterEach } from 'vitest';
import { makeDataDir } from './onward.ts';
import { exited, spawnOnward, type OnwardProcess } from './process.ts';

export function killableOnwards() {
  const started: OnwardProcess[] = [];
  const dataDirs: string[] = [];

  afterEach(async () => {
    for (const onward of started.splice(0)) {
      if (onward.child.exitCode === null && onward.child.signalCode === null) {
        onward.child.kill('SIGKILL');
        await exited(onward.child);
      }
    }
    for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  return {
    /** A fresh data directory, removed after the test. */
    dataDir(): string {
      const dir = makeDataDir();
      dataDirs.push(dir);
      return dir;
    },
    /** `onward start` on `dataDir` with the manual clock. */
    async spawn(dataDir: string): Promise<OnwardProcess> {
      const onward = await spawnOnward(['--data-dir', dataDir, '--clock', 'manual']);
      started.push(onward);
      return onward;
    },
    async kill(onward: OnwardProcess): Promise<void> {
      onward.child.kill('SIGKILL');
      await exited(onward.child);
    },
    /**
     * `workers` loops call `send(key)` with keys `w<worker>-<i>` until at least `atLeast` were answered,
     * then `onward` is killed mid-load. Returns the keys that were acknowledged: `send` resolves true
     * when the answer acknowledged it; a call cut off by the kill rejects and is not counted.
     */
    async loadThenKill(
      onward: OnwardProcess,
      options: { workers: number; atLeast: number; send: (key: string) => Promise<boolean> },
    ): Promise<string[]> {
      const acknowledged: string[] = [];
      let killed = false;
      const worker = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const key = `w${w}-${i}`;
          try {
            if (await options.send(key)) acknowledged.push(key);
          } catch {
            return; // the process died before answering: never acknowledged
          }
        }
      };
      const workers = Array.from({ length: options.workers }, (_, w) => worker(w));
      while (acknowledged.length < options.atLeast) await new Promise((resolve) => setTimeout(resolve, 5));
      killed = true;
      await this.kill(onward);
      await Promise.all(workers);
      return acknowledged;
    },
  };
}
