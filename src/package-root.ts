/**
 * The root of the installed Onward package, found by walking up from this module to the package.json
 * named `onward`: the same answer from src/ (tests), dist/ (tsc output) and the bundled CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findPackageRoot(fromDirectory: string): string {
  for (let directory = fromDirectory; ; directory = path.dirname(directory)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'onward') return directory;
    } catch {
      // No package.json here: keep walking up.
    }
    if (path.dirname(directory) === directory) throw new Error(`Onward's package.json not found above ${fromDirectory}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
