/**
 * Which runtime ids Onward runs and how each is launched without Docker: Node.js runtimes by the local
 * `node` with Onward's bootstrap, Python runtimes by the local `python3` with Onward's bootstrap, OS-only
 * runtimes by the function's own `bootstrap` executable.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { hostEnvironment, type HostEnvironment } from './host-environment.ts';
import { NODE_BOOTSTRAP, PYTHON_BOOTSTRAP, RUNTIMES_DIR } from './package-paths.ts';

export const NODE_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const;
export const PYTHON_RUNTIMES = ['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13'] as const;
export const PROVIDED_RUNTIMES = ['provided', 'provided.al2', 'provided.al2023'] as const;

export const SUPPORTED_RUNTIMES: readonly string[] = Object.freeze([...NODE_RUNTIMES, ...PYTHON_RUNTIMES, ...PROVIDED_RUNTIMES]);

export type RuntimeFamily = 'node' | 'python' | 'provided';

export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  if ((NODE_RUNTIMES as readonly string[]).includes(runtime)) return 'node';
  if ((PYTHON_RUNTIMES as readonly string[]).includes(runtime)) return 'python';
  if ((PROVIDED_RUNTIMES as readonly string[]).includes(runtime)) return 'provided';
  return undefined;
}

export interface LaunchPlan {
  family: RuntimeFamily;
  command: string;
  args: string[];
  /** LAMBDA_RUNTIME_DIR: where the runtime's own files are (/var/runtime on AWS). */
  runtimeDir: string;
}

export interface LaunchInput {
  family: RuntimeFamily;
  /** The interpreter for node and python runtimes (absolute path). */
  interpreter: string;
  codeDir: string;
  memorySizeMb: number;
  /** The function's NODE_OPTIONS, if it sets one. */
  nodeOptions?: string;
}

export function launchPlan(input: LaunchInput): LaunchPlan {
  switch (input.family) {
    case 'node':
      return {
        family: 'node',
        command: input.interpreter,
        // The flags of AWS's /var/runtime/bootstrap for the Node.js runtimes.
        args: [
          '--expose-gc',
          '--max-http-header-size',
          '81920',
          ...nodeMemoryArgs(input.memorySizeMb, input.nodeOptions),
          NODE_BOOTSTRAP,
        ],
        runtimeDir: path.dirname(NODE_BOOTSTRAP),
      };
    case 'python':
      return {
        family: 'python',
        command: input.interpreter,
        args: [PYTHON_BOOTSTRAP],
        runtimeDir: path.dirname(PYTHON_BOOTSTRAP),
      };
    case 'provided':
      return { family: 'provided', command: path.join(input.codeDir, 'bootstrap'), args: [], runtimeDir: RUNTIMES_DIR };
  }
}

/**
 * V8 heap limits derived from the memory size as AWS's Node bootstrap does (new space a tenth of the
 * memory, semi-space half of that, old space the rest), unless the function's NODE_OPTIONS sets them.
 */
export function nodeMemoryArgs(memorySizeMb: number, nodeOptions = ''): string[] {
  if (nodeOptions.includes('--max-old-space-size') || nodeOptions.includes('--max-semi-space-size')) return [];
  const newSpaceMb = Math.floor(memorySizeMb / 10);
  const semiSpaceMb = Math.floor(newSpaceMb / 2);
  return [`--max-semi-space-size=${semiSpaceMb}`, `--max-old-space-size=${memorySizeMb - newSpaceMb}`];
}

export type InterpreterResolution = { interpreter: string; problem?: undefined } | { interpreter?: undefined; problem: string };

const resolutions = new Map<string, Promise<InterpreterResolution>>();

/**
 * The interpreter a runtime runs with, or why it cannot run here. Python is looked up once per runtime
 * (`python3.12`, then `python3`) and pinned to its real executable (sys.executable), so version-manager
 * shims stay out of the process tree and the instance's PID is the interpreter's.
 */
export function resolveInterpreter(runtime: string, host: HostEnvironment = hostEnvironment()): Promise<InterpreterResolution> {
  const family = runtimeFamily(runtime);
  if (family === undefined) {
    return Promise.resolve({
      problem: `The runtime ${runtime} is not supported by Onward. Supported runtimes: ${SUPPORTED_RUNTIMES.join(', ')}.`,
    });
  }
  if (family === 'node') return Promise.resolve({ interpreter: process.execPath });
  if (family === 'provided') return Promise.resolve({ interpreter: '' });
  const key = `${runtime}\0${host.PATH ?? ''}`;
  let resolution = resolutions.get(key);
  if (!resolution) {
    resolution = resolvePython(runtime, host);
    resolutions.set(key, resolution);
    // Only a found interpreter is remembered: one installed later is picked up without a restart.
    void resolution.then((found) => found.problem !== undefined && resolutions.delete(key));
  }
  return resolution;
}

/** A clear problem text when `runtime` cannot run on this machine (unknown id, no python3 on PATH); undefined when it can. */
export async function checkRuntimeAvailable(runtime: string, host?: HostEnvironment): Promise<string | undefined> {
  return (await resolveInterpreter(runtime, host)).problem;
}

/** The oldest Python the bootstrap is written for. */
const MIN_PYTHON: readonly [number, number] = [3, 8];

async function resolvePython(runtime: string, host: HostEnvironment): Promise<InterpreterResolution> {
  const exact = runtime; // `python3.12` is also the name of that interpreter's command
  for (const command of [exact, 'python3']) {
    const probe = await probePython(command, host);
    if (!probe) continue;
    if (probe.major < MIN_PYTHON[0] || (probe.major === MIN_PYTHON[0] && probe.minor < MIN_PYTHON[1])) {
      return {
        problem: `The ${runtime} runtime runs with the local ${command}, which is Python ${probe.major}.${probe.minor}; Onward's Python bootstrap needs Python ${MIN_PYTHON.join('.')} or later.`,
      };
    }
    return { interpreter: probe.executable };
  }
  return {
    problem: `The ${runtime} runtime needs a local Python 3 interpreter, but neither ${exact} nor python3 runs from PATH (${host.PATH ?? 'PATH is not set'}). Install Python 3 or put it on PATH.`,
  };
}

interface PythonProbe {
  executable: string;
  major: number;
  minor: number;
}

function probePython(command: string, host: HostEnvironment): Promise<PythonProbe | undefined> {
  const script = 'import sys; print(sys.executable); print("%d %d" % sys.version_info[:2])';
  const env = Object.fromEntries(Object.entries(host).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return new Promise((resolve) => {
    execFile(command, ['-c', script], { env, timeout: 15_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const [executable, version] = stdout.trim().split('\n');
      const [major, minor] = (version ?? '').split(' ').map(Number);
      if (!executable || !Number.isInteger(major) || !Number.isInteger(minor)) return resolve(undefined);
      resolve({ executable, major: major!, minor: minor! });
    });
  });
}
