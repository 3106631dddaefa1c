/** A process's peak resident memory, which REPORT shows as "Max Memory Used". */
import fs from 'node:fs';

/** VmHWM of a /proc/<pid>/status text. Pure. */
export function vmHwmKb(status: string): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/**
 * VmHWM (peak RSS, kB) of one process, from /proc/<pid>/status; undefined where there is no procfs or
 * the process is gone. Read synchronously (procfs answers from memory, and the value must be taken
 * before a kill) after every invocation, so the file stays open and each sample is one positioned read
 * (procfs renders it afresh), not an open, stat, read and close. The descriptor also names that very
 * process, whatever reuses its PID later.
 */
export class PeakResidentReader {
  readonly #pid: number;
  #fd: number | undefined;
  #failed = false;
  readonly #buffer = Buffer.alloc(4096);

  constructor(pid: number) {
    this.#pid = pid;
  }

  read(): number | undefined {
    if (this.#failed) return undefined;
    try {
      this.#fd ??= fs.openSync(`/proc/${this.#pid}/status`, 'r');
      const bytes = fs.readSync(this.#fd, this.#buffer, 0, this.#buffer.length, 0);
      return vmHwmKb(this.#buffer.toString('latin1', 0, bytes));
    } catch {
      this.close();
      this.#failed = true;
      return undefined;
    }
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      fs.closeSync(this.#fd);
    } catch {
      // already closed
    }
    this.#fd = undefined;
  }
}
