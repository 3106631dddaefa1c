import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { VariableResolver, type VariableSources } from './serverless-variables.ts';
import { Warnings } from './unsupported.ts';

function resolve(config: Record<string, unknown>, sources: Partial<VariableSources> = {}) {
  const warnings = new Warnings();
  const filesRead: string[] = [];
  const resolver = new VariableResolver(config, {
    file: 'serverless.yml',
    serviceDir: sources.serviceDir ?? '/nonexistent',
    accountId: '000000000000',
    defaultRegion: 'us-east-1',
    params: {},
    env: {},
    warnings,
    filesRead,
    ...sources,
  });
  return {
    config: resolver.resolveAll(),
    warnings: warnings.list,
    filesRead,
    stage: resolver.stage(),
    region: resolver.region(),
  };
}

describe('serverless variables', () => {
  it('${self:...} reads the configuration, recursively and keeping types', () => {
    const { config } = resolve({
      service: 'shop',
      custom: { table: '${self:service}-orders', size: 512, nested: { list: [1, 2] }, alias: '${self:custom.table}' },
      a: '${self:custom.size}',
      b: '${self:custom.nested}',
      c: 'x-${self:custom.alias}-y',
    });
    expect(config).toMatchObject({ a: 512, b: { list: [1, 2] }, c: 'x-shop-orders-y' });
  });

  it('${opt:stage, default}, ${sls:stage} and provider.stage', () => {
    const config = { provider: { stage: "${opt:stage, 'dev'}" }, s: '${sls:stage}', t: '${self:provider.stage}' };
    expect(resolve(config)).toMatchObject({ config: { s: 'dev', t: 'dev' }, stage: 'dev' });
    expect(resolve(config, { stage: 'prod' })).toMatchObject({ config: { s: 'prod', t: 'prod' }, stage: 'prod' });
    expect(resolve({ provider: {}, s: '${sls:stage}' }).config.s).toBe('dev');
    expect(resolve({ provider: {}, s: '${self:provider.stage}', r: '${self:provider.region}' }).config).toMatchObject({
      s: 'dev',
      r: 'us-east-1',
    });
    expect(resolve({ provider: {}, s: '${self:provider.stage}' }, { stage: 'qa' }).config.s).toBe('qa');
    expect(resolve({ provider: { stage: 'qa' }, s: '${sls:stage}' }).config.s).toBe('qa');
    expect(resolve({ provider: { region: 'eu-west-1' }, r: '${aws:region}', a: '${aws:accountId}' }).config).toMatchObject({
      r: 'eu-west-1',
      a: '000000000000',
    });
    expect(resolve({ r: '${opt:region, "us-west-2"}' }, { region: 'ap-south-1' }).config.r).toBe('ap-south-1');
  });

  it('${env:...} comes from the environment given to the loader, with fallbacks', () => {
    const config = {
      a: '${env:TABLE}',
      b: "${env:MISSING, 'fallback'}",
      c: '${env:MISSING, self:custom.x}',
      d: '${env:MISSING, ${self:custom.x}}',
      custom: { x: 'from-self' },
    };
    expect(resolve(config, { env: { TABLE: 'orders' } }).config).toMatchObject({
      a: 'orders',
      b: 'fallback',
      c: 'from-self',
      d: 'from-self',
    });
    expect(() => resolve({ a: '${env:MISSING}' })).toThrow(
      'serverless.yml: a: cannot resolve variable ${env:MISSING}: no value found',
    );
  });

  it('${param:...}: --param first, then params.<stage>, then params.default', () => {
    const config = {
      params: { default: { arn: 'default-arn', only: 'd' }, prod: { arn: 'prod-arn' } },
      provider: { stage: '${opt:stage, "dev"}' },
      a: '${param:arn}',
      b: '${params:only}',
    };
    expect(resolve(config).config).toMatchObject({ a: 'default-arn', b: 'd' });
    expect(resolve(config, { stage: 'prod' }).config).toMatchObject({ a: 'prod-arn' });
    expect(resolve(config, { params: { arn: 'cli' } }).config).toMatchObject({ a: 'cli' });
    const v4 = {
      stages: { default: { params: { arn: 'v4-default' } }, prod: { params: { arn: 'v4-prod' } } },
      a: '${param:arn}',
    };
    expect(resolve(v4).config.a).toBe('v4-default');
    expect(resolve(v4, { stage: 'prod' }).config.a).toBe('v4-prod');
  });

  it('${file(...)} with key selection, in YAML and JSON, resolving variables inside the file', () => {
    const dir = tempApp({
      'config.dev.yml': 'queue: ${self:service}-jobs\nlimits:\n  batch: 5\n',
      'settings.json': '{"retries": 1}',
    });
    const { config, filesRead } = resolve(
      {
        service: 'svc',
        provider: { stage: 'dev' },
        a: '${file(./config.${sls:stage}.yml):queue}',
        b: '${file(./config.dev.yml):limits.batch}',
        c: '${file(settings.json)}',
        d: "${file(./missing.yml):x, 'none'}",
      },
      { serviceDir: dir },
    );
    expect(config).toMatchObject({ a: 'svc-jobs', b: 5, c: { retries: 1 }, d: 'none' });
    expect(filesRead.map((f) => f.slice(dir.length + 1))).toEqual(['config.dev.yml', 'settings.json']);
    expect(() => resolve({ a: '${file(./code.js):x}' }, { serviceDir: dir })).toThrow(
      'serverless.yml: a: ${file(./code.js)} runs JavaScript, which Onward does not do',
    );
    expect(() => resolve({ a: '${file(./missing.yml)}' }, { serviceDir: dir })).toThrow(
      `cannot resolve variable \${file(./missing.yml)}: file ./missing.yml not found in ${dir}`,
    );
  });

  it('strToBool, numbers and literals as fallbacks', () => {
    expect(resolve({ a: '${strToBool(true)}', b: '${strToBool(${env:FLAG, "false"})}', c: '${env:N, 42}' }).config).toEqual({
      a: true,
      b: false,
      c: 42,
    });
  });

  it('leaves CloudFormation ${...} (Fn::Sub) alone', () => {
    const { config } = resolve({
      service: 's',
      a: { 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${self:service}-${Queue.QueueName}-${!Literal}' },
    });
    expect(config.a).toEqual({ 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:s-${Queue.QueueName}-${!Literal}' });
  });

  it('sources that need AWS warn and resolve empty unless a fallback gives a value', () => {
    const { config, warnings } = resolve({
      a: '${ssm:/my/param}',
      b: "${ssm:/my/param, 'local'}",
      c: '${cf:other-stack.QueueArn}',
    });
    expect(config).toEqual({ a: '', b: 'local', c: '' });
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      "a: ${ssm:/my/param} needs AWS and cannot be resolved locally; give it a fallback (${source:x, 'value'}) or use ${param:...} with --param",
      "c: ${cf:other-stack.QueueArn} needs AWS and cannot be resolved locally; give it a fallback (${source:x, 'value'}) or use ${param:...} with --param",
    ]);
  });

  it('reports self-references and unknown variables with the path', () => {
    expect(() => resolve({ custom: { a: '${self:custom.b}', b: '${self:custom.a}' } })).toThrow(
      'serverless.yml: custom.a: variable ${self:custom.b} refers to itself (custom.b -> custom.a -> custom.b)',
    );
    expect(() => resolve({ x: '${self:custom.nope}' })).toThrow(
      'serverless.yml: x: cannot resolve variable ${self:custom.nope}: no value found',
    );
    expect(() => resolve({ x: '${sls:nope}' })).toThrow('unknown variable sls:nope');
    expect(() => resolve({ custom: { m: { a: 1 } }, x: 'pre-${self:custom.m}' })).toThrow(
      'x: a variable inside "pre-${self:custom.m}" resolves to a map or list',
    );
  });
});
