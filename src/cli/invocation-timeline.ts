/**
 * How `onward invocations` prints (pure): one block per invocation (its attempts, throttles, the next
 * try and where its record went), one line per live event, and the server-sent-events parser.
 */

/** An invocation as GET /_onward/invocations shows it (the fields printed). */
export interface InvocationJson {
  requestId: string;
  functionName: string;
  qualifier: string;
  status: string;
  acceptedAt?: string;
  enqueuedAt: string;
  nextAttemptAt?: string;
  attemptStartedAt?: string;
  outcome?: {
    condition: string;
    reason?: string;
    deliveries: Array<{ kind: string; destination: string; delivered: boolean; error?: string; at?: string }>;
  };
  history?: Array<{
    number: number | null;
    startedAt: string;
    durationMs: number;
    result: string;
    errorType?: string;
    errorMessage?: string;
  }>;
}

/** An event of GET /_onward/invocations/stream. */
export interface StreamEventJson {
  type: string;
  requestId: string;
  function: string;
  qualifier: string;
  at: string;
  attempt?: number | null;
  result?: string;
  durationMs?: number;
  errorType?: string;
  errorMessage?: string;
  nextAttemptAt?: string;
  condition?: string;
  reason?: string;
  delivery?: { kind: string; destination: string; error?: string };
}

export interface TimelineFormat {
  /** ISO time to what is printed. @defaultValue local HH:MM:SS */
  time?: (iso: string) => string;
}

export const localTime = (iso: string): string => new Date(iso).toTimeString().slice(0, 8);

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function errorText(entry: { errorType?: string; errorMessage?: string }): string {
  if (entry.errorType && entry.errorMessage) return oneLine(`${entry.errorType}: ${entry.errorMessage}`);
  return oneLine(entry.errorType ?? entry.errorMessage ?? '');
}

function functionLabel(name: string, qualifier: string): string {
  return qualifier && qualifier !== '$LATEST' ? `${name}:${qualifier}` : name;
}

function statusText(invocation: InvocationJson): string {
  if (invocation.status === 'failed' && invocation.outcome) return `failed (${invocation.outcome.condition})`;
  if (invocation.status === 'dropped' && invocation.outcome?.reason) return `dropped (${invocation.outcome.reason})`;
  return invocation.status;
}

function attemptText(result: string, durationMs: number | undefined, error: string): string {
  const duration = durationMs === undefined ? '' : `  ${durationMs} ms`;
  if (result === 'success') return `${duration}  ok`;
  return `${duration}${error ? `  ${error}` : ''}`;
}

export function timeline(invocation: InvocationJson, format: TimelineFormat = {}): string[] {
  const time = format.time ?? localTime;
  const lines = [
    `${invocation.requestId}  ${functionLabel(invocation.functionName, invocation.qualifier)}  ${statusText(invocation)}  accepted ${time(invocation.acceptedAt ?? invocation.enqueuedAt)}`,
  ];
  for (const entry of invocation.history ?? []) {
    const error = errorText(entry);
    if (entry.result === 'throttled') lines.push(`   throttled  ${time(entry.startedAt)}`);
    else if (entry.result === 'systemError')
      lines.push(`   system error  ${time(entry.startedAt)}${attemptText(entry.result, entry.durationMs, error)}`);
    else lines.push(`   attempt ${entry.number}  ${time(entry.startedAt)}${attemptText(entry.result, entry.durationMs, error)}`);
  }
  if (invocation.status === 'running' && invocation.attemptStartedAt)
    lines.push(`   running since ${time(invocation.attemptStartedAt)}`);
  if (invocation.status === 'queued' && invocation.nextAttemptAt) lines.push(`   next attempt ${time(invocation.nextAttemptAt)}`);
  for (const delivery of invocation.outcome?.deliveries ?? []) {
    const result = delivery.delivered
      ? `delivered${delivery.at ? ` ${time(delivery.at)}` : ''}`
      : `not delivered: ${oneLine(delivery.error ?? 'unknown error')}`;
    lines.push(`   -> ${delivery.kind} ${delivery.destination}  ${result}`);
  }
  return lines;
}

function eventText(event: StreamEventJson, time: (iso: string) => string): string {
  switch (event.type) {
    case 'attempt-started':
      return `attempt ${event.attempt} started`;
    case 'attempt-finished': {
      const what = event.result === 'systemError' ? 'system error' : `attempt ${event.attempt}`;
      return `${what}${attemptText(event.result ?? '', event.durationMs, errorText(event))}`;
    }
    case 'retry-scheduled':
      return `retry at ${event.nextAttemptAt ? time(event.nextAttemptAt) : '?'}`;
    case 'throttled':
      return `throttled${event.nextAttemptAt ? `, next try ${time(event.nextAttemptAt)}` : ''}`;
    case 'failed':
      return `failed (${event.condition})`;
    case 'dropped':
      return `dropped (${event.reason})`;
    case 'delivered':
      return `-> ${event.delivery?.kind} ${event.delivery?.destination}  delivered`;
    case 'delivery-failed':
      return `-> ${event.delivery?.kind} ${event.delivery?.destination}  not delivered: ${oneLine(event.delivery?.error ?? '')}`;
    default:
      return event.type;
  }
}

export function eventLine(event: StreamEventJson, format: TimelineFormat = {}): string {
  const time = format.time ?? localTime;
  return `${time(event.at)}  ${event.requestId}  ${functionLabel(event.function, event.qualifier)}  ${eventText(event, time)}`;
}

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** Server-sent events from text chunks as they arrive; comments (heartbeats) are skipped. */
export class SseParser {
  #buffer = '';

  push(chunk: string): SseMessage[] {
    this.#buffer += chunk.replace(/\r\n?/g, '\n');
    const messages: SseMessage[] = [];
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const message: SseMessage = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'event') message.event = value;
        else if (field === 'id') message.id = value;
      }
      if (data.length === 0) continue;
      message.data = data.join('\n');
      messages.push(message);
    }
    return messages;
  }
}
