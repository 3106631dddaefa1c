import { describe, expect, it } from 'vitest';
import { compileEventPattern, InvalidEventPatternError } from './event-pattern.ts';

const envelope = {
  version: '0',
  id: '1',
  'detail-type': 'Order Placed',
  source: 'shop.orders',
  account: '000000000000',
  time: '2024-05-13T12:27:07Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:000000000000:instance/i-1', 'arn:aws:s3:::bucket'],
  detail: {
    state: 'pending',
    count: 3,
    price: 301.8,
    flag: false,
    nothing: null,
    empty: '',
    file: 'photos/2024/cat.PNG',
    ip: '10.0.0.255',
    ip6: '2001:0db8:1234:1a00:0000:0000:0000:0001',
    tags: ['red', 'green'],
    numbers: [1, 5, 9],
    items: [
      { sku: 'a', qty: 1 },
      { sku: 'b', qty: 7 },
    ],
    nested: { level: { deep: 'yes' } },
    'dotted.key': 'dot',
    none: [],
  },
};

type Case = [name: string, pattern: unknown, matches: boolean];

const cases: Case[] = [
  ['exact string', { source: ['shop.orders'] }, true],
  ['exact string is case sensitive', { source: ['SHOP.orders'] }, false],
  ['OR within a leaf array', { source: ['x', 'shop.orders'] }, true],
  ['AND across keys', { source: ['shop.orders'], 'detail-type': ['nope'] }, false],
  ['unknown field does not match', { detail: { missing: ['x'] } }, false],
  ['exact number', { detail: { count: [3] } }, true],
  ['number equals float form', { detail: { count: [3.0] } }, true],
  ['number is not a string', { detail: { count: ['3'] } }, false],
  ['boolean', { detail: { flag: [false] } }, true],
  ['boolean mismatch', { detail: { flag: [true] } }, false],
  ['null matches JSON null', { detail: { nothing: [null] } }, true],
  ['null does not match absence', { detail: { missing: [null] } }, false],
  ['empty string', { detail: { empty: [''] } }, true],
  ['empty string is not null', { detail: { nothing: [''] } }, false],
  ['event array: any element', { resources: ['arn:aws:s3:::bucket'] }, true],
  ['event array: no element', { resources: ['arn:aws:s3:::other'] }, false],
  ['empty event array matches nothing', { detail: { none: [null] } }, false],
  ['prefix', { 'detail-type': [{ prefix: 'Order' }] }, true],
  ['prefix mismatch', { 'detail-type': [{ prefix: 'order' }] }, false],
  ['empty prefix matches any string', { source: [{ prefix: '' }] }, true],
  ['prefix only on strings', { detail: { count: [{ prefix: '3' }] } }, false],
  ['prefix equals-ignore-case', { 'detail-type': [{ prefix: { 'equals-ignore-case': 'oRDer' } }] }, true],
  ['suffix', { detail: { file: [{ suffix: '.PNG' }] } }, true],
  ['suffix is case sensitive', { detail: { file: [{ suffix: '.png' }] } }, false],
  ['suffix equals-ignore-case', { detail: { file: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, true],
  ['equals-ignore-case', { 'detail-type': [{ 'equals-ignore-case': 'order placed' }] }, true],
  ['equals-ignore-case mismatch', { 'detail-type': [{ 'equals-ignore-case': 'order' }] }, false],
  ['equals-ignore-case empty', { detail: { empty: [{ 'equals-ignore-case': '' }] } }, true],
  ['anything-but string', { detail: { state: [{ 'anything-but': 'done' }] } }, true],
  ['anything-but string excluded', { detail: { state: [{ 'anything-but': 'pending' }] } }, false],
  ['anything-but list', { detail: { state: [{ 'anything-but': ['a', 'pending'] }] } }, false],
  ['anything-but number', { detail: { count: [{ 'anything-but': 4 }] } }, true],
  ['anything-but number excluded', { detail: { count: [{ 'anything-but': [1, 3] }] } }, false],
  ['anything-but matches null', { detail: { nothing: [{ 'anything-but': 'x' }] } }, true],
  ['anything-but never matches absence', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
  ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'done' } }] } }, true],
  ['anything-but prefix excluded', { detail: { state: [{ 'anything-but': { prefix: 'pend' } }] } }, false],
  ['anything-but prefix list', { detail: { state: [{ 'anything-but': { prefix: ['x', 'pe'] } }] } }, false],
  ['anything-but prefix on a number', { detail: { count: [{ 'anything-but': { prefix: '3' } }] } }, true],
  ['anything-but suffix', { detail: { file: [{ 'anything-but': { suffix: '.jpg' } }] } }, true],
  ['anything-but suffix excluded', { detail: { file: [{ 'anything-but': { suffix: '.PNG' } }] } }, false],
  ['anything-but equals-ignore-case', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['PENDING'] } }] } }, false],
  ['anything-but wildcard', { detail: { file: [{ 'anything-but': { wildcard: 'photos/*.jpg' } }] } }, true],
  ['anything-but wildcard excluded', { detail: { file: [{ 'anything-but': { wildcard: 'photos/*' } }] } }, false],
  ['numeric range', { detail: { count: [{ numeric: ['>', 0, '<=', 3] }] } }, true],
  ['numeric range open top', { detail: { count: [{ numeric: ['>', 0, '<', 3] }] } }, false],
  ['numeric equals', { detail: { price: [{ numeric: ['=', 3.018e2] }] } }, true],
  ['numeric lower only', { detail: { count: [{ numeric: ['>=', 3] }] } }, true],
  ['numeric on a string', { 'detail-type': [{ numeric: ['>', 0] }] }, false],
  ['numeric on array: any element', { detail: { numbers: [{ numeric: ['>', 8] }] } }, true],
  ['exists true', { detail: { state: [{ exists: true }] } }, true],
  ['exists true on absence', { detail: { missing: [{ exists: true }] } }, false],
  ['exists true on an object is false', { detail: { nested: [{ exists: true }] } }, false],
  ['exists true on null', { detail: { nothing: [{ exists: true }] } }, true],
  ['exists true on empty array', { detail: { none: [{ exists: true }] } }, false],
  ['exists false on absence', { detail: { missing: [{ exists: false }] } }, true],
  ['exists false deep under a missing parent', { detail: { no: { such: { path: [{ exists: false }] } } } }, true],
  ['exists false on presence', { detail: { state: [{ exists: false }] } }, false],
  ['exists false or anything-but', { detail: { missing: [{ 'anything-but': 'x' }, { exists: false }] } }, true],
  ['wildcard', { detail: { file: [{ wildcard: 'photos/*/cat.*' }] } }, true],
  ['wildcard mismatch', { detail: { file: [{ wildcard: 'photos/*/dog.*' }] } }, false],
  ['wildcard without star is exact', { detail: { file: [{ wildcard: 'photos' }] } }, false],
  ['wildcard empty matches only empty', { detail: { empty: [{ wildcard: '' }] } }, true],
  ['wildcard escaped star is literal', { detail: { file: [{ wildcard: 'photos\\*' }] } }, false],
  ['cidr v4', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, true],
  ['cidr v4 outside', { detail: { ip: [{ cidr: '10.0.1.0/24' }] } }, false],
  ['cidr v6', { detail: { ip6: [{ cidr: '2001:db8:1234:1a00::/64' }] } }, true],
  ['cidr v6 outside', { detail: { ip6: [{ cidr: '2001:db8:1234:1a01::/64' }] } }, false],
  ['cidr on a non-IP', { detail: { state: [{ cidr: '10.0.0.0/8' }] } }, false],
  ['$or', { detail: { $or: [{ count: [9] }, { state: ['pending'] }] } }, true],
  ['$or none', { detail: { $or: [{ count: [9] }, { state: ['done'] }] } }, false],
  ['$or at top level with other keys', { source: ['shop.orders'], $or: [{ account: ['1'] }, { region: ['us-east-1'] }] }, true],
  ['nested $or', { $or: [{ source: ['x'] }, { detail: { $or: [{ count: [0] }, { flag: [false] }] } }] }, true],
  ['nested objects', { detail: { nested: { level: { deep: ['yes'] } } } }, true],
  ['dotted pattern key', { detail: { 'nested.level.deep': ['yes'] } }, true],
  ['dotted event key', { detail: { dotted: { key: ['dot'] } } }, true],
  ['object pattern inside array: same element', { detail: { items: { sku: ['b'], qty: [7] } } }, true],
  ['object pattern inside array: fields from different elements', { detail: { items: { sku: ['a'], qty: [7] } } }, false],
  ['a scalar is not an object', { source: { inner: ['x'] } }, false],
];

