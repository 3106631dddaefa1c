import { describe, expect, it } from 'vitest';
import { functionVersionEnum, page, readMaxItems, versionSortKey } from './paging.ts';

describe('paging', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('walks every item once, page by page', () => {
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const result = page(items, (x) => x, marker, 2);
      seen.push(...result.items);
      marker = result.nextMarker;
    } while (marker);
    expect(seen).toEqual(items);
    expect(page(items, (x) => x, undefined, 5).nextMarker).toBeUndefined();
  });

  it('resumes after the marker item even when it was deleted meanwhile', () => {
    const first = page(items, (x) => x, undefined, 2);
    expect(page(['a', 'c', 'd', 'e'], (x) => x, first.nextMarker, 2).items).toEqual(['c', 'd']);
  });

  it('sorts $LATEST before the versions, numerically', () => {
    expect(['10', '$LATEST', '9', '1'].sort((x, y) => (versionSortKey(x) < versionSortKey(y) ? -1 : 1))).toEqual([
      '$LATEST',
      '1',
      '9',
      '10',
    ]);
  });

  it('validates MaxItems and FunctionVersion with Coral messages', () => {
    expect(readMaxItems(undefined)).toBe(50);
    expect(readMaxItems('7')).toBe(7);
    expect(readMaxItems('500')).toBe(50);
    expect(() => readMaxItems('0')).toThrow(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(functionVersionEnum('ALL')).toBe('ALL');
    expect(() => functionVersionEnum('invalid')).toThrow("Value 'invalid' at 'functionVersion'");
  });
});
