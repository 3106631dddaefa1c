/**
 * One warm instance of a function version: an OS process speaking the Runtime API to a server of its
 * own (Onward's Node bootstrap over its IPC channel, any other runtime over HTTP), running one
 * invocation at a time (classic Lambda). It owns the process (started by its first
 * invocation, killed by PID together with its process group), the process's output (every line to the
 * LogSink, this invocation's lines into its log) and the invocation's timers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { FunctionInstanceSpec, InvokeRequest, InvokeResult, LogSink } from './function-runner.ts';
import type { HostEnvironment } from './host-environment.ts';
import { instanceEnvironment } from './instance-environment.ts';
import { InvocationLog } from './invocation-log.ts';
import {
  invalidEntrypointError,
  missingBootstrapError,
  missingCodeDirError,
  type LambdaErrorDocument,
  type ProcessExit,
} from './invoke-errors.ts';
import { describeOutcome, type InvocationOutcome } from './invoke-outcome.ts';
import { LineSplitter } from './line-splitter.ts';
import { billedDurationMs, endLine, logGroupName, logStreamName, memoryUsedMb, reportLine, startLine } from './log-lines.ts';
import { onwardNodeModulesDirs } from './package-paths.ts';
import { PeakResidentReader } from './process-memory.ts';
import { randomHex } from './random-hex.ts';
import { traceHeader } from './runtime-api-protocol.ts';
import { RUNTIME_IPC_ENV, serveRuntimeApiOverIpc } from './runtime-api-ipc.ts';
import { RuntimeApiServer, type RuntimeApiListener } from './runtime-api-server.ts';
import { launchPlan, runtimeFamily } from './runtimes.ts';

/** An invocation that could not finish because the runner (or its instance) was shut down; not a function error. */
export class RunnerClosedError extends Error {
  override name = 'RunnerClosedError';
}

/**
 * A warm instance's process ended while an event was waiting for its next /next (a runtime that exits
 * after posting an uncaught exception): the function never saw the event, so it can run elsewhere.
 */
export class InstanceLostError extends Error {
  override name = 'InstanceLostError';
}

export interface InstanceOptions {
  spec: FunctionInstanceSpec;
  /** The node or python executable (unused for `provided`). */
  interpreter: string;
  logSink: LogSink;
  host: HostEnvironment;
  /** How long a runtime may take from start to its first /next (AWS: 10 s). */
  initTimeoutMs: number;
  maxLogCharsPerInvocation: number;
  maxLineChars: number;
  /** Epoch ms for log event timestamps and stream names. */
  nowMs: () => number;
  /** Called once the instance is gone: its process ended (or never started) and its Runtime API is closed. */
  onGone: (instance: Instance) => void;
}

type InstanceState = 'new' | 'busy' | 'idle' | 'stopping' | 'dead';

interface Invocation {
  request: InvokeRequest;
  acceptedAtMs: number;
  deliveredAtMs?: number;
  /** START was written: the runtime has the event. */
  started: boolean;
  log: InvocationLog;
  /** Output of a cold start before START, shown in the log only if the start fails. */
  initOutput: string[];
  timer?: NodeJS.Timeout;
  resolve(result: InvokeResult): void;
  reject(error: Error): void;
}

const MAX_INIT_OUTPUT_LINES = 200;
/** After an exit, how long the pipes get to deliver what the process wrote before it died. */
const STDIO_DRAIN_MS = 200;
/** How long stop() waits for a killed process to be reaped. */
const EXIT_WAIT_MS = 5_000;

export class Instance {
  readonly spec: FunctionInstanceSpec;
  readonly logStreamName: string;
  /** Set by the pool: this instance serves no further invocation. */
  retired = false;
  readonly #options: InstanceOptions;
  readonly #logGroupName: string;
  #state: InstanceState = 'new';
  #server: RuntimeApiServer | undefined;
  #child: ChildProcess | undefined;
  #current: Invocation | undefined;
  #spawnedAtMs: number | undefined;
  #initDurationMs: number | undefined;
  #initReported = false;
  #initTimer: NodeJS.Timeout | undefined;
  #peakKb = 0;
  #peakReader: PeakResidentReader | undefined;
  /** The peak the runtime reported with this invocation's answer (Onward's Node bootstrap does). */
  #runtimePeakKb: number | undefined;
  readonly #stdout: LineSplitter;
  readonly #stderr: LineSplitter;
  readonly #gone: Promise<void>;
  #markGone: () => void = () => {};