describe('compileEventPattern matching', () => {
  it.each(cases)('%s', (_name, pattern, expected) => {
    expect(compileEventPattern(pattern).matches(envelope)).toBe(expected);
  });

  it('treats a non-object event as having no fields', () => {
    expect(compileEventPattern({ a: [{ exists: false }] }).matches('text')).toBe(true);
    expect(compileEventPattern({ a: ['x'] }).matches(null)).toBe(false);
  });
});

const invalid: [pattern: unknown, reason: string][] = [
  [['a'], 'Filter is not an object'],
  [{}, 'Empty objects are not allowed'],
  [{ source: [] }, 'Empty arrays are not allowed'],
  [{ source: 'x' }, '"source" must be an object or an array'],
  [{ int: 42 }, '"int" must be an object or an array'],
  [{ a: [['x']] }, 'Match value must be String, number, true, false, or null'],
  [{ a: [{}] }, 'Match expression name not found'],
  [{ a: [{ NUMERIC: ['=', 5] }] }, 'Unrecognized match type NUMERIC'],
  [{ a: [{ EXISTS: true }] }, 'Unrecognized match type EXISTS'],
  [{ a: [{ prefix: 'x', suffix: 'y' }] }, 'Only one key allowed in match expression'],
  [{ a: [{ prefix: 123 }] }, 'prefix match pattern must be a string'],
  [{ a: [{ prefix: ['x'] }] }, 'prefix match pattern must be a string'],
  [{ a: [{ suffix: ['.png'] }] }, 'suffix match pattern must be a string'],
  [{ a: [{ 'equals-ignore-case': ['x'] }] }, 'equals-ignore-case match pattern must be a string'],
  [{ a: [{ 'equals-ignore-case': { prefix: 'x' } }] }, 'equals-ignore-case match pattern must be a string'],
  [{ a: [{ numeric: 10 }] }, 'Value of numeric must be an array.'],
  [{ a: [{ numeric: ['>', 0, '>', 0] }] }, 'Bad numeric range operator: >'],
  [{ a: [{ numeric: ['>', 0, '<'] }] }, 'Value of < must be numeric'],
  [{ a: [{ numeric: ['=', 'x'] }] }, 'Value of equals must be numeric'],
  [{ a: [{ numeric: ['!=', 1] }] }, 'Unrecognized numeric range operator: !='],
  [{ a: [{ numeric: ['<', 1, '>', 0] }] }, 'Too many elements in numeric expression'],
  [{ a: [{ numeric: ['>', 0, '<', 5, '<', 6] }] }, 'Too many terms in numeric range expression'],
  [{ a: [{ exists: 'yes' }] }, 'exists match pattern must be either true or false.'],
  [{ a: [{ 'anything-but': null }] }, 'Value of anything-but must be an array or single string/number value.'],
  [{ a: [{ 'anything-but': ['x', null] }] }, 'Inside anything but list, start|null|boolean is not supported.'],
  [
    { a: [{ 'anything-but': ['x', 1] }] },
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  [{ a: [{ 'anything-but': { prefix: 123 } }] }, 'prefix/suffix match pattern must be a string'],
  [{ a: [{ 'anything-but': { suffix: [null, '.x'] } }] }, 'prefix/suffix match pattern must be a string'],
  [{ a: [{ 'anything-but': { prefix: '' } }] }, 'Null prefix/suffix not allowed'],
  [
    { a: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'x' } } }] },
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    { a: [{ 'anything-but': { 'equals-ignore-case': 123 } }] },
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  ],
  [{ a: [{ 'anything-but': { wildcard: 123 } }] }, 'wildcard match pattern must be a string'],
  [{ a: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'Unsupported anything-but pattern: numeric'],
  [{ a: [{ wildcard: 123 }] }, 'wildcard match pattern must be a string'],
  [{ a: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] }, 'Consecutive wildcard characters at pos 26'],
  [
    { a: [{ wildcard: '*:*:*:*:*:event-bus/*' }] },
    'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
  ],
  [{ a: [{ cidr: 'bad-filter' }] }, "Malformed CIDR, one '/' required"],
  [{ a: [{ cidr: 'bad-/64filter' }] }, 'Malformed CIDR, mask bits must be an integer'],
  [{ a: [{ cidr: 'xx.11.xx/8' }] }, 'Nonstandard IP address: xx.11.xx'],
  [{ a: [{ cidr: 'xxxx:db8:1234:1a00::/64' }] }, 'Nonstandard IP address: xxxx:db8:1234:1a00::'],
  [{ a: [{ cidr: ['10.0.0.0/8'] }] }, 'prefix match pattern must be a string'],
  [{ $or: { a: ['x'] } }, 'It must be an Array followed with $or.'],
  [{ $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.'],
  [{ $or: [{ a: ['x'] }, 'b'] }, 'Only JSON object is allowed in array of $or relationship.'],
  [{ $or: [{ a: ['x'] }, { prefix: ['y'] }] }, 'prefix is Ruler reserved fieldName which cannot be used inside $or.'],
];

describe('compileEventPattern validation', () => {
  it.each(invalid)('%j is refused', (pattern, reason) => {
    let caught: unknown;
    try {
      compileEventPattern(pattern);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventPatternError);
    expect((caught as InvalidEventPatternError).reason).toBe(reason);
  });
});
