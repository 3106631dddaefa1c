/** The asynchronous invocations as Onward's own API shows them (GET /_onward/invocations). */
import type { AsyncInvocationRecord, AsyncInvocationStatus, AsyncInvocationStore } from '../../store/async-invocation-store.ts';

const STATUSES: readonly AsyncInvocationStatus[] = ['queued', 'running', 'succeeded', 'failed', 'dropped'];

export function invocationView(invocation: AsyncInvocationRecord) {
  return {
    requestId: invocation.requestId,
    functionName: invocation.functionName,
    qualifier: invocation.qualifier || '$LATEST',
    status: invocation.status,
    attempts: invocation.attempts,
    throttles: invocation.throttles,
    enqueuedAt: new Date(invocation.enqueuedAtMs).toISOString(),
    ...(invocation.status === 'queued' ? { nextAttemptAt: new Date(invocation.dueAtMs).toISOString() } : {}),
    ...(invocation.finishedAtMs !== null ? { finishedAt: new Date(invocation.finishedAtMs).toISOString() } : {}),
    ...(invocation.outcome ? { outcome: invocation.outcome } : {}),
  };
}

/** `?function=&status=&requestId=&limit=&nextToken=`: newest first, paged by an opaque token. */
export function invocationListing(store: AsyncInvocationStore, query: URLSearchParams) {
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 50) || 50, 1), 1000);
  const status = query.get('status');
  const token = query.get('nextToken');
  const records = store.list({
    ...(query.get('function') ? { functionName: query.get('function')! } : {}),
    ...(status && (STATUSES as readonly string[]).includes(status) ? { status: status as AsyncInvocationStatus } : {}),
    ...(query.get('requestId') ? { requestId: query.get('requestId')! } : {}),
    ...(token && /^\d+$/.test(token) ? { beforeId: Number(token) } : {}),
    limit: limit + 1,
  });
  const page = records.slice(0, limit);
  return {
    invocations: page.map(invocationView),
    ...(records.length > limit ? { nextToken: String(page[page.length - 1]!.id) } : {}),
  };
}
