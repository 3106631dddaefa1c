/** The rules every SQS batch request shares: entry count, entry ids, and per-entry failures. */
import { ServiceError } from '../../aws/service-error.ts';
import { optionalList } from '../input.ts';
import { BatchEntryIdsNotDistinct, EmptyBatchRequest, InvalidBatchEntryId, TooManyEntriesInBatchRequest } from './errors.ts';

export const MAX_BATCH_ENTRIES = 10;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** Validates the `Entries` of a batch request; `entryKind` names the entry in AWS's messages. */
export function batchEntries(input: Record<string, unknown>, entryKind: string): Array<Record<string, unknown> & { Id: string }> {
  const entries = optionalList(input, 'Entries') ?? [];
  if (entries.length === 0) throw EmptyBatchRequest(entryKind);
  if (entries.length > MAX_BATCH_ENTRIES) throw TooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = typeof entry.Id === 'string' ? entry.Id : '';
    if (!ENTRY_ID.test(id)) throw InvalidBatchEntryId();
    if (seen.has(id)) throw BatchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries as Array<Record<string, unknown> & { Id: string }>;
}

/** A per-entry failure as batch results carry it: the Query code, since that is what AWS puts there. */
export function batchFailure(id: string, error: unknown): BatchFailure {
  if (error instanceof ServiceError) {
    return { Id: id, SenderFault: error.senderFault, Code: error.queryCode, Message: error.message };
  }
  throw error;
}

/** Batch results leave out an empty `Failed` list, as AWS does. */
export function batchResult<T>(successful: T[], failed: BatchFailure[]): Record<string, unknown> {
  return failed.length > 0 ? { Successful: successful, Failed: failed } : { Successful: successful };
}

/** The result of entries run side by side, in entry order; an error that is not an AWS error is thrown. */
export function settledBatch(entries: ReadonlyArray<{ Id: string }>, outcomes: ReadonlyArray<PromiseSettledResult<unknown>>) {
  const successful: Array<{ Id: string }> = [];
  const failed: BatchFailure[] = [];
  outcomes.forEach((outcome, i) => {
    const id = entries[i]!.Id;
    if (outcome.status === 'fulfilled') successful.push({ Id: id });
    else failed.push(batchFailure(id, outcome.reason));
  });
  return batchResult(successful, failed);
}
