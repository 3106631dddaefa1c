/**
 * The log of one invocation (START to REPORT) as InvokeResult.log returns it, kept within a character
 * budget: the first line and the most recent lines, so a function that floods its output costs bounded
 * memory and `Tail` (the last 4 KB) still ends with END and REPORT. Pure.
 */
export class InvocationLog {
  readonly #maxChars: number;
  #head: string | undefined;
  #lines: string[] = [];
  #first = 0;
  #chars = 0;
  #dropped = 0;

  constructor(maxChars: number) {
    this.#maxChars = maxChars;
  }

  add(line: string): void {
    if (this.#head === undefined) {
      this.#head = line;
      return;
    }
    this.#lines.push(line);
    this.#chars += line.length + 1;
    while (this.#chars > this.#maxChars && this.#first < this.#lines.length - 1) {
      this.#chars -= this.#lines[this.#first]!.length + 1;
      this.#first += 1;
      this.#dropped += 1;
    }
    // Compact now and then rather than shifting the array on every drop.
    if (this.#first > 1024 && this.#first * 2 > this.#lines.length) {
      this.#lines = this.#lines.slice(this.#first);
      this.#first = 0;
    }
  }

  text(): string {
    if (this.#head === undefined) return '';
    const kept = this.#lines.slice(this.#first);
    const gap =
      this.#dropped > 0 ? [`[Onward: ${this.#dropped} lines of this invocation are left out here; the log stream has them]`] : [];
    return [this.#head, ...gap, ...kept].join('\n') + '\n';
  }
}
