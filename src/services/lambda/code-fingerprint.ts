/**
 * Hot reload: the fingerprint of a live code directory (path, size and mtime of each file) changes when
 * a file does, so the next invocation gets a new pool key and therefore a fresh instance. Computed at
 * invocation time, which makes "the next invocation sees the change" exact rather than a race with a
 * file watcher. Dependencies (node_modules) and dot-directories are not scanned.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '__pycache__']);
/** Beyond this many files, a directory is fingerprinted by what was seen so far. */
const MAX_FILES = 5000;

export function codeFingerprint(directory: string): string {
  const hash = createHash('sha256');
  let files = 0;
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files >= MAX_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        const stat = fs.statSync(full, { throwIfNoEntry: false });
        if (!stat) continue;
        files++;
        hash.update(`${path.relative(directory, full)}\u0000${stat.size}\u0000${stat.mtimeMs}\n`);
      }
    }
  };
  walk(directory);
  return hash.digest('hex').slice(0, 16);
}
