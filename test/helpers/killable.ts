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
  };
}
