/** Starts a real Onward server on a free port with its own data directory, for one test file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveOptions, type RawOptions } from '../../src/config/load.ts';
import { startOnward, type Onward } from '../../src/runtime.ts';

export interface TestOnward extends Onward {
  dataDir: string;
  /** Moves the manual clock forward and waits for everything that fell due. */
  advance(seconds: number): Promise<void>;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const TEST_REGION = 'us-east-1';
export const TEST_ACCOUNT = '000000000000';

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'onward-test-'));
}

export async function startTestOnward(raw: RawOptions = {}): Promise<TestOnward> {
  const dataDir = typeof raw.dataDir === 'string' ? raw.dataDir : makeDataDir();
  const lines: string[] = [];
  const onward = await startOnward(resolveOptions({ port: '0', clock: 'manual', ...raw, dataDir }), {
    log: (line) => lines.push(line),
  });
  return {
    ...onward,
    url: onward.url,
    dataDir,
    async advance(seconds: number) {
      const response = await fetch(`${onward.url}/_onward/clock/advance`, {
        method: 'POST',
        body: JSON.stringify({ seconds }),
      });
      if (!response.ok) throw new Error(`advance failed: ${response.status} ${await response.text()}`);
    },
    async stop() {
      await onward.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      const failures = lines.filter((l) => l.startsWith('Internal failure'));
      if (failures.length > 0) throw new Error(`Onward logged internal failures:\n${failures.join('\n')}`);
    },
  };
}
