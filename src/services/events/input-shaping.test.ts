import { describe, expect, it } from 'vitest';
import { buildEnvelope } from './envelope.ts';
import { InputShapingError, shapeInput, templatePlaceholders } from './input-shaping.ts';
import { parseJsonPath } from './json-path.ts';

const event = buildEnvelope({
  id: 'e-1',
  detailType: 'core.update-account-command',
  source: 'core',
  accountId: '000000000000',
  timeMs: Date.parse('2024-05-13T12:27:07.900Z'),
  region: 'us-east-1',
  resources: ['r'],
  detail: { command: 'update-account', payload: { acc_id: 'a1', sf_id: 'baz' }, list: ['ACTIVE', 'INACTIVE'], ok: true, n: 3 },
});
const facts = {
  ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/r',
  ruleName: 'r',
  ingestionTimeMs: Date.parse('2024-05-13T12:27:08Z'),
};
const paths = {
  command: '$.detail.command',
  payload: '$.detail.payload',
  list: '$.detail.list',
  ok: '$.detail.ok',
  n: '$.detail.n',
  none: '$.detail.none',
};
const transform = (InputTemplate: string) =>
  shapeInput({ InputTransformer: { InputPathsMap: paths, InputTemplate } }, event, facts);

describe('shapeInput', () => {
  it('sends the envelope by default, with time to the second', () => {
    const body = JSON.parse(shapeInput({}, event, facts));
    expect(body.time).toBe('2024-05-13T12:27:07Z');
    expect(body.detail.command).toBe('update-account');
  });

  it('sends Input as written', () => {
    expect(shapeInput({ Input: '"text"' }, event, facts)).toBe('"text"');
  });

  it.each([
    ['$.detail.payload', '{"acc_id":"a1","sf_id":"baz"}'],
    ['$.detail.payload.sf_id', '"baz"'],
    ['$.detail.list[1]', '"INACTIVE"'],
    ["$['detail']['n']", '3'],
    ['$', JSON.stringify(event)],
    ['$.detail.missing', ''],
  ])('InputPath %s', (path, expected) => {
    expect(shapeInput({ InputPath: path }, event, facts)).toBe(expected);
  });

  it.each([
    ['"Command is <command>!"', '"Command is update-account!"'],
    ['"<payload> and <list>"', '"{acc_id:a1,sf_id:baz} and [ACTIVE,INACTIVE]"'],
    ['"<ok> <n> [<none>]"', '"true 3 []"'],
    ['"<command> one"\n"<n> two"', '"update-account one"\n"3 two"'],
    [
      '{"c": <command>, "p": <payload>, "l": <list>, "n": <n>, "none": <none>}',
      '{"c": "update-account", "p": {"acc_id":"a1","sf_id":"baz"}, "l": ["ACTIVE","INACTIVE"], "n": 3, "none": ""}',
    ],
    ['{"path": "users/<command>/x/<command>"}', '{"path": "users/update-account/x/update-account"}'],
    [
      '{"rule": "<aws.events.rule-name>", "at": "<aws.events.event.ingestion-time>"}',
      '{"rule": "r", "at": "2024-05-13T12:27:08Z"}',
    ],
    ['{"text": "a < b"}', '{"text": "a < b"}'],
  ])('InputTransformer %s', (template, expected) => {
    expect(transform(template)).toBe(expected);
  });

  it('refuses a non-string template that renders invalid JSON', () => {
    expect(() => transform('<list> items')).toThrow(InputShapingError);
    expect(() => transform('{"l": "<list>"}')).not.toThrow();
  });

  it('names the placeholders of a template', () => {
    expect(templatePlaceholders('{"a": <x>, "b": "<aws.events.rule-arn>"}')).toEqual(['x', 'aws.events.rule-arn']);
  });
});

describe('parseJsonPath', () => {
  it.each([['$'], ['$.a'], ['$.a.b[0].c'], ["$['a b']"], ['$.detail-type']])('accepts %s', (path) => {
    expect(parseJsonPath(path)).toBeDefined();
  });

  it.each([['detail'], ['$.'], ['$..a'], ['$.a[x]'], ['$[']])('refuses %s', (path) => {
    expect(parseJsonPath(path)).toBeUndefined();
  });
});
