/**
 * Marker paging of the List operations. A marker is the (encoded) sort key of the last item returned, so
 * pages stay consistent while items are created or deleted between calls. Pure.
 */
import { violation } from './arn.ts';
import { throwViolations } from './errors.ts';
import { readInteger } from './validate.ts';

/** ListFunctions and ListVersionsByFunction return at most 50 items a page, whatever MaxItems says. */
export const MAX_PAGE_ITEMS = 50;
const MAX_ITEMS_LIMIT = 10_000;

export function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string): string {
  return Buffer.from(marker, 'base64url').toString('utf8');
}

/** MaxItems from the query string (1..10000), or the page size when absent. */
export function readMaxItems(raw: unknown, pageLimit: number = MAX_PAGE_ITEMS): number {
  const violations: string[] = [];
  const value = readInteger(raw, 'maxItems', { min: 1, max: MAX_ITEMS_LIMIT }, violations);
  throwViolations(violations);
  return Math.min(value ?? pageLimit, pageLimit);
}

export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  marker: string | undefined,
  maxItems: number,
): { items: T[]; nextMarker: string | undefined } {
  const after = marker === undefined || marker === '' ? undefined : decodeMarker(marker);
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const taken = rest.slice(0, maxItems);
  const nextMarker = rest.length > maxItems ? encodeMarker(keyOf(taken[taken.length - 1]!)) : undefined;
  return { items: taken, nextMarker };
}

/** Sorts `$LATEST` before the versions, and versions by number, inside one function. */
export function versionSortKey(version: string): string {
  return version === '$LATEST' ? '0' : `1${version.padStart(12, '0')}`;
}

export function functionVersionEnum(raw: unknown): 'ALL' | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw !== 'ALL') {
    throwViolations([violation(raw, 'functionVersion', 'Member must satisfy enum value set: [ALL]')]);
  }
  return 'ALL';
}

export function optionalMarker(input: Record<string, unknown>): string | undefined {
  const marker = input.Marker;
  return marker === undefined || marker === null ? undefined : String(marker);
}
