import { describe, expect, it } from 'vitest';
import { parseCfnYaml } from './cfn-yaml.ts';

describe('CloudFormation YAML short tags', () => {
  it('turns scalar, sequence and map tags into their long form', () => {
    const parsed = parseCfnYaml(
      [
        'a: !Ref Queue',
        'b: !GetAtt Queue.Arn',
        'c: !GetAtt [Queue, QueueName]',
        'd: !Sub "${AWS::Region}-x"',
        'e: !Sub ["${A}", {A: !Ref B}]',
        'f: !Join [":", [a, !Ref C]]',
        'g: !If [Cond, 1, !Ref AWS::NoValue]',
        'h: !Equals [!Ref Stage, prod]',
        'i: !Not [!Condition IsProd]',
        'j: !FindInMap [M, !Ref AWS::Region, k]',
        'k: !GetAZs ""',
        'l: !Base64 hello',
        'm: !ImportValue Shared',
        'n: !Select [0, !Split [",", "a,b"]]',
        'o: !GetAtt Fn.DestinationQueue.Arn',
      ].join('\n'),
      'template.yaml',
    );
    expect(parsed).toEqual({
      a: { Ref: 'Queue' },
      b: { 'Fn::GetAtt': ['Queue', 'Arn'] },
      c: { 'Fn::GetAtt': ['Queue', 'QueueName'] },
      d: { 'Fn::Sub': '${AWS::Region}-x' },
      e: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] },
      f: { 'Fn::Join': [':', ['a', { Ref: 'C' }]] },
      g: { 'Fn::If': ['Cond', 1, { Ref: 'AWS::NoValue' }] },
      h: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      i: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      j: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'k'] },
      k: { 'Fn::GetAZs': '' },
      l: { 'Fn::Base64': 'hello' },
      m: { 'Fn::ImportValue': 'Shared' },
      n: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
      o: { 'Fn::GetAtt': ['Fn', 'DestinationQueue.Arn'] },
    });
  });

  it('reads JSON templates too', () => {
    expect(parseCfnYaml('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}', 't.json')).toEqual({
      Resources: { Q: { Type: 'AWS::SQS::Queue' } },
    });
  });

  it('names the file, line and column of a syntax error', () => {
    expect(() => parseCfnYaml('Resources:\n  Q: [unclosed\n', 'template.yaml')).toThrow(
      /^template\.yaml: line \d+, column \d+: /,
    );
  });
});
