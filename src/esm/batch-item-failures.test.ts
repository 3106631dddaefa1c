import { describe, expect, it } from 'vitest';
import { readBatchItemFailures } from './batch-item-failures.ts';

const ids = new Set(['a', 'b', 'c']);
const read = (text: string) => readBatchItemFailures(text, ids).kind;

describe('readBatchItemFailures', () => {
  it('counts empty, null, keyless and empty-list answers as success', () => {
    for (const text of [
      '',
      'null',
      '{}',
      '"ok"',
      '42',
      '[]',
      '{"batchItemFailures":null}',
      '{"batchItemFailures":[]}',
      '{"other":1}',
    ]) {
      expect(read(text), text).toBe('success');
    }
  });

  it('returns the failed identifiers of a well-formed report', () => {
    expect(readBatchItemFailures('{"batchItemFailures":[{"itemIdentifier":"b"},{"itemIdentifier":"b"}]}', ids)).toEqual({
      kind: 'partial',
      itemIdentifiers: ['b'],
    });
  });

  it('fails the whole batch on any malformed report', () => {
    for (const text of [
      'not json',
      '{"batchItemFailures":"a"}',
      '{"batchItemFailures":[{"foo":"notvalid"}]}',
      '{"batchItemFailures":[{"itemIdentifier":""}]}',
      '{"batchItemFailures":[{"itemIdentifier":null}]}',
      '{"batchItemFailures":[{"itemIdentifier":"zzz"}]}',
      '{"batchItemFailures":[{"itemIdentifier":"a"},{"itemIdentifier":7}]}',
      '{"batchItemFailures":[null]}',
    ]) {
      expect(read(text), text).toBe('failure');
    }
  });
});
