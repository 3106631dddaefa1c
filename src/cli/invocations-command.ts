/**
 * `onward invocations [function]`: the asynchronous invocations of a running Onward as timelines (from
 * GET /_onward/invocations), and with --follow every change as it happens (GET /_onward/invocations/stream).
 */
import {
  eventLine,
  SseParser,
  timeline,
  type InvocationJson,
  type StreamEventJson,
  type TimelineFormat,
} from './invocation-timeline.ts';

export const INVOCATION_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'dropped'] as const;

export interface InvocationsCommandOptions {
  endpointUrl: string;
  functionName?: string;
  status?: string;
  /** How many of the most recent invocations are listed. */
  limit: number;
  follow: boolean;
  write: (line: string) => void;
  signal?: AbortSignal;
  format?: TimelineFormat;
}

/** A failure to report in one line, without a stack. */
export class InvocationsCommandError extends Error {
  override name = 'InvocationsCommandError';
}

async function get(options: InvocationsCommandOptions, path: string, query: URLSearchParams): Promise<Response> {
  const url = `${options.endpointUrl.replace(/\/+$/, '')}${path}${query.size > 0 ? `?${query}` : ''}`;
  const response = await fetch(url, { signal: options.signal }).catch((error: unknown) => {
    if (options.signal?.aborted) throw error;
    throw new InvocationsCommandError(
      `Cannot reach Onward at ${options.endpointUrl} (is it running? --endpoint or --port/--host tell where).`,
    );
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new InvocationsCommandError(body.message ?? `GET ${path} answered HTTP ${response.status}.`);
  }
  return response;
}

export async function runInvocationsCommand(options: InvocationsCommandOptions): Promise<void> {
  if (options.status !== undefined && !(INVOCATION_STATUSES as readonly string[]).includes(options.status)) {
    throw new InvocationsCommandError(`Invalid --status "${options.status}": use ${INVOCATION_STATUSES.join(', ')}.`);
  }
  // The stream opens first, so nothing that happens while the list is read is missed.
  const stream = options.follow
    ? await get(
        options,
        '/_onward/invocations/stream',
        new URLSearchParams(options.functionName ? { function: options.functionName } : {}),
      )
    : undefined;
  const query = new URLSearchParams({ limit: String(options.limit) });
  if (options.functionName) query.set('function', options.functionName);
  if (options.status) query.set('status', options.status);
  const { invocations } = (await (await get(options, '/_onward/invocations', query)).json()) as { invocations: InvocationJson[] };
  // Oldest first, like a log.
  for (const invocation of invocations.reverse()) for (const line of timeline(invocation, options.format)) options.write(line);
  if (!stream?.body) return;

  const parser = new SseParser();
  const decoder = new TextDecoder();
  try {
    for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
      for (const message of parser.push(decoder.decode(chunk, { stream: true }))) {
        const event = JSON.parse(message.data) as StreamEventJson;
        if (options.status && !matchesStatus(event, options.status)) continue;
        options.write(eventLine(event, options.format));
      }
    }
  } catch (error) {
    if (options.signal?.aborted) return;
    throw error;
  }
}

/** With --status, only the events that end in that status (queued: retries and throttles). */
function matchesStatus(event: StreamEventJson, status: string): boolean {
  switch (status) {
    case 'succeeded':
      return event.type === 'succeeded';
    case 'failed':
      return event.type === 'failed';
    case 'dropped':
      return event.type === 'dropped';
    case 'queued':
      return ['accepted', 'retry-scheduled', 'throttled'].includes(event.type);
    default:
      return event.type === 'attempt-started';
  }
}
