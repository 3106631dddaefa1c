/**
 * Cuts a process's output into log lines. A line longer than `maxLineChars` is cut into pieces, as
 * CloudWatch Logs caps an event's size, so a process that never writes a newline cannot grow memory.
 * Pure.
 */
export class LineSplitter {
  readonly #maxLineChars: number;
  #partial = '';

  constructor(maxLineChars: number) {
    this.#maxLineChars = maxLineChars;
  }

  /** The complete lines `chunk` finishes, without their line ends. */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let text = this.#partial + chunk;
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      this.#emit(text.slice(start, newline), lines);
      start = newline + 1;
    }
    text = text.slice(start);
    while (text.length >= this.#maxLineChars) {
      lines.push(text.slice(0, this.#maxLineChars));
      text = text.slice(this.#maxLineChars);
    }
    this.#partial = text;
    return lines;
  }

  /** The unfinished last line, if any (at the end of an invocation or of the process). */
  flush(): string[] {
    const rest = this.#partial;
    this.#partial = '';
    return rest === '' ? [] : [withoutCarriageReturn(rest)];
  }

  #emit(line: string, lines: string[]): void {
    const text = withoutCarriageReturn(line);
    if (text.length <= this.#maxLineChars) {
      lines.push(text);
      return;
    }
    for (let at = 0; at < text.length; at += this.#maxLineChars) lines.push(text.slice(at, at + this.#maxLineChars));
  }
}

/** CRLF line ends lose their CR; a CR inside a line stays (runtimes use it to keep multi-line messages in one event). */
function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