  constructor(options: InstanceOptions) {
    this.#options = options;
    this.spec = options.spec;
    this.#logGroupName = logGroupName(options.spec.functionName);
    this.logStreamName = logStreamName(options.spec.functionVersion, options.nowMs(), randomBytes(16).toString('hex'));
    this.#stdout = new LineSplitter(options.maxLineChars);
    this.#stderr = new LineSplitter(options.maxLineChars);
    this.#gone = new Promise((resolve) => (this.#markGone = resolve));
  }

  /** Ready to take an invocation (never started, or warm and waiting). */
  get available(): boolean {
    return this.#state === 'new' || this.#state === 'idle';
  }

  get idle(): boolean {
    return this.#state === 'idle';
  }

  invoke(request: InvokeRequest): Promise<InvokeResult> {
    if (!this.available) return Promise.reject(new Error(`The instance is ${this.#state}.`));
    const cold = this.#state === 'new';
    this.#state = 'busy';
    return new Promise<InvokeResult>((resolve, reject) => {
      this.#current = {
        request,
        acceptedAtMs: performance.now(),
        started: false,
        log: new InvocationLog(this.#options.maxLogCharsPerInvocation),
        initOutput: [],
        resolve,
        reject,
      };
      if (cold) {
        this.#start().catch((error: unknown) => this.#abandon(error instanceof Error ? error : new Error(String(error))));
      } else {
        // A warm runtime is normally back on /next already; if it is not (still busy after its last answer),
        // the wait counts against the function's timeout, so an instance that never asks again cannot hang it.
        this.#current.timer = setTimeout(() => this.#timedOut(), this.spec.timeoutSeconds * 1000);
        this.#deliver();
      }
    });
  }

