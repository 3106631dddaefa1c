import { describe, expect, it } from 'vitest';
import { attributeObject, compileFilterPolicy, InvalidFilterPolicyError, type SnsMessageAttribute } from './filter-policy.ts';

const S = (value: string): SnsMessageAttribute => ({ DataType: 'String', StringValue: value });
const N = (value: string): SnsMessageAttribute => ({ DataType: 'Number', StringValue: value });
const A = (values: unknown[]): SnsMessageAttribute => ({ DataType: 'String.Array', StringValue: JSON.stringify(values) });
const B = (base64: string): SnsMessageAttribute => ({ DataType: 'Binary', BinaryValue: base64 });

describe('filter policies on message attributes', () => {
  const cases: Array<[string, unknown, Record<string, SnsMessageAttribute>, boolean]> = [
    ['exact string', { store: ['example_corp'] }, { store: S('example_corp') }, true],
    ['exact string, other value', { store: ['example_corp'] }, { store: S('other') }, false],
    ['string is case-sensitive', { store: ['example_corp'] }, { store: S('Example_Corp') }, false],
    ['missing attribute', { store: ['example_corp'] }, {}, false],
    ['values OR', { colour: ['red', 'green'] }, { colour: S('green') }, true],
    ['keys AND', { colour: ['red'], size: ['L'] }, { colour: S('red'), size: S('M') }, false],
    ['array attribute, one element matches', { interests: ['rugby'] }, { interests: A(['soccer', 'rugby']) }, true],
    ['array attribute, none matches', { interests: ['rugby'] }, { interests: A(['soccer']) }, false],
    ['numeric range', { price: [{ numeric: ['>=', 100, '<', 200] }] }, { price: N('150.5') }, true],
    ['numeric range, outside', { price: [{ numeric: ['>=', 100, '<', 200] }] }, { price: N('200') }, false],
    ['numeric exact', { price: [{ numeric: ['=', 300] }] }, { price: N('300.0') }, true],
    ['numeric value as number literal', { price: [300] }, { price: N('300') }, true],
    ['numeric policy on a String attribute', { price: [{ numeric: ['>', 1] }] }, { price: S('5') }, false],
    ['prefix', { region: [{ prefix: 'us-' }] }, { region: S('us-west-2') }, true],
    ['anything-but list', { colour: [{ 'anything-but': ['red', 'blue'] }] }, { colour: S('green') }, true],
    ['anything-but list, excluded', { colour: [{ 'anything-but': ['red', 'blue'] }] }, { colour: S('red') }, false],
    ['anything-but prefix', { region: [{ 'anything-but': { prefix: 'eu-' } }] }, { region: S('us-east-1') }, true],
    ['anything-but prefix, excluded', { region: [{ 'anything-but': { prefix: 'eu-' } }] }, { region: S('eu-west-1') }, false],
    ['exists true', { canary: [{ exists: true }] }, { canary: S('x') }, true],
    ['exists false, absent', { canary: [{ exists: false }] }, {}, true],
    ['exists false, present', { canary: [{ exists: false }] }, { canary: S('x') }, false],
    ['binary attributes never match', { blob: [{ exists: true }] }, { blob: B('AQID') }, false],
    ['$or first branch', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: S('1') }, true],
    ['$or second branch', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { b: S('2') }, true],
    ['$or no branch', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: S('2'), b: S('1') }, false],
    ['equals-ignore-case', { name: [{ 'equals-ignore-case': 'ALICE' }] }, { name: S('alice') }, true],
    ['suffix', { file: [{ suffix: '.png' }] }, { file: S('cat.png') }, true],
  ];
  it.each(cases)('%s', (_name, policy, attributes, expected) => {
    expect(compileFilterPolicy(JSON.stringify(policy), 'MessageAttributes').matches('ignored', attributes)).toBe(expected);
  });
});

describe('filter policies on the message body', () => {
  const cases: Array<[string, unknown, string, boolean]> = [
    ['nested key', { order: { kind: ['book'] } }, JSON.stringify({ order: { kind: 'book' } }), true],
    ['nested key, other value', { order: { kind: ['book'] } }, JSON.stringify({ order: { kind: 'pen' } }), false],
    ['array in the body', { tags: ['b'] }, JSON.stringify({ tags: ['a', 'b'] }), true],
    ['numeric in the body', { amount: [{ numeric: ['>', 10] }] }, JSON.stringify({ amount: 11 }), true],
    ['not JSON', { a: ['1'] }, 'plain text', false],
    ['exists false in the body', { a: { b: [{ exists: false }] } }, JSON.stringify({ a: { c: 1 } }), true],
    ['$or nested', { a: { $or: [{ x: ['1'] }, { y: ['2'] }] } }, JSON.stringify({ a: { y: '2' } }), true],
  ];
  it.each(cases)('%s', (_name, policy, body, expected) => {
    expect(compileFilterPolicy(JSON.stringify(policy), 'MessageBody').matches(body, {})).toBe(expected);
  });
});

describe('filter policy validation', () => {
  const reason = (text: string, scope: 'MessageAttributes' | 'MessageBody' = 'MessageAttributes') => {
    try {
      compileFilterPolicy(text, scope);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidFilterPolicyError);
      return (error as Error).message;
    }
    throw new Error('expected the policy to be refused');
  };

  it('refuses unparsable JSON', () => {
    expect(reason('{"a": [')).toMatch(/^failed to parse JSON\. /);
  });

  it('refuses more than 5 keys', () => {
    expect(reason(JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }))).toBe(
      'Filter policy can not have more than 5 keys',
    );
    expect(() =>
      compileFilterPolicy(JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'] }), 'MessageAttributes'),
    ).not.toThrow();
  });

  it('refuses more than 150 combinations', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(reason(JSON.stringify({ a: values(10), b: values(16) }))).toBe('Filter policy is too complex');
    expect(() => compileFilterPolicy(JSON.stringify({ a: values(10), b: values(15) }), 'MessageAttributes')).not.toThrow();
  });

  it('refuses nesting in the MessageAttributes scope only', () => {
    expect(reason(JSON.stringify({ a: { b: ['c'] } }))).toBe(
      'Filter policy scope MessageAttributes does not support nested filter policy',
    );
    expect(() => compileFilterPolicy(JSON.stringify({ a: { b: ['c'] } }), 'MessageBody')).not.toThrow();
  });

  it("passes on the pattern language's own reasons", () => {
    expect(reason(JSON.stringify({ a: [] }))).toBe('Empty arrays are not allowed');
    expect(reason('[1]')).toMatch(/^failed to parse JSON/);
  });
});

describe('attributeObject', () => {
  it('types attributes for matching: numbers, arrays, strings; binary left out', () => {
    expect(
      attributeObject({
        s: S('x'),
        n: N('1.5'),
        a: A(['p', 1]),
        b: B('AQ=='),
        bad: { DataType: 'String.Array', StringValue: 'nope' },
      }),
    ).toEqual({
      s: 'x',
      n: 1.5,
      a: ['p', 1],
      bad: 'nope',
    });
  });
});
