/**
 * Reading a function's ReportBatchItemFailures answer, as Lambda does for SQS and stream sources. Pure.
 * Success: no payload, `null`, anything without a `batchItemFailures` key, or a null/empty list.
 * Complete failure: invalid JSON, a list that is not a list, an entry without a non-empty string
 * `itemIdentifier`, or an identifier that is not in the batch.
 */
export type BatchItemOutcome =
  { kind: 'success' } | { kind: 'partial'; itemIdentifiers: string[] } | { kind: 'failure'; reason: string };

export function readBatchItemFailures(payload: Buffer | string, batchIdentifiers: ReadonlySet<string>): BatchItemOutcome {
  const text = (typeof payload === 'string' ? payload : payload.toString('utf8')).trim();
  if (text === '') return { kind: 'success' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'failure', reason: 'the response is not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'success' };
  if (!('batchItemFailures' in parsed)) return { kind: 'success' };
  const failures = (parsed as { batchItemFailures: unknown }).batchItemFailures;
  if (failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failure', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  const identifiers: string[] = [];
  for (const entry of failures) {
    const id = entry !== null && typeof entry === 'object' ? (entry as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return { kind: 'failure', reason: 'an entry has no itemIdentifier' };
    if (!batchIdentifiers.has(id)) return { kind: 'failure', reason: `itemIdentifier ${id} is not in the batch` };
    identifiers.push(id);
  }
  return { kind: 'partial', itemIdentifiers: [...new Set(identifiers)] };
}
