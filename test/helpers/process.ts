/** Runs the built `onward` CLI as a separate OS process, as a user (or a crash) would. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../dist/onward.mjs');

export interface OnwardProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `onward start --port 0 ...` and resolves once it printed `Ready.`. */
export function spawnOnward(args: string[], env: NodeJS.ProcessEnv = {}): Promise<OnwardProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start', '--port', '0', ...args], { env: { ...process.env, ...env } });
    let output = '';
    const onData = (data: Buffer) => {
      output += data.toString();
      const url = /on (http:\/\/[^\s]+) /.exec(output)?.[1];
      if (url && output.includes('Ready.')) resolve({ child, url, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`onward exited with ${code} before Ready.:\n${output}`)));
  });
}

export interface OnwardUpProcess extends OnwardProcess {
  /** Base URL of the app's HTTP routes, when it has any. */
  httpUrl: string | undefined;
}

/**
 * Starts `onward up <dir> --port 0 --http-port 0 ...` (the app deployed, its files watched unless
 * `--no-watch` is among args) and resolves once it printed `Ready.`.
 */
export function spawnUp(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<OnwardUpProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'up', dir, '--port', '0', '--http-port', '0', ...args], {
      env: { ...process.env, ...env },
    });
    let output = '';
    let ready = false;
    const onData = (data: Buffer) => {
      output += data.toString();
      const url = /on (http:\/\/[^\s]+) /.exec(output)?.[1];
      if (!ready && url && /^Ready\./m.test(output)) {
        ready = true;
        const httpUrl = /HTTP routes on (http:\/\/\S+)/.exec(output)?.[1];
        resolve({ child, url, httpUrl, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`onward up exited with ${code} before Ready.:\n${output}`)));
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runOnward(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}
