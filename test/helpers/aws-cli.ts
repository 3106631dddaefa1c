/**
 * Runs the real AWS CLIs against Onward: `aws` from pip (CLI v1, JSON protocol for SQS) and Debian's
 * `/usr/bin/aws` (CLI 2.9, Query protocol for SQS).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { TEST_REGION } from './onward.ts';

export type CliFlavour = 'pip' | 'debian';

export const DEBIAN_AWS = '/usr/bin/aws';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  json: any;
}

function cliCommand(flavour: CliFlavour): string {
  if (flavour === 'debian') {
    if (!fs.existsSync(DEBIAN_AWS)) {
      throw new Error(`${DEBIAN_AWS} (Debian's awscli package) is needed for the Query-protocol tests: apt-get install awscli`);
    }
    return DEBIAN_AWS;
  }
  return 'aws';
}

export function runAws(flavour: CliFlavour, endpoint: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_REGION: TEST_REGION,
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_MAX_ATTEMPTS: '1',
    };
    // Debian's CLI runs on Debian's python3 and its own libraries: keep pyenv's out of its path.
    if (flavour === 'debian') delete env.PYTHONPATH;
    const child = spawn(cliCommand(flavour), ['--endpoint-url', endpoint, '--output', 'json', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      let json: unknown;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ status: status ?? -1, stdout, stderr, json });
    });
  });
}
