/**
 * `onward logs <function> [--follow]`: a function's log group, read from a running Onward through the
 * same CloudWatch Logs API that `aws logs tail` uses.
 */
export interface LogsCommandOptions {
  endpointUrl: string;
  region: string;
  functionName: string;
  follow: boolean;
  /** Only events at or after this time (epoch ms). */
  sinceMs: number;
  write: (line: string) => void;
  /** Real milliseconds between polls when following. */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/** A failure to report in one line, without a stack. */
export class LogsCommandError extends Error {
  override name = 'LogsCommandError';
}

interface FilteredEvent {
  timestamp: number;
  message: string;
  eventId: string;
}

async function filterLogEvents(
  options: LogsCommandOptions,
  body: Record<string, unknown>,
): Promise<{ events: FilteredEvent[]; nextToken?: string }> {
  const response = await fetch(options.endpointUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.FilterLogEvents',
      authorization: `AWS4-HMAC-SHA256 Credential=test/20000101/${options.region}/logs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
    signal: options.signal,
  }).catch((error: unknown) => {
    if (options.signal?.aborted) throw error;
    throw new LogsCommandError(`Cannot reach Onward at ${options.endpointUrl} (is it running? --port/--host tell where).`);
  });
  const result = (await response.json()) as { events?: FilteredEvent[]; nextToken?: string; message?: string; __type?: string };
  if (!response.ok) {
    // A function that has not logged yet has no group: when following, that is only "nothing yet".
    if (result.__type === 'ResourceNotFoundException' && options.follow) return { events: [] };
    throw new LogsCommandError(result.message ?? `FilterLogEvents failed with HTTP ${response.status}`);
  }
  return { events: result.events ?? [], nextToken: result.nextToken };
}

export async function runLogsCommand(options: LogsCommandOptions): Promise<void> {
  const logGroupName = `/aws/lambda/${options.functionName}`;
  const seen = new Set<string>();
  let startTime = options.sinceMs;
  for (;;) {
    let nextToken: string | undefined;
    do {
      const page = await filterLogEvents(options, { logGroupName, startTime, ...(nextToken ? { nextToken } : {}) });
      for (const event of page.events) {
        if (seen.has(event.eventId)) continue;
        seen.add(event.eventId);
        startTime = Math.max(startTime, event.timestamp);
        options.write(`${new Date(event.timestamp).toISOString()} ${event.message.replace(/\n$/, '')}`);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    if (!options.follow || options.signal?.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 1000));
    if (options.signal?.aborted) return;
  }
}
