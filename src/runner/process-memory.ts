/** A process's peak resident memory, which REPORT shows as "Max Memory Used". */
import fs from 'node:fs';

/**
 * VmHWM (peak RSS, kB) from /proc/<pid>/status; undefined where there is no procfs or the process is gone.
 * Read synchronously: procfs answers from memory, and the value must be taken before a kill.
 */
export function peakResidentKb(pid: number): number | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : undefined;
}
