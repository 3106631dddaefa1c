import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceError } from '../../aws/service-error.ts';
import type { FunctionRecord, VersionConfig } from '../../store/lambda-store.ts';
import { SqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { resolveFunction } from './function-resolver.ts';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:my-fn`;

let dataDir: string;
let store: SqliteStore;
let fn: FunctionRecord;

const latest: VersionConfig = {
  runtime: 'nodejs20.x',
  handler: 'index.handler',
  role: `arn:aws:iam::${ACCOUNT}:role/r`,
  description: '',
  timeoutSeconds: 3,
  memorySizeMb: 128,
  environment: { STAGE: 'latest' },
  deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`,
  code: { kind: 'zip', dir: '/code/latest', sha256: 'sha-latest', sizeBytes: 10 },
  revisionId: 'rev-latest',
  lastModifiedMs: 1,
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-resolver-'));
  store = new SqliteStore(dataDir);
  fn = (await store.lambda.createFunction({
    accountId: ACCOUNT,
    region: REGION,
    name: 'my-fn',
    latest,
    tags: {},
    createdAtMs: 0,
  }))!;
  await store.lambda.publishVersion(
    fn.id,
    { ...latest, environment: { STAGE: 'one' }, code: { ...latest.code, dir: '/code/one' }, revisionId: 'rev-1' },
    'rev-latest-2',
  );
  await store.lambda.publishVersion(fn.id, { ...latest, timeoutSeconds: 9, revisionId: 'rev-2' }, 'rev-latest-3');
  await store.lambda.createAlias({
    functionId: fn.id,
    name: 'live',
    functionVersion: '1',
    description: '',
    routingConfig: null,
    revisionId: 'a',
  });
  await store.lambda.createAlias({
    functionId: fn.id,
    name: 'canary',
    functionVersion: '1',
    description: '',
    routingConfig: { '2': 0.1 },
    revisionId: 'b',
  });
  await store.lambda.setReservedConcurrency(fn.id, 4);
});

afterAll(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function failure(body: () => unknown): ServiceError {
  try {
    body();
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected an error');
}

describe('resolveFunction', () => {
  it('resolves an unqualified name to $LATEST', () => {
    const resolved = resolveFunction(store.lambda, ACCOUNT, REGION, 'my-fn');
    expect(resolved).toEqual({
      functionName: 'my-fn',
      accountId: ACCOUNT,
      region: REGION,
      functionArn: ARN,
      invokedArn: ARN,
      qualifier: undefined,
      resolvedVersion: '$LATEST',
      configuration: {
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        codeDir: '/code/latest',
        codeKind: 'zip',
        codeSha256: 'sha-latest',
        memorySizeMb: 128,
        timeoutSeconds: 3,
        environment: { STAGE: 'latest' },
        revisionId: 'rev-latest-3',
        deadLetterConfig: { targetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq` },
        lastModifiedMs: 1,
      },
      reservedConcurrency: 4,
    });
  });

  it.each([
    ['my-fn:1', undefined, '1', `${ARN}:1`],
    ['my-fn', '1', '1', `${ARN}:1`],
    ['my-fn:live', undefined, '1', `${ARN}:live`],
    ['my-fn', '$LATEST', '$LATEST', `${ARN}:$LATEST`],
    [ARN, undefined, '$LATEST', ARN],
    [`${ARN}:2`, '2', '2', `${ARN}:2`],
    [`${ACCOUNT}:function:my-fn:live`, undefined, '1', `${ARN}:live`],
  ])('resolves %s (Qualifier %s) to version %s invoked as %s', (name, qualifier, version, invokedArn) => {
    const resolved = resolveFunction(store.lambda, ACCOUNT, REGION, name, qualifier);
    expect(resolved.resolvedVersion).toBe(version);
    expect(resolved.invokedArn).toBe(invokedArn);
    expect(resolved.functionArn).toBe(ARN);
  });

  it('runs a version with its own snapshot', () => {
    const one = resolveFunction(store.lambda, ACCOUNT, REGION, 'my-fn:live');
    expect(one.configuration).toMatchObject({ codeDir: '/code/one', environment: { STAGE: 'one' }, revisionId: 'rev-1' });
  });

  it('follows an alias routing configuration', () => {
    expect(resolveFunction(store.lambda, ACCOUNT, REGION, 'my-fn:canary', undefined, () => 0.05).resolvedVersion).toBe('2');
    const primary = resolveFunction(store.lambda, ACCOUNT, REGION, 'my-fn:canary', undefined, () => 0.5);
    expect(primary.resolvedVersion).toBe('1');
    expect(primary.invokedArn).toBe(`${ARN}:canary`);
  });

  it('throws the AWS errors', () => {
    expect(failure(() => resolveFunction(store.lambda, ACCOUNT, REGION, 'nope'))).toMatchObject({
      code: 'ResourceNotFoundException',
      statusCode: 404,
      message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope:$LATEST`,
    });
    expect(failure(() => resolveFunction(store.lambda, ACCOUNT, REGION, 'my-fn', '7')).message).toBe(
      `Function not found: ${ARN}:7`,
    );
    expect(failure(() => resolveFunction(store.lambda, ACCOUNT, REGION, 'my-fn:ghost')).message).toBe(
      `Function not found: ${ARN}:ghost`,
    );
    expect(failure(() => resolveFunction(store.lambda, ACCOUNT, REGION, `${ARN}:1`, '$LATEST'))).toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
    });
    expect(failure(() => resolveFunction(store.lambda, ACCOUNT, REGION, 'bad name!')).code).toBe('ValidationException');
    expect(failure(() => resolveFunction(store.lambda, ACCOUNT, 'eu-west-1', ARN)).message).toBe(
      "Functions from 'us-east-1' are not reachable in this region ('eu-west-1')",
    );
  });
});
