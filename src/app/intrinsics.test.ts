import { describe, expect, it } from 'vitest';
import { AppLoadError } from './app-load-error.ts';
import { NO_VALUE, referencedIds, resolveValue, type IntrinsicScope } from './intrinsics.ts';

function scope(warnings: string[] = []): IntrinsicScope {
  const conditions: Record<string, boolean> = { IsProd: false, IsDev: true };
  const resources: Record<string, { ref: string; attrs: Record<string, string> }> = {
    Queue: {
      ref: 'http://localhost:4566/000000000000/q',
      attrs: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q', QueueName: 'q' },
    },
  };
  return {
    file: 'template.yaml',
    pseudo: {
      'AWS::Region': 'eu-west-1',
      'AWS::AccountId': '000000000000',
      'AWS::StackName': 'demo',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    },
    parameters: new Map<string, unknown>([
      ['Stage', 'dev'],
      ['Subnets', ['a', 'b']],
    ]),
    mappings: { Sizes: { dev: { Memory: 256 }, prod: { Memory: 1024 } } },
    condition: (name, path) => {
      if (!(name in conditions)) throw new AppLoadError('template.yaml', path, `condition ${name} is not defined in Conditions`);
      return conditions[name]!;
    },
    ref: (id) => resources[id]?.ref,
    getAtt: (id, attr, path) => {
      const value = resources[id]?.attrs[attr];
      if (value === undefined)
        throw new AppLoadError('template.yaml', path, `Fn::GetAtt ${id}.${attr}, which is not a resource of this template`);
      return value;
    },
    importValue: (name) => {
      warnings.push(`import ${name}`);
      return '';
    },
    warn: (_kind, path, message) => warnings.push(`${path}: ${message}`),
  };
}

const resolve = (value: unknown, s = scope()) => resolveValue(value, s, 'Resources.X.Properties');

