import { describe, expect, it } from 'vitest';
import {
  classifyQualifier,
  effectiveQualifier,
  functionArn,
  functionNameViolations,
  parseFunctionReference,
  parseTaggableArn,
  qualifierViolations,
} from './arn.ts';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:my-fn';

describe('function references', () => {
  it.each([
    ['my-fn', { name: 'my-fn', qualifier: undefined, region: undefined, accountId: undefined, bareName: true }],
    ['my-fn:live', { name: 'my-fn', qualifier: 'live', bareName: false }],
    ['my-fn:3', { name: 'my-fn', qualifier: '3' }],
    ['my-fn:$LATEST', { name: 'my-fn', qualifier: '$LATEST' }],
    [ARN, { name: 'my-fn', qualifier: undefined, region: 'us-east-1', accountId: '000000000000', bareName: false }],
    [`${ARN}:7`, { name: 'my-fn', qualifier: '7', region: 'us-east-1' }],
    ['000000000000:function:my-fn', { name: 'my-fn', accountId: '000000000000', region: undefined }],
    ['function:my-fn:prod', { name: 'my-fn', qualifier: 'prod' }],
    // AWS reads an ARN without the name as a function called "function" (AWS-recorded).
    ['arn:aws:lambda:us-east-1:000000000000:function', { name: 'function', region: 'us-east-1' }],
  ])('parses %s', (value, expected) => {
    expect(parseFunctionReference(value, 'NamespacedFunctionName')).toMatchObject(expected);
  });

  it.each([
    'my-function!',
    'invalid-account:function:my-function',
    'arn:aws:lambda:invalid-region:000000000000:function:my-function',
    'arn:aws:ec2:us-east-1:000000000000:instance:i-1234567890abcdef0',
    `${ARN}:1:2`,
    'function:my-function:$LATEST:extra',
    `${ARN}:$LATES`,
    'arn:aws:lambda::000000000000:function:my-function',
  ])('refuses %s with the Coral pattern message', (value) => {
    expect(parseFunctionReference(value, 'NamespacedFunctionName')).toBeUndefined();
    expect(functionNameViolations(value, 'NamespacedFunctionName')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Value '${value.replace(/[$.*+?^()|[\]\\{}]/g, '\\$&')}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \\(arn:`,
        ),
      ),
    ]);
  });

  it('allows dots only in namespaced names and reports length with pattern for CreateFunction', () => {
    expect(parseFunctionReference('my.fn', 'NamespacedFunctionName')?.name).toBe('my.fn');
    expect(parseFunctionReference('my.fn', 'FunctionName')).toBeUndefined();
    const long = `arn:aws:lambda:invalid-region:000000000000:function:${'a'.repeat(140)}`;
    expect(functionNameViolations(long, 'FunctionName', true)).toHaveLength(2);
    expect(functionNameViolations(long, 'NamespacedFunctionName')).toHaveLength(1);
    expect(functionNameViolations(`my-function:${'a'.repeat(129)}`, 'FunctionName', true)).toEqual([
      `Value 'my-function:${'a'.repeat(129)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140`,
    ]);
  });

  it('validates qualifiers as the Qualifier member', () => {
    expect(qualifierViolations('$LATEST')).toEqual([]);
    expect(qualifierViolations('$latest')).toEqual([]);
    expect(qualifierViolations('live_1')).toEqual([]);
    expect(qualifierViolations('invalid!')).toEqual([
      String.raw`Value 'invalid!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`,
    ]);
    expect(qualifierViolations('a'.repeat(129))).toEqual([
      `Value '${'a'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`,
    ]);
  });

  it('classifies qualifiers and reconciles the name with the Qualifier parameter', () => {
    expect(classifyQualifier('$LATEST')).toEqual({ kind: 'latest' });
    expect(classifyQualifier('12')).toEqual({ kind: 'version', version: 12 });
    expect(classifyQualifier('2024-01-02')).toEqual({ kind: 'alias', name: '2024-01-02' });
    expect(effectiveQualifier('1', undefined)).toEqual({ qualifier: '1' });
    expect(effectiveQualifier(undefined, 'live')).toEqual({ qualifier: 'live' });
    expect(effectiveQualifier('1', '1')).toEqual({ qualifier: '1' });
    expect(effectiveQualifier('1', '$LATEST')).toBeUndefined();
  });

  it('builds ARNs and reads taggable ones', () => {
    expect(functionArn('eu-west-1', '123456789012', 'f')).toBe('arn:aws:lambda:eu-west-1:123456789012:function:f');
    expect(functionArn('eu-west-1', '123456789012', 'f', '$LATEST')).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST',
    );
    expect(parseTaggableArn(`${ARN}:live`)).toEqual({
      region: 'us-east-1',
      accountId: '000000000000',
      name: 'my-fn',
      qualifier: 'live',
    });
    expect(parseTaggableArn('my-fn')).toBeUndefined();
  });
});
