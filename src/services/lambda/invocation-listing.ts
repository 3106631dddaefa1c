/** The asynchronous invocations as Onward's own API shows them (GET /_onward/invocations). */
import type {
  AsyncInvocationRecord,
  AsyncInvocationStatus,
  AsyncInvocationStore,
  AttemptRecord,
  DeliveryReport,
} from '../../store/async-invocation-store.ts';

const STATUSES: readonly AsyncInvocationStatus[] = ['queued', 'running', 'succeeded', 'failed', 'dropped'];

const iso = (ms: number) => new Date(ms).toISOString();

export function attemptView(attempt: AttemptRecord) {
  return {
    number: attempt.number,
    startedAt: iso(attempt.startedAtMs),
    finishedAt: iso(attempt.finishedAtMs),
    durationMs: attempt.durationMs,
    result: attempt.result,
    ...(attempt.errorType !== undefined ? { errorType: attempt.errorType } : {}),
    ...(attempt.errorMessage !== undefined ? { errorMessage: attempt.errorMessage } : {}),
    ...(attempt.executedVersion !== undefined ? { executedVersion: attempt.executedVersion } : {}),
  };
}

function deliveryView(delivery: DeliveryReport) {
  const { at, ...rest } = delivery;
  return { ...rest, ...(at !== undefined ? { at: iso(at) } : {}) };
}

/**
 * `attempts` stays the count of function attempts (as before); `history` lists every try in order:
 * attempts (numbered), throttles and system errors (number null, they are no attempts).
 */
export function invocationView(invocation: AsyncInvocationRecord, history: readonly AttemptRecord[] = []) {
  return {
    requestId: invocation.requestId,
    functionName: invocation.functionName,
    qualifier: invocation.qualifier || '$LATEST',
    status: invocation.status,
    attempts: invocation.attempts,
    throttles: invocation.throttles,
    enqueuedAt: iso(invocation.enqueuedAtMs),
    acceptedAt: iso(invocation.enqueuedAtMs),
    ...(invocation.status === 'queued' ? { nextAttemptAt: iso(invocation.dueAtMs) } : {}),
    ...(invocation.status === 'running' && invocation.attemptStartedAtMs !== null
      ? { attemptStartedAt: iso(invocation.attemptStartedAtMs) }
      : {}),
    ...(invocation.finishedAtMs !== null ? { finishedAt: iso(invocation.finishedAtMs) } : {}),
    ...(invocation.outcome
      ? { outcome: { ...invocation.outcome, deliveries: invocation.outcome.deliveries.map(deliveryView) } }
      : {}),
    history: history.map(attemptView),
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
  const history = store.attemptsOf(page.map((record) => record.id));
  return {
    invocations: page.map((record) => invocationView(record, history.get(record.id))),
    ...(records.length > limit ? { nextToken: String(page[page.length - 1]!.id) } : {}),
  };
}
