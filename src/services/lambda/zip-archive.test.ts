import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZipArchive, safeRelativePath, unixModes, ZipArchiveError } from './zip-archive.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('zip archives', () => {
  it('reads files and directories with their Unix modes', () => {
    const zip = zipSync({
      'index.js': [text('x'), { os: 3, attrs: 0o100644 << 16 }],
      'bin/run': [text('#!/bin/sh'), { os: 3, attrs: 0o100755 << 16 }],
      'lib/': new Uint8Array(),
      bootstrap: text('#!/bin/sh'),
    });
    expect(unixModes(zip).get('bin/run')).toBe(0o100755);
    const entries = readZipArchive(zip);
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    expect(byPath['index.js']).toMatchObject({ kind: 'file', mode: 0o644 });
    expect(byPath['bin/run']).toMatchObject({ kind: 'file', mode: 0o755 });
    expect(byPath['lib']).toMatchObject({ kind: 'directory' });
    // bootstrap runs on provided runtimes even from zips without modes.
    expect(byPath['bootstrap']).toMatchObject({ kind: 'file', mode: 0o755 });
  });

  it('reads symlinks that stay inside and refuses those that leave', () => {
    const inside = zipSync({ 'lib/a.js': text('a'), 'link.js': [text('lib/a.js'), { os: 3, attrs: 0o120777 << 16 }] });
    expect(readZipArchive(inside).find((e) => e.path === 'link.js')).toMatchObject({ kind: 'symlink' });
    const outside = zipSync({ link: [text('../../etc/passwd'), { os: 3, attrs: 0o120777 << 16 }] });
    expect(() => readZipArchive(outside)).toThrow(/links outside/);
    const absolute = zipSync({ link: [text('/etc/passwd'), { os: 3, attrs: 0o120777 << 16 }] });
    expect(() => readZipArchive(absolute)).toThrow(/links outside/);
  });

  it('refuses entries that escape, garbage, and archives over the size limit', () => {
    expect(safeRelativePath('a/../b.js')).toBe('b.js');
    expect(safeRelativePath('../b.js')).toBeUndefined();
    expect(safeRelativePath('a/../../b.js')).toBeUndefined();
    expect(safeRelativePath('/etc/passwd')).toBeUndefined();
    expect(safeRelativePath('C:/x')).toBeUndefined();
    expect(() => readZipArchive(zipSync({ '../evil.js': text('x') }))).toThrow(
      expect.objectContaining({ reason: 'unsafe' }) as unknown as Error,
    );
    const corrupt = (() => {
      try {
        readZipArchive(text('not a zip'));
      } catch (error) {
        return error as ZipArchiveError;
      }
    })();
    expect(corrupt?.reason).toBe('corrupt');
    expect(() => readZipArchive(zipSync({ 'big.bin': new Uint8Array(2048) }), 1024)).toThrow(
      'Unzipped size must be smaller than 1024 bytes',
    );
  });
});