describe('intrinsic functions', () => {
  it('Ref: parameters, pseudo parameters, resources and AWS::NoValue', () => {
    expect(resolve({ Ref: 'Stage' })).toBe('dev');
    expect(resolve({ Ref: 'AWS::Region' })).toBe('eu-west-1');
    expect(resolve({ Ref: 'AWS::AccountId' })).toBe('000000000000');
    expect(resolve({ Ref: 'AWS::StackName' })).toBe('demo');
    expect(resolve({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(resolve({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com');
    expect(resolve({ Ref: 'Queue' })).toBe('http://localhost:4566/000000000000/q');
    expect(resolve({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
    expect(resolve({ a: 1, b: { Ref: 'AWS::NoValue' }, c: [1, { Ref: 'AWS::NoValue' }, 2] })).toEqual({ a: 1, c: [1, 2] });
  });

  it('Ref to something unknown names the path', () => {
    expect(() => resolve({ Ref: 'Nope' })).toThrow(
      'template.yaml: Resources.X.Properties.Ref: Ref to Nope, which is neither a parameter nor a resource of this template',
    );
    expect(() => resolve({ Ref: 'AWS::Nope' })).toThrow('Unknown pseudo parameter AWS::Nope');
  });

  it('Fn::GetAtt in list and dotted string form', () => {
    expect(resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe('arn:aws:sqs:us-east-1:000000000000:q');
    expect(resolve({ 'Fn::GetAtt': 'Queue.QueueName' })).toBe('q');
    expect(() => resolve({ 'Fn::GetAtt': ['Missing', 'Arn'] })).toThrow('Fn::GetAtt Missing.Arn');
    expect(() => resolve({ 'Fn::GetAtt': 42 })).toThrow('Fn::GetAtt needs [LogicalId, Attribute]');
  });

  it('Fn::Sub: parameters, pseudo parameters, attributes, variables and ${!Literal}', () => {
    expect(resolve({ 'Fn::Sub': '${AWS::StackName}-${Stage}-${Queue.QueueName}' })).toBe('demo-dev-q');
    expect(resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t' })).toBe(
      'arn:aws:sns:eu-west-1:000000000000:t',
    );
    expect(resolve({ 'Fn::Sub': ['${Name}/${Stage}', { Name: { Ref: 'Queue' } }] })).toBe(
      'http://localhost:4566/000000000000/q/dev',
    );
    expect(resolve({ 'Fn::Sub': 'keep ${!Literal} and ${Stage}' })).toBe('keep ${Literal} and dev');
    expect(resolve({ 'Fn::Sub': '${Subnets}' })).toBe('a,b');
    expect(() => resolve({ 'Fn::Sub': 42 })).toThrow('Fn::Sub needs a template string');
  });

  it('Fn::Join, Fn::Split, Fn::Select', () => {
    expect(resolve({ 'Fn::Join': [':', ['arn', 'aws', { Ref: 'Stage' }]] })).toBe('arn:aws:dev');
    expect(resolve({ 'Fn::Join': [',', { Ref: 'Subnets' }] })).toBe('a,b');
    expect(resolve({ 'Fn::Split': ['|', 'a|b|c'] })).toEqual(['a', 'b', 'c']);
    expect(resolve({ 'Fn::Select': ['1', { 'Fn::Split': ['|', 'a|b|c'] }] })).toBe('b');
    expect(() => resolve({ 'Fn::Select': [5, ['a']] })).toThrow('Fn::Select index 5 is out of range for 1 item(s)');
    expect(() => resolve({ 'Fn::Join': [','] })).toThrow('Fn::Join needs a list of 2 arguments');
  });

  it('Fn::If picks one branch and never resolves the other', () => {
    expect(resolve({ 'Fn::If': ['IsDev', 'small', { Ref: 'DoesNotExist' }] })).toBe('small');
    expect(resolve({ 'Fn::If': ['IsProd', 'big', { Ref: 'AWS::NoValue' }] })).toBe(NO_VALUE);
    expect(resolve({ x: { 'Fn::If': ['IsProd', 'big', { Ref: 'AWS::NoValue' }] } })).toEqual({});
    expect(() => resolve({ 'Fn::If': ['Unknown', 1, 2] })).toThrow('condition Unknown is not defined in Conditions');
  });

  it('Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition', () => {
    expect(resolve({ 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] })).toBe(true);
    expect(resolve({ 'Fn::Equals': [1, '1'] })).toBe(true);
    expect(resolve({ 'Fn::And': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'a'] }] })).toBe(true);
    expect(resolve({ 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'IsProd' }] })).toBe(false);
    expect(resolve({ 'Fn::Or': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] })).toBe(true);
    expect(resolve({ 'Fn::Not': [{ Condition: 'IsProd' }] })).toBe(true);
    expect(() => resolve({ 'Fn::And': [{ Condition: 'IsDev' }] })).toThrow('Fn::And needs between 2 and 10 conditions');
  });

  it('Fn::FindInMap, with clear errors for missing keys', () => {
    expect(resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] })).toBe(256);
    expect(() => resolve({ 'Fn::FindInMap': ['Nope', 'dev', 'Memory'] })).toThrow('Mapping Nope is not defined in Mappings');
    expect(() => resolve({ 'Fn::FindInMap': ['Sizes', 'test', 'Memory'] })).toThrow('Mapping Sizes has no key test');
    expect(() => resolve({ 'Fn::FindInMap': ['Sizes', 'dev', 'Cpu'] })).toThrow('Mapping Sizes.dev has no key Cpu');
  });

  it('Fn::GetAZs, Fn::Base64, Fn::ToJsonString, Fn::Length', () => {
    expect(resolve({ 'Fn::GetAZs': '' })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(resolve({ 'Fn::GetAZs': 'us-east-2' })).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
    expect(resolve({ 'Fn::Base64': { 'Fn::Sub': 'hi ${Stage}' } })).toBe(Buffer.from('hi dev').toString('base64'));
    expect(resolve({ 'Fn::ToJsonString': { a: { Ref: 'Stage' } } })).toBe('{"a":"dev"}');
    expect(resolve({ 'Fn::Length': [1, 2, 3] })).toBe(3);
  });

  it('Fn::ImportValue and unknown functions warn instead of failing', () => {
    const warnings: string[] = [];
    const s = scope(warnings);
    expect(resolve({ 'Fn::ImportValue': 'SharedQueue' }, s)).toBe('');
    expect(resolve({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, s)).toBe('');
    expect(warnings).toEqual([
      'import SharedQueue',
      'Resources.X.Properties.Fn::Cidr: Fn::Cidr is not supported; the value is left empty',
    ]);
  });

  it('collects the logical ids a value refers to, for ordering', () => {
    const ids = referencedIds({
      a: { Ref: 'A' },
      b: { 'Fn::GetAtt': ['B', 'Arn'] },
      c: { 'Fn::GetAtt': 'C.Arn' },
      d: { 'Fn::Sub': '${D}-${E.Arn}-${!F}-${AWS::Region}' },
      e: { 'Fn::Sub': ['${G}-${H}', { G: { Ref: 'I' } }] },
    });
    expect([...ids].sort()).toEqual(['A', 'AWS::Region', 'B', 'C', 'D', 'E', 'H', 'I']);
  });
});
