/**
 * Every timestamp and every AWS-defined delay in Onward goes through a Clock, so time can run at
 * wall speed, N times faster, or only when a test advances it.
 */
export type ClockMode = 'real' | 'scaled' | 'manual';

export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  readonly mode: ClockMode;
  /** Clock time in epoch milliseconds. */
  now(): number;
  /** Runs `task` once the clock reaches `atMs`. Under a manual clock, `advance` runs it. */
  at(atMs: number, task: () => unknown): ClockTimer;
  /**
   * Real milliseconds a client-side I/O wait of `seconds` (a long poll) lasts. Scaled time shortens it;
   * a manual clock does not stretch it to forever: nothing may hang on a frozen clock.
   */
  ioWaitMs(seconds: number): number;
}

export interface ManualClockControls {
  /** Moves time forward, running every task that falls due, in time order, before resolving. */
  advance(seconds: number): Promise<void>;
  /**
   * Work in progress that an advance waits for first (and after each task): an attempt started just
   * before an advance must finish, and schedule its retry, before time moves on.
   */
  addQuiescer(quiescer: () => Promise<void>): void;
}

/** setTimeout holds at most 2^31-1 ms; longer timers re-arm. */
const MAX_TIMEOUT_MS = 2_147_483_647;

interface PendingTask {
  atMs: number;
  seq: number;
  task: () => unknown;
  cancelled: boolean;
}

export class RealClock implements Clock {
  readonly mode: ClockMode;
  readonly #scale: number;
  readonly #originRealMs: number;
  readonly #originClockMs: number;

  /** `scale` > 1 runs time faster from `startMs` on. */
  constructor(scale = 1, startMs: number = Date.now()) {
    this.mode = scale === 1 ? 'real' : 'scaled';
    this.#scale = scale;
    this.#originRealMs = Date.now();
    this.#originClockMs = Math.max(startMs, this.#originRealMs);
  }

  now(): number {
    return Math.floor(this.#originClockMs + (Date.now() - this.#originRealMs) * this.#scale);
  }

  at(atMs: number, task: () => unknown): ClockTimer {
    let handle: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = (): void => {
      const realDelayMs = Math.max(0, (atMs - this.now()) / this.#scale);
      handle = setTimeout(
        () => {
          if (cancelled) return;
          if (this.now() < atMs) arm();
          else void task();
        },
        Math.min(Math.ceil(realDelayMs), MAX_TIMEOUT_MS),
      );
      handle.unref();
    };
    arm();
    return {
      cancel: () => {
        cancelled = true;
        if (handle) clearTimeout(handle);
      },
    };
  }

  ioWaitMs(seconds: number): number {
    return (seconds * 1000) / this.#scale;
  }
}

export class ManualClock implements Clock, ManualClockControls {
  readonly mode: ClockMode = 'manual';
  #nowMs: number;
  #seq = 0;
  #tasks: PendingTask[] = [];
  #advancing: Promise<void> = Promise.resolve();
  #quiescers: Array<() => Promise<void>> = [];

  constructor(startMs: number = Date.now()) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  at(atMs: number, task: () => unknown): ClockTimer {
    const pending: PendingTask = { atMs, seq: this.#seq++, task, cancelled: false };
    this.#tasks.push(pending);
    return {
      cancel: () => {
        pending.cancelled = true;
      },
    };
  }

  ioWaitMs(seconds: number): number {
    return seconds * 1000;
  }

  addQuiescer(quiescer: () => Promise<void>): void {
    this.#quiescers.push(quiescer);
  }

  async #quiesce(): Promise<void> {
    await Promise.all(this.#quiescers.map((quiescer) => quiescer()));
  }

  advance(seconds: number): Promise<void> {
    // Advances are serialised so two concurrent callers never interleave time.
    const run = this.#advancing.then(() => this.#advanceNow(seconds));
    this.#advancing = run.catch(() => undefined);
    return run;
  }

  async #advanceNow(seconds: number): Promise<void> {
    const targetMs = this.#nowMs + Math.round(seconds * 1000);
    for (;;) {
      await this.#quiesce();
      this.#tasks = this.#tasks.filter((t) => !t.cancelled);
      const due = this.#tasks.filter((t) => t.atMs <= targetMs).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
      if (!due) break;
      this.#tasks.splice(this.#tasks.indexOf(due), 1);
      this.#nowMs = Math.max(this.#nowMs, due.atMs);
      await due.task();
    }
    this.#nowMs = targetMs;
    await this.#quiesce();
  }
}
