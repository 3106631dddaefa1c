import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VersionConfig } from '../lambda-store.ts';
import { SqliteStore } from './sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-lambda-store-'));
  dirs.push(dir);
  return dir;
}

function config(dataDir: string, revisionId: string): VersionConfig {
  return {
    runtime: 'python3.12',
    handler: 'app.handler',
    role: 'arn:aws:iam::000000000000:role/r',
    description: '',
    timeoutSeconds: 3,
    memorySizeMb: 128,
    environment: null,
    deadLetterTargetArn: null,
    code: { kind: 'zip', dir: path.join(dataDir, 'lambda', 'code', 'abc'), sha256: 'c2hh', sizeBytes: 5 },
    revisionId,
    lastModifiedMs: 1,
  };
}

const key = { accountId: '000000000000', region: 'us-east-1', name: 'f' };

describe('SQLite Lambda store', () => {
  it('creates once per name, publishing version 1 in the same transaction when asked', async () => {
    const dataDir = tempDir();
    const store = new SqliteStore(dataDir);
    const fn = await store.lambda.createFunction({
      ...key,
      latest: config(dataDir, 'r0'),
      tags: { a: 'b' },
      createdAtMs: 0,
      firstVersion: config(dataDir, 'r1'),
    });
    expect(fn).toMatchObject({ name: 'f', lastVersionNumber: 1, tags: { a: 'b' }, latest: { revisionId: 'r0' } });
    expect(store.lambda.getVersion(fn!.id, 1)?.config.revisionId).toBe('r1');
    expect(await store.lambda.createFunction({ ...key, latest: config(dataDir, 'x'), tags: {}, createdAtMs: 0 })).toBeUndefined();
    store.close();
  });

  it('never reuses version numbers and deletes versions and aliases with the function', async () => {
    const dataDir = tempDir();
    const store = new SqliteStore(dataDir);
    const fn = (await store.lambda.createFunction({ ...key, latest: config(dataDir, 'r0'), tags: {}, createdAtMs: 0 }))!;
    await store.lambda.publishVersion(fn.id, config(dataDir, 'v1'), 'r1');
    await store.lambda.publishVersion(fn.id, config(dataDir, 'v2'), 'r2');
    expect(store.lambda.getFunction(key)?.latest.revisionId).toBe('r2');
    await store.lambda.deleteVersion(fn.id, 2);
    const published = await store.lambda.updateLatest(fn.id, config(dataDir, 'r3'), config(dataDir, 'v3'));
    expect(published?.version).toBe(3);
    expect(store.lambda.listVersions(fn.id).map((v) => v.version)).toEqual([1, 3]);
    await store.lambda.createAlias({
      functionId: fn.id,
      name: 'live',
      functionVersion: '1',
      description: '',
      routingConfig: null,
      revisionId: 'a',
    });
    await store.lambda.setReservedConcurrency(fn.id, 7);
    expect(store.lambda.accountUsage(key.accountId, key.region)).toEqual({
      functionCount: 1,
      totalCodeSizeBytes: 15,
      reservedConcurrency: 7,
    });
    await store.lambda.deleteFunction(fn.id);
    expect(store.lambda.getFunction(key)).toBeUndefined();
    expect(store.lambda.listVersions(fn.id)).toEqual([]);
    expect(store.lambda.listAliases(fn.id)).toEqual([]);
    expect(store.lambda.accountUsage(key.accountId, key.region)).toEqual({
      functionCount: 0,
      totalCodeSizeBytes: 0,
      reservedConcurrency: 0,
    });
    store.close();
  });

  it('keeps code inside the data directory relative to it, so the directory can move', async () => {
    const dataDir = tempDir();
    const store = new SqliteStore(dataDir);
    const live = { ...config(dataDir, 'r'), code: { kind: 'directory' as const, dir: '/srv/live', sha256: 'h', sizeBytes: 0 } };
    await store.lambda.createFunction({ ...key, latest: config(dataDir, 'r0'), tags: {}, createdAtMs: 0 });
    await store.lambda.createFunction({ ...key, name: 'live', latest: live, tags: {}, createdAtMs: 0 });
    store.close();

    const moved = `${dataDir}-moved`;
    fs.renameSync(dataDir, moved);
    dirs.push(moved);
    const reopened = new SqliteStore(moved);
    expect(reopened.lambda.getFunction(key)?.latest.code.dir).toBe(path.join(moved, 'lambda', 'code', 'abc'));
    expect(reopened.lambda.getFunction({ ...key, name: 'live' })?.latest.code.dir).toBe('/srv/live');
    expect(reopened.lambda.referencedCodeDirs()).toEqual(new Set([path.join(moved, 'lambda', 'code', 'abc')]));
    reopened.close();
  });
  it('answers the invoke path from memory until it writes, and never with a stale record', async () => {
    const dataDir = tempDir();
    const store = new SqliteStore(dataDir);
    expect(store.lambda.getFunction(key)).toBeUndefined(); // a miss is remembered, then forgotten by the create
    const fn = (await store.lambda.createFunction({ ...key, latest: config(dataDir, 'r0'), tags: {}, createdAtMs: 0 }))!;
    const first = store.lambda.getFunction(key)!;
    expect(store.lambda.getFunction(key)).toBe(first);
    // Callers cannot change what the next one is given.
    expect(() => ((first as { reservedConcurrency: number | null }).reservedConcurrency = 5)).toThrow(TypeError);
    expect(() => ((first.latest as { timeoutSeconds: number }).timeoutSeconds = 9)).toThrow(TypeError);

    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:f';
    expect(store.lambda.getEventInvokeConfig(arn, '$LATEST')).toBeUndefined();
    await store.lambda.putEventInvokeConfig(fn.id, { qualifier: '$LATEST', maximumRetryAttempts: 1, lastModifiedMs: 2 });
    expect(store.lambda.getEventInvokeConfig(arn, '$LATEST')?.maximumRetryAttempts).toBe(1);

    await store.lambda.setReservedConcurrency(fn.id, 3);
    expect(store.lambda.getFunction(key)?.reservedConcurrency).toBe(3);
    await store.lambda.updateLatest(fn.id, { ...config(dataDir, 'r5'), timeoutSeconds: 30 });
    expect(store.lambda.getFunction(key)?.latest).toMatchObject({ revisionId: 'r5', timeoutSeconds: 30 });
    await store.lambda.deleteFunction(fn.id);
    expect(store.lambda.getFunction(key)).toBeUndefined();
    expect(store.lambda.getEventInvokeConfig(arn, '$LATEST')).toBeUndefined();
    store.close();
  });
});
