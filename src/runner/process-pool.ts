/**
 * The FunctionRunner Onward wires: a warm pool of function instances (OS processes), keyed by
 * `spec.poolKey`. An idle instance is reused, otherwise a new one starts (a cold start); each runs one
 * invocation at a time; idle ones are stopped after `idleTimeoutMs` of real time; one that died is
 * simply not there next time.
 */
import type { FunctionInstanceSpec, FunctionRunner, InvokeRequest, InvokeResult, LogSink } from './function-runner.ts';
import { RuntimeUnavailableError } from './function-runner.ts';
import { hostEnvironment, type HostEnvironment } from './host-environment.ts';
import { Instance, InstanceLostError, RunnerClosedError } from './instance.ts';
import { resolveInterpreter } from './runtimes.ts';

export { RunnerClosedError } from './instance.ts';

export interface ProcessPoolOptions {
  /** Receives every line every instance writes, and the START/END/REPORT lines. */
  logSink: LogSink;
  /** Real time an instance may wait unused before it is stopped. @defaultValue 5 minutes */
  idleTimeoutMs?: number;
  /** Real time a runtime may take from start to its first /next (AWS's init limit). @defaultValue 10 s */
  initTimeoutMs?: number;
  /** Characters of one invocation's log kept for InvokeResult.log (its first line and the latest). @defaultValue 256 KiB */
  maxLogCharsPerInvocation?: number;
  /** Longer output lines are cut, as CloudWatch Logs caps an event. @defaultValue 256 KiB */
  maxLineChars?: number;
  /** What function processes inherit of Onward's environment. @defaultValue PATH, HOME and a few more of process.env */
  hostEnvironment?: HostEnvironment;
  /** Epoch ms for log timestamps and stream names. @defaultValue Date.now */
  nowMs?: () => number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_INIT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_LOG_CHARS = 256 * 1024;
const DEFAULT_MAX_LINE_CHARS = 256 * 1024;

export class ProcessPool implements FunctionRunner {
  readonly #options: Required<ProcessPoolOptions>;
  readonly #instances = new Map<string, Set<Instance>>();
  /** Instances that can serve no more invocations and are shutting down; close() still waits for them. */
  readonly #dying = new Set<Instance>();
  readonly #idleTimers = new Map<Instance, NodeJS.Timeout>();
  #closed = false;

  constructor(options: ProcessPoolOptions) {
    this.#options = {
      logSink: options.logSink,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      initTimeoutMs: options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
      maxLogCharsPerInvocation: options.maxLogCharsPerInvocation ?? DEFAULT_MAX_LOG_CHARS,
      maxLineChars: options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS,
      hostEnvironment: options.hostEnvironment ?? hostEnvironment(),
      nowMs: options.nowMs ?? Date.now,
    };
  }

  async invoke(spec: FunctionInstanceSpec, request: InvokeRequest): Promise<InvokeResult> {
    if (this.#closed) throw new RunnerClosedError('The function runner is closed.');
    const resolution = await resolveInterpreter(spec.runtime, this.#options.hostEnvironment);
    if (resolution.problem !== undefined) throw new RuntimeUnavailableError(resolution.problem);
    if (this.#closed) throw new RunnerClosedError('The function runner is closed.');
    for (;;) {
      const instance = this.#takeIdle(spec.poolKey) ?? this.#create(spec, resolution.interpreter);
      try {
        return await instance.invoke(request);
      } catch (error) {
        // The event never reached the function: run it on another (or a new) instance.
        if (!(error instanceof InstanceLostError) || this.#closed) throw error;
      } finally {
        this.#release(instance);
      }
    }
  }

  async retire(poolKeyPrefix: string): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const [key, instances] of this.#instances) {
      if (!key.startsWith(poolKeyPrefix)) continue;
      for (const instance of instances) {
        instance.retired = true;
        // A busy instance finishes its invocation first; #release stops it then.
        if (instance.available) stopping.push(this.#stop(instance));
      }
    }
    await Promise.all(stopping);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#instances.values()].flatMap((instances) => [...instances]).concat([...this.#dying]);
    await Promise.all(all.map((instance) => this.#stop(instance, new RunnerClosedError('The function runner was closed.'))));
  }

  /** Instances that are running or warm, per pool key; for tests and diagnostics. */
  instanceCount(poolKey?: string): number {
    if (poolKey !== undefined) return this.#instances.get(poolKey)?.size ?? 0;
    let count = 0;
    for (const instances of this.#instances.values()) count += instances.size;
    return count;
  }

  #takeIdle(poolKey: string): Instance | undefined {
    for (const instance of this.#instances.get(poolKey) ?? []) {
      if (instance.idle && !instance.retired) {
        clearTimeout(this.#idleTimers.get(instance));
        this.#idleTimers.delete(instance);
        return instance;
      }
    }
    return undefined;
  }

  #create(spec: FunctionInstanceSpec, interpreter: string): Instance {
    const instance = new Instance({
      spec,
      interpreter,
      logSink: this.#options.logSink,
      host: this.#options.hostEnvironment,
      initTimeoutMs: this.#options.initTimeoutMs,
      maxLogCharsPerInvocation: this.#options.maxLogCharsPerInvocation,
      maxLineChars: this.#options.maxLineChars,
      nowMs: this.#options.nowMs,
      onGone: (gone) => this.#forget(gone),
    });
    let instances = this.#instances.get(spec.poolKey);
    if (!instances) {
      instances = new Set();
      this.#instances.set(spec.poolKey, instances);
    }
    instances.add(instance);
    return instance;
  }

  /** After an invocation: back to the idle set, or stopped when retired or closed. */
  #release(instance: Instance): void {
    if (!instance.idle || instance.retired || this.#closed) {
      this.#remove(instance);
      this.#dying.add(instance);
      void this.#stop(instance);
      return;
    }
    const timer = setTimeout(() => void this.#stop(instance), this.#options.idleTimeoutMs);
    timer.unref(); // the reaper alone must not keep Onward running
    this.#idleTimers.set(instance, timer);
  }

  #stop(instance: Instance, reason?: Error): Promise<void> {
    clearTimeout(this.#idleTimers.get(instance));
    this.#idleTimers.delete(instance);
    return instance.stop(reason);
  }

  /** Its process is gone (exited, crashed, killed): it is simply not there next time. */
  #forget(instance: Instance): void {
    this.#dying.delete(instance);
    this.#remove(instance);
  }

  #remove(instance: Instance): void {
    clearTimeout(this.#idleTimers.get(instance));
    this.#idleTimers.delete(instance);
    const instances = this.#instances.get(instance.spec.poolKey);
    instances?.delete(instance);
    if (instances?.size === 0) this.#instances.delete(instance.spec.poolKey);
  }
}
