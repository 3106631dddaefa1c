import { describe, expect, it } from 'vitest';
import { aliasNameViolations, checkRouting, pickRoutedVersion, readAliasChange } from './alias-validation.ts';

describe('alias inputs', () => {
  it('accepts names that are not all digits', () => {
    expect(aliasNameViolations('2024-01-02')).toEqual([]);
    expect(aliasNameViolations('live_1')).toEqual([]);
    expect(aliasNameViolations('2024')).toEqual([
      "Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    ]);
  });

  it('reads routing weights, rendering bad ones as Java maps', () => {
    const violations: string[] = [];
    expect(
      readAliasChange({ FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } } }, violations, true),
    ).toEqual({
      functionVersion: '1',
      routingConfig: { '2': 0.5 },
    });
    expect(readAliasChange({ RoutingConfig: {} }, violations, false)).toEqual({ routingConfig: null });
    expect(violations).toEqual([]);
    readAliasChange({ FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': -1 } } }, violations, true);
    readAliasChange({ FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { $LATEST: 0.5 } } }, violations, true);
    readAliasChange({}, violations, true);
    expect(violations).toEqual([
      "Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
      "Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
      "Value null at 'functionVersion' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('checks routing against the primary version', () => {
    expect(() => checkRouting('1', { '2': 0.5, '3': 0.1 })).toThrow(
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    );
    expect(() => checkRouting('1', { '1': 0.5 })).toThrow(
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    );
    expect(() => checkRouting('1', { '2': 0.5 })).not.toThrow();
  });

  it('routes the weighted share to the additional version', () => {
    expect(pickRoutedVersion('1', { '2': 0.25 }, () => 0.2)).toBe('2');
    expect(pickRoutedVersion('1', { '2': 0.25 }, () => 0.25)).toBe('1');
    expect(pickRoutedVersion('1', null, () => 0)).toBe('1');
  });
});
