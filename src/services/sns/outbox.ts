/** The email/email-json/sms outbox as `GET /_onward/outbox` shows it: newest first, filtered by the query. */
import type { SnsStore } from '../../store/sns-store.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function outboxListing(store: SnsStore, query: URLSearchParams): { messages: unknown[] } {
  const limit = Math.min(Math.max(Number(query.get('limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT, 1), MAX_LIMIT);
  const entries = store.listOutbox({
    ...(query.get('topicArn') ? { topicArn: query.get('topicArn')! } : {}),
    ...(query.get('protocol') ? { protocol: query.get('protocol')! } : {}),
    ...(query.get('endpoint') ? { endpoint: query.get('endpoint')! } : {}),
    limit,
  });
  return {
    messages: entries.map((entry) => ({
      id: entry.id,
      timestamp: new Date(entry.createdAtMs).toISOString(),
      type: entry.kind,
      protocol: entry.protocol,
      endpoint: entry.endpoint,
      topicArn: entry.topicArn,
      subscriptionArn: entry.subscriptionArn,
      messageId: entry.messageId,
      ...(entry.subject !== null ? { subject: entry.subject } : {}),
      body: entry.body,
    })),
  };
}
