/**
 * Where function output goes: into CloudWatch Logs and live onto Onward's terminal, prefixed with the
 * function name (coloured on a TTY). Both are batched per event-loop turn: one store write per stream
 * and one terminal write (each write to a pipe or TTY is a system call; START/END/REPORT alone made three
 * per invocation).
 */
import type { Clock } from '../../clock/clock.ts';
import type { LogEvent, LogSink } from '../../runner/function-runner.ts';
import type { LogsStore, NewLogEvent } from '../../store/logs-store.ts';

const COLOURS = [36, 35, 33, 32, 34, 91, 92, 93, 94, 95, 96];

export interface FunctionLogSinkOptions {
  store: LogsStore;
  clock: Clock;
  defaultAccountId: string;
  defaultRegion: string;
  /** Writes one terminal line; undefined keeps function output off the terminal. */
  print?: (line: string) => void;
  colour: boolean;
  /** Told when logs could not be stored (they are still on the terminal). */
  onError: (error: unknown) => void;
}

export function colourFor(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length]!;
}

/** `name | message`, the name coloured when the terminal shows colours. */
export function terminalLine(functionName: string, message: string, colour: boolean): string {
  const prefix = colour ? `\u001b[${colourFor(functionName)}m${functionName}\u001b[0m` : functionName;
  // Most lines (START, END, REPORT, one console.log) have no line break: no split and join for them.
  if (!message.includes('\n')) return `${prefix} | ${message}`;
  return message
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${prefix} | ${line}`)
    .join('\n');
}

export function createFunctionLogSink(options: FunctionLogSinkOptions): LogSink & { flush(): Promise<void> } {
  let pending = new Map<string, { event: LogEvent; events: NewLogEvent[] }>();
  let terminal: string[] = [];
  let scheduled: Promise<void> | undefined;

  async function flush(): Promise<void> {
    const batch = pending;
    pending = new Map();
    scheduled = undefined;
    const lines = terminal;
    terminal = [];
    if (lines.length > 0) {
      try {
        options.print?.(lines.join('\n'));
      } catch (error) {
        options.onError(error); // the lines are still stored
      }
    }
    const ingestionMs = options.clock.now();
    await Promise.all(
      [...batch.values()].map(({ event, events }) =>
        options.store.appendLogEvents(
          {
            accountId: event.accountId ?? options.defaultAccountId,
            region: event.region ?? options.defaultRegion,
            name: event.logGroupName,
          },
          event.logStreamName,
          events,
          ingestionMs,
        ),
      ),
    );
  }

  const sink = (event: LogEvent): void => {
    if (options.print) terminal.push(terminalLine(event.functionName, event.message, options.colour));
    const key = `${event.accountId}\u0000${event.region}\u0000${event.logGroupName}\u0000${event.logStreamName}`;
    const entry = pending.get(key) ?? { event, events: [] };
    entry.events.push({ timestampMs: event.timestampMs, message: event.message });
    pending.set(key, entry);
    scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush).catch(options.onError);
  };
  return Object.assign(sink, { flush: () => scheduled ?? Promise.resolve() });
}
