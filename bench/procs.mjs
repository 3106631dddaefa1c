// Child processes, ports and temp dirs of the benchmark. Everything started here
// is remembered so that `cleanup()` can stop it by PID and delete it, even when
// a measurement throws halfway.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const live = new Set();
const tempDirs = new Set();

/** A port that was free a moment ago (the OS picks it; we release it at once). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Spawn a tracked child; keeps a short tail of its output for error messages. */
function spawnTracked(command, args) {
  return track(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** `child_process.fork` of a Node script with an IPC channel, tracked like a spawned child. */
export function forkTracked(script, { args = [], env = process.env } = {}) {
  return track(fork(script, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
}

function track(child) {
  child.tail = '';
  // Always drain both pipes: a chatty child (moto logs every request) would
  // otherwise block once the pipe buffer is full.
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => (child.tail = (child.tail + text).slice(-2000)));
  }
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('error', () => {}); // reported through `exited`/the ready wait instead
  live.add(child);
  child.exited.then(() => live.delete(child));
  return child;
}

/**
 * Start a server whose stdout says `Ready.` once it listens; resolves with the
 * child and the milliseconds from just before spawn() until that line arrived.
 */
export function startPrinting(command, args, timeoutMs = 20_000) {
  const started = performance.now();
  const child = spawnTracked(command, args);
  return new Promise((resolve, reject) => {
    let seen = '';
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop(child).finally(() => reject(new Error(`${command} ${args.join(' ')}: ${why}\n${child.tail}`)));
    };
    const timer = setTimeout(() => fail(`no "Ready." within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.exited.then(({ code, signal }) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout.on('data', function onData(text) {
      seen += text;
      if (!seen.includes('Ready.')) return;
      const readyMs = performance.now() - started;
      settled = true;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ child, readyMs });
    });
  });
}

/** Start a server that prints nothing useful; ready once it answers any HTTP request. */
export async function startPolling(command, args, url, timeoutMs = 30_000) {
  const started = performance.now();
  const child = spawnTracked(command, args);
  let spawnError;
  child.once('error', (error) => (spawnError = error));
  while (performance.now() - started < timeoutMs) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await stop(child);
      throw new Error(`${command} did not start: ${spawnError?.message ?? 'exited'}\n${child.tail}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return { child, readyMs: performance.now() - started };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop(child);
  throw new Error(`${command} did not answer ${url} within ${timeoutMs} ms\n${child.tail}`);
}

/** SIGTERM by PID, SIGKILL if it is still there after a grace period. */
export async function stop(child) {
  if (!live.has(child) || child.pid === undefined) return;
  const killed = (signal) => {
    try {
      process.kill(child.pid, signal);
    } catch {
      // already gone
    }
  };
  killed('SIGTERM');
  const timeout = new Promise((r) => setTimeout(r, 3000, 'timeout'));
  if ((await Promise.race([child.exited, timeout])) === 'timeout') {
    killed('SIGKILL');
    await child.exited;
  }
}

/**
 * PIDs of the direct children of `pid` (Linux /proc), e.g. the function
 * processes Onward runs; undefined where /proc cannot tell.
 */
export function childPids(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return undefined;
  }
}

/** Of `pids` (processes a child of ours started), SIGKILL those still alive; returns them. */
export function killSurvivors(pids) {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 'SIGKILL');
      return true;
    } catch {
      return false; // gone, as it should be
    }
  });
}

/** Stop every child we started and delete every temp dir we made. */
export async function cleanup() {
  await Promise.all([...live].map(stop));
  for (const dir of tempDirs) removeDir(dir);
}
