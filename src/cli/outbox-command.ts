/**
 * `onward outbox`: what SNS would have sent to email, email-json and sms subscribers, read from a running
 * Onward's `GET /_onward/outbox`, newest first, printed for people.
 */
export interface OutboxCommandOptions {
  endpointUrl: string;
  topicArn?: string;
  protocol?: string;
  /** The subscriber's address or number. */
  to?: string;
  limit: number;
  write: (line: string) => void;
}

/** A failure to report in one line, without a stack. */
export class OutboxCommandError extends Error {
  override name = 'OutboxCommandError';
}

export interface OutboxMessage {
  id: number;
  timestamp: string;
  type: string;
  protocol: string;
  endpoint: string;
  topicArn: string;
  subscriptionArn: string;
  messageId: string;
  subject?: string;
  body: string;
}

/** One message as a block of lines. Pure. */
export function formatOutboxMessage(message: OutboxMessage): string[] {
  const lines = [
    `${message.timestamp}  ${message.protocol} to ${message.endpoint}  (${message.type})`,
    `  topic:   ${message.topicArn}`,
  ];
  if (message.subject !== undefined) lines.push(`  subject: ${message.subject}`);
  lines.push('  ' + '-'.repeat(60));
  for (const line of message.body.split('\n')) lines.push(`  ${line}`);
  lines.push('');
  return lines;
}

export async function runOutboxCommand(options: OutboxCommandOptions): Promise<void> {
  const query = new URLSearchParams({ limit: String(options.limit) });
  if (options.topicArn) query.set('topicArn', options.topicArn);
  if (options.protocol) query.set('protocol', options.protocol);
  if (options.to) query.set('endpoint', options.to);
  const response = await fetch(`${options.endpointUrl}/_onward/outbox?${query}`).catch(() => {
    throw new OutboxCommandError(`Cannot reach Onward at ${options.endpointUrl} (is it running? --port/--host tell where).`);
  });
  if (!response.ok) throw new OutboxCommandError(`GET /_onward/outbox failed with HTTP ${response.status}`);
  const { messages } = (await response.json()) as { messages: OutboxMessage[] };
  if (messages.length === 0) {
    options.write('The outbox is empty: no email, email-json or sms message matched.');
    return;
  }
  for (const message of messages) for (const line of formatOutboxMessage(message)) options.write(line);
}