  /**
   * Kills the process by PID (with its process group) and closes the Runtime API. An invocation still
   * running is rejected with `reason`.
   */
  async stop(reason: Error = new RunnerClosedError('The function instance was stopped.')): Promise<void> {
    if (this.#state !== 'dead') {
      this.#state = 'stopping';
      clearTimeout(this.#initTimer);
      const invocation = this.#current;
      if (invocation) {
        this.#current = undefined;
        clearTimeout(invocation.timer);
        invocation.reject(reason);
      }
      if (this.#child) this.#kill();
      else this.#becomeDead();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#gone, new Promise<void>((resolve) => (timer = setTimeout(resolve, EXIT_WAIT_MS)))]);
    clearTimeout(timer);
  }

  async #start(): Promise<void> {
    const { spec } = this;
    const family = runtimeFamily(spec.runtime);
    if (family === undefined) throw new Error(`Unsupported runtime ${spec.runtime}.`);
    const plan = launchPlan({
      family,
      interpreter: this.#options.interpreter,
      codeDir: spec.codeDir,
      memorySizeMb: spec.memorySizeMb,
      nodeOptions: spec.environment.NODE_OPTIONS,
    });
    const requestId = this.#current!.request.requestId;
    const problem = await entrypointProblem(spec.codeDir, family === 'provided' ? plan.command : undefined, requestId);
    if (problem) return this.#finish({ kind: 'entrypoint', document: problem });
    const server = await RuntimeApiServer.start(this.#listener());
    if (this.#state !== 'busy') {
      await server.close();
      return;
    }
    this.#server = server;
    const env = instanceEnvironment({
      spec,
      family,
      runtimeApi: server.address,
      logStreamName: this.logStreamName,
      runtimeDir: plan.runtimeDir,
      nodeModulesDirs: onwardNodeModulesDirs(),
      host: this.#options.host,
    });
    // Onward's own Node bootstrap speaks the Runtime API over an IPC channel (AWS_LAMBDA_RUNTIME_API
    // still answers); other runtimes over HTTP.
    const ipc = family === 'node';
    if (ipc) env[RUNTIME_IPC_ENV] = '1';
    this.#spawnedAtMs = performance.now();
    // detached: the process leads its own process group, so a kill reaches whatever it started too.
    const child = spawn(plan.command, plan.args, {
      cwd: spec.codeDir,
      env,
      // JSON serialisation: cheaper than 'advanced' for the small messages of most invocations (measured).
      stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.#child = child;
    if (ipc) serveRuntimeApiOverIpc(server.core, child, (kb) => (this.#runtimePeakKb = kb));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // errors of a running process (a failed kill) change nothing
      this.#finish({ kind: 'entrypoint', document: invalidEntrypointError(requestId, plan.command, errnoText(error)) });
      this.#becomeDead();
    });
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => this.#output(this.#stdout, chunk));
    child.stderr!.on('data', (chunk: string) => this.#output(this.#stderr, chunk));
    child.once('exit', (code, signal) => this.#exited({ code, signal }));
    this.#initTimer = setTimeout(() => this.#initTimedOut(), this.#options.initTimeoutMs);
    this.#deliver();
  }

  #listener(): RuntimeApiListener {
    return {
      initialized: () => {
        clearTimeout(this.#initTimer);
        if (this.#spawnedAtMs !== undefined) this.#initDurationMs = performance.now() - this.#spawnedAtMs;
      },
      delivered: (requestId) => this.#delivered(requestId),
      // A turn later: output written just before the answer is read from the pipes first.
      completed: (requestId, completion) => setImmediate(() => this.#finish(completion, requestId)),
      initFailed: (body, errorType) => setImmediate(() => this.#finish({ kind: 'initError', body, errorType })),
    };
  }

  #deliver(): void {
    const { request } = this.#current!;
    this.#server!.deliver({
      requestId: request.requestId,
      payload: request.payload,
      invokedFunctionArn: request.invokedFunctionArn,
      traceId: request.traceId ?? traceHeader(Date.now(), randomHex(20)),
      clientContext: request.clientContext,
      timeoutMs: this.spec.timeoutSeconds * 1000,
    });
  }

  #delivered(requestId: string): void {
    const invocation = this.#current;
    if (!invocation || invocation.request.requestId !== requestId) return;
    invocation.deliveredAtMs = performance.now();
    invocation.started = true;
    this.#runtimePeakKb = undefined;
    this.#write(startLine(requestId, this.spec.functionVersion), invocation);
    // Real time: the function's run is real execution, whatever Onward's clock does.
    invocation.timer ??= setTimeout(() => this.#timedOut(), this.spec.timeoutSeconds * 1000);
  }

  #timedOut(): void {
    this.#samplePeak(); // before the kill
    this.#finish({ kind: 'timeout', timeoutSeconds: this.spec.timeoutSeconds, atMs: this.#options.nowMs() });
  }

  #initTimedOut(): void {
    if (!this.#current || this.#current.started) return;
    this.#timedOut();
  }

  #exited(exit: ProcessExit): void {
    if (this.#state !== 'dead') this.#state = 'stopping';
    clearTimeout(this.#initTimer);
    const waiting = this.#current;
    if (waiting && !waiting.started && this.#initReported) {
      this.#current = undefined;
      waiting.reject(new InstanceLostError('The warm instance exited before it took the event.'));
    }
    // Whatever the function started dies with it, as the sandbox does on AWS.
    killGroup(this.#child?.pid);
    void stdioClosed(this.#child!, STDIO_DRAIN_MS).then(() => {
      this.#finish({ kind: 'exit', exit });
      this.#becomeDead();
    });
  }

  #finish(outcome: InvocationOutcome, requestId?: string): void {
    const invocation = this.#current;
    if (!invocation || (requestId !== undefined && invocation.request.requestId !== requestId)) return;
    // An unfinished last line was written before the answer: it belongs to this invocation.
    for (const splitter of [this.#stdout, this.#stderr]) for (const line of splitter.flush()) this.#outputLine(line);
    this.#current = undefined;
    clearTimeout(invocation.timer);
    clearTimeout(this.#initTimer);
    const id = invocation.request.requestId;
    const verdict = describeOutcome(outcome, id);
    const nowMs = performance.now();
    const reported = this.#runtimePeakKb;
    this.#runtimePeakKb = undefined;
    const answered = outcome.kind === 'response' || outcome.kind === 'error' || outcome.kind === 'tooLarge';
    if (answered && reported !== undefined) this.#peakKb = Math.max(this.#peakKb, reported);
    else if (outcome.kind !== 'exit') this.#samplePeak();

    if (!invocation.started) {
      this.#write(startLine(id, this.spec.functionVersion), invocation);
      for (const line of invocation.initOutput) invocation.log.add(line);
    }
    for (const line of verdict.lines) this.#write(line, invocation);
    this.#write(endLine(id), invocation);
    const durationMs = round2(nowMs - (invocation.deliveredAtMs ?? invocation.acceptedAtMs));
    let initDurationMs: number | undefined;
    if (!this.#initReported && this.#spawnedAtMs !== undefined) {
      initDurationMs = round2(this.#initDurationMs ?? nowMs - this.#spawnedAtMs);
    }
    this.#initReported = true;
    const result: InvokeResult = {
      payload: verdict.payload,
      log: '',
      durationMs,
      billedDurationMs: billedDurationMs(durationMs),
      maxMemoryUsedMb: memoryUsedMb(this.#peakKb),
    };
    if (verdict.functionError) result.functionError = verdict.functionError;
    if (initDurationMs !== undefined) result.initDurationMs = initDurationMs;
    this.#write(
      reportLine({
        requestId: id,
        durationMs,
        billedDurationMs: result.billedDurationMs,
        memorySizeMb: this.spec.memorySizeMb,
        maxMemoryUsedMb: result.maxMemoryUsedMb,
        initDurationMs,
        status: verdict.status,
        errorType: verdict.errorType,
      }),
      invocation,
    );
    result.log = invocation.log.text();

    if (verdict.keepInstance && this.#state === 'busy') this.#state = 'idle';
    else if (this.#state !== 'dead') void this.stop();
    invocation.resolve(result);
  }

  /** The invocation cannot run because starting failed in Onward itself (no port...): not a function error. */
  #abandon(error: Error): void {
    const invocation = this.#current;
    this.#current = undefined;
    invocation?.reject(error);
    void this.stop();
  }

  #output(splitter: LineSplitter, chunk: string): void {
    for (const line of splitter.push(chunk)) this.#outputLine(line);
  }

  #outputLine(line: string): void {
    this.#sink(line);
    const invocation = this.#current;
    if (!invocation) return;
    if (invocation.started) invocation.log.add(line);
    else if (invocation.initOutput.length < MAX_INIT_OUTPUT_LINES) invocation.initOutput.push(line);
  }

  #write(line: string, invocation: Invocation): void {
    this.#sink(line);
    invocation.log.add(line);
  }

  #sink(message: string): void {
    try {
      this.#options.logSink({
        logGroupName: this.#logGroupName,
        logStreamName: this.logStreamName,
        functionName: this.spec.functionName,
        timestampMs: this.#options.nowMs(),
        message,
      });
    } catch {
      // A failing sink loses a log line; it must not fail the invocation or the pool.
    }
  }

  #samplePeak(): void {
    const pid = this.#child?.pid;
    if (pid === undefined || this.#child!.exitCode !== null || this.#child!.signalCode !== null) return;
    this.#peakReader ??= new PeakResidentReader(pid);
    const kb = this.#peakReader.read();
    if (kb !== undefined && kb > this.#peakKb) this.#peakKb = kb;
  }

  #kill(): void {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      if (this.#state !== 'dead' && (!child || child.pid === undefined)) this.#becomeDead();
      return;
    }
    killGroup(child.pid);
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }

  #becomeDead(): void {
    if (this.#state === 'dead') return;
    this.#state = 'dead';
    clearTimeout(this.#initTimer);
    this.#peakReader?.close();
    const closed = this.#server ? this.#server.close() : Promise.resolve();
    void closed.then(() => {
      this.#markGone();
      this.#options.onGone(this);
    });
  }
}

/** SIGKILL to the process group `pid` leads (spawned detached); errors mean it is gone already. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // no such group
  }
}

function stdioClosed(child: ChildProcess, maxWaitMs: number): Promise<void> {
  const open = [child.stdout, child.stderr].filter((stream) => stream && !stream.destroyed && !stream.closed);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let pending = open.length;
    const timer = setTimeout(resolve, maxWaitMs);
    for (const stream of open) {
      stream!.once('close', () => {
        pending -= 1;
        if (pending === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}

/** Why the runtime cannot be started: no code directory, or a `provided` bootstrap that cannot be executed (as AWS words it). */
async function entrypointProblem(
  codeDir: string,
  bootstrap: string | undefined,
  requestId: string,
): Promise<LambdaErrorDocument | undefined> {
  const dir = await fs.promises.stat(codeDir).catch(() => undefined);
  if (!dir?.isDirectory()) return missingCodeDirError(requestId, codeDir);
  if (bootstrap === undefined) return undefined;
  const command = bootstrap;
  try {
    const stat = await fs.promises.stat(command);
    if (!stat.isFile()) return invalidEntrypointError(requestId, command, 'permission denied');
    await fs.promises.access(command, fs.constants.X_OK);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return missingBootstrapError(requestId, command);
    return invalidEntrypointError(requestId, command, errnoText(error as NodeJS.ErrnoException));
  }
}

function errnoText(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'ENOEXEC':
      return 'exec format error';
    default:
      return error.message;
  }
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}
