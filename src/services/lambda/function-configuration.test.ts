import { describe, expect, it } from 'vitest';
import type { FunctionRecord, VersionConfig } from '../../store/lambda-store.ts';
import {
  aliasConfiguration,
  formatLastModified,
  functionConfiguration,
  sameCodeAndConfiguration,
} from './function-configuration.ts';

const config: VersionConfig = {
  runtime: 'python3.12',
  handler: 'app.handler',
  role: 'arn:aws:iam::000000000000:role/r',
  description: '',
  timeoutSeconds: 3,
  memorySizeMb: 128,
  environment: null,
  deadLetterTargetArn: null,
  code: { kind: 'zip', dir: '/data/lambda/code/ab', sha256: 'q83vEjRWeJA=', sizeBytes: 321 },
  revisionId: 'rev-1',
  lastModifiedMs: Date.UTC(2026, 10, 22, 15, 4, 5, 123),
};

const fn: FunctionRecord = {
  id: 1,
  accountId: '000000000000',
  region: 'us-east-1',
  name: 'f',
  reservedConcurrency: null,
  tags: {},
  lastVersionNumber: 0,
  createdAtMs: 0,
  latest: config,
};

describe('FunctionConfiguration', () => {
  it('formats LastModified as AWS does', () => {
    expect(formatLastModified(config.lastModifiedMs)).toBe('2026-11-22T15:04:05.123+0000');
  });

  it('shapes a record in the model member order, optional members only when set', () => {
    const shaped = functionConfiguration({ fn, config, version: '$LATEST' });
    expect(Object.keys(shaped)).toEqual([
      'FunctionName',
      'FunctionArn',
      'Runtime',
      'Role',
      'Handler',
      'CodeSize',
      'Description',
      'Timeout',
      'MemorySize',
      'LastModified',
      'CodeSha256',
      'Version',
      'TracingConfig',
      'RevisionId',
      'State',
      'LastUpdateStatus',
      'PackageType',
      'Architectures',
      'EphemeralStorage',
      'SnapStart',
      'RuntimeVersionConfig',
      'LoggingConfig',
    ]);
    expect(shaped).toMatchObject({ FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f', CodeSize: 321 });
    const full = functionConfiguration({
      fn,
      config: { ...config, handler: null, environment: {}, deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
      version: '2',
      arnQualifier: '2',
      listing: true,
    });
    expect(full).toMatchObject({
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:2',
      Version: '2',
      Environment: { Variables: {} },
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
    });
    expect(full).not.toHaveProperty('Handler');
    expect(full).not.toHaveProperty('State');
    expect(full).not.toHaveProperty('RuntimeVersionConfig');
  });

  it('shapes aliases, RoutingConfig only when given', () => {
    const alias = { functionId: 1, name: 'live', functionVersion: '1', description: '', routingConfig: null, revisionId: 'r' };
    expect(aliasConfiguration(fn, alias)).toEqual({
      AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
      Name: 'live',
      FunctionVersion: '1',
      Description: '',
      RevisionId: 'r',
    });
    expect(aliasConfiguration(fn, { ...alias, routingConfig: { '2': 0.1 } }).RoutingConfig).toEqual({
      AdditionalVersionWeights: { '2': 0.1 },
    });
  });

  it('tells published configurations apart by code and settings, not by description or revision', () => {
    expect(sameCodeAndConfiguration(config, { ...config, description: 'other', revisionId: 'x', lastModifiedMs: 1 })).toBe(true);
    expect(sameCodeAndConfiguration(config, { ...config, memorySizeMb: 256 })).toBe(false);
    expect(sameCodeAndConfiguration(config, { ...config, code: { ...config.code, sha256: 'other' } })).toBe(false);
    expect(
      sameCodeAndConfiguration(
        { ...config, environment: { A1: '1', B1: '2' } },
        { ...config, environment: { B1: '2', A1: '1' } },
      ),
    ).toBe(true);
  });
});
