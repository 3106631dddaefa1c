/** Invocations running per function, shared by synchronous and asynchronous invokes, for reserved concurrency. */
export class ConcurrencyTracker {
  readonly #running = new Map<string, number>();

  /** Takes a slot unless `limit` (reserved concurrency) is reached. */
  tryAcquire(functionArn: string, limit: number | undefined): boolean {
    const running = this.#running.get(functionArn) ?? 0;
    if (limit !== undefined && running >= limit) return false;
    this.#running.set(functionArn, running + 1);
    return true;
  }

  release(functionArn: string): void {
    const left = (this.#running.get(functionArn) ?? 1) - 1;
    if (left <= 0) this.#running.delete(functionArn);
    else this.#running.set(functionArn, left);
  }
}
