/** What the pollers need from the rest of Onward, wired by the composition root. */
import type { EventSourceMappingRecord } from '../store/event-source-mapping-store.ts';

export interface EsmInvokeResult {
  requestId: string;
  payload: Buffer;
  /** `Unhandled` when the function failed. */
  functionError: string | undefined;
  executedVersion: string;
}

/**
 * Invokes the mapping's function synchronously (RequestResponse) through Lambda's Invoke; rejects with
 * Lambda's ServiceError when it cannot run (throttled, function gone).
 */
export type EsmInvoker = (
  mapping: Pick<EventSourceMappingRecord, 'accountId' | 'region' | 'functionArn'>,
  payload: Buffer,
) => Promise<EsmInvokeResult>;

/** A compiled FilterCriteria pattern (the EventBridge pattern language). */
export interface RecordPattern {
  matches(record: unknown): boolean;
}

export type PatternCompiler = (pattern: string) => RecordPattern;

/** Records pass when there are no filters or any filter matches. Patterns that fail to compile match nothing. */
export function recordFilter(
  filters: { Filters: Array<{ Pattern: string }> } | undefined,
  compile: PatternCompiler | undefined,
): (view: unknown) => boolean {
  if (!filters || filters.Filters.length === 0 || !compile) return () => true;
  const patterns = filters.Filters.flatMap((f) => {
    try {
      return [compile(f.Pattern)];
    } catch {
      return [];
    }
  });
  return (view) => patterns.some((p) => p.matches(view));
}

/** Waits one real macrotask: lets I/O callbacks (commits, wake-ups) run between idle checks. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));
