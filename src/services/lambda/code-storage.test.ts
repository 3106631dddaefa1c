import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { CodeStorage, digestZip } from './code-storage.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function storage(): CodeStorage {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-code-'));
  dirs.push(dataDir);
  return new CodeStorage(dataDir);
}

const text = (s: string) => new TextEncoder().encode(s);
const link = (target: string): [Uint8Array, { os: number; attrs: number }] => [text(target), { os: 3, attrs: 0o120777 << 16 }];

describe('code storage', () => {
  it('extracts a zip once per content, under its SHA-256', async () => {
    const code = storage();
    const zip = zipSync({ 'app.py': text('x'), 'pkg/mod.py': text('y') });
    const first = await code.storeZip(zip);
    const digest = digestZip(zip);
    expect(first).toEqual({ kind: 'zip', dir: path.join(code.root, digest.hex), sha256: digest.sha256, sizeBytes: zip.length });
    expect(fs.readFileSync(path.join(first.dir, 'pkg', 'mod.py'), 'utf8')).toBe('y');
    const [again, concurrent] = await Promise.all([code.storeZip(zip), code.storeZip(zip)]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    expect(fs.readdirSync(code.root).sort()).toEqual([digest.hex, `${digest.hex}.zip`]);
  });

  it('refuses links that climb out through other links', async () => {
    const code = storage();
    // `deep/a/b` is a link to `up`, one level below the root; `deep/a/b/x` then looks two levels deep
    // to a lexical check, but its `../../secret` resolves outside the code directory.
    const zip = zipSync({ 'up/file': text('f'), 'deep/a/b': link('../../up'), 'deep/a/b/x': link('../../secret') });
    await expect(code.storeZip(zip)).rejects.toThrow();
    expect(fs.existsSync(path.join(code.root, digestZip(zip).hex))).toBe(false);
  });

  it('checks hot-reload directories', () => {
    const code = storage();
    expect(code.liveDirectory(code.root.replace(/lambda\/code$/, ''))).toMatchObject({ kind: 'directory', sizeBytes: 0 });
    expect(() => code.liveDirectory('relative')).toThrow(/absolute path/);
    expect(() => code.liveDirectory('/no/such/dir')).toThrow(/does not exist/);
  });

  it('sweeps code no version references and interrupted extractions', async () => {
    const code = storage();
    const kept = await code.storeZip(zipSync({ 'a.js': text('a') }));
    const dropped = await code.storeZip(zipSync({ 'b.js': text('b') }));
    fs.mkdirSync(path.join(code.root, '.tmp-interrupted'));
    code.sweep(new Set([kept.dir]));
    expect(fs.readdirSync(code.root).sort()).toEqual([path.basename(kept.dir), `${path.basename(kept.dir)}.zip`].sort());
    expect(fs.existsSync(dropped.dir)).toBe(false);
  });
});
