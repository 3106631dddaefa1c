/**
 * Function code on disk. Uploaded zips are content-addressed: extracted once into
 * `<dataDir>/lambda/code/<sha256 hex>/` (kept beside `<hex>.zip` for GetFunction's download location)
 * and shared by every function and version with the same bytes. Hot-reload functions use their local
 * directory as is. Extraction goes to a temporary directory renamed into place, so a crash never leaves
 * a half-written code directory under its final name.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLocation } from '../../store/lambda-store.ts';
import { InvalidParameterValueException } from './errors.ts';
import { readZipArchive, ZipArchiveError, type ArchiveEntry } from './zip-archive.ts';

/** The LocalStack convention users know: `Code.S3Bucket` names a live local directory in `Code.S3Key`. */
export const HOT_RELOAD_BUCKETS: ReadonlySet<string> = new Set(['hot-reload', '__local__']);
/** What a hot-reload function reports as CodeSha256 (as LocalStack does): its code changes under it. */
export const HOT_RELOAD_SHA256 = 'hot-reloading-hash-not-available';

const TEMP_PREFIX = '.tmp-';

export interface ZipDigest {
  /** Base64, as AWS reports CodeSha256. */
  sha256: string;
  hex: string;
  sizeBytes: number;
}

export function digestZip(zip: Uint8Array): ZipDigest {
  const hash = createHash('sha256').update(zip).digest();
  return { sha256: hash.toString('base64'), hex: hash.toString('hex'), sizeBytes: zip.length };
}

export class CodeStorage {
  /** Absolute `<dataDir>/lambda/code`. */
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'lambda', 'code');
  }

  /** Extracts `zip` (once per content) and returns where its code lives. */
  async storeZip(zip: Uint8Array): Promise<CodeLocation> {
    const digest = digestZip(zip);
    const dir = path.join(this.root, digest.hex);
    const location: CodeLocation = { kind: 'zip', dir, sha256: digest.sha256, sizeBytes: digest.sizeBytes };
    if (fs.existsSync(dir)) return location;
    const entries = readEntries(zip);
    await fs.promises.mkdir(this.root, { recursive: true });
    const temp = path.join(this.root, `${TEMP_PREFIX}${randomUUID()}`);
    try {
      await writeEntries(temp, entries);
      await fs.promises.writeFile(`${temp}.zip`, zip);
      await fs.promises.rename(`${temp}.zip`, `${dir}.zip`);
      await fs.promises.rename(temp, dir);
    } catch (error) {
      // Another request extracted the same bytes first: theirs is as good as ours.
      if (!fs.existsSync(dir)) throw error;
    } finally {
      await fs.promises.rm(temp, { recursive: true, force: true });
      await fs.promises.rm(`${temp}.zip`, { force: true });
    }
    return location;
  }

  /** The live directory of a hot-reload function, checked to exist. */
  liveDirectory(dir: string): CodeLocation {
    if (!path.isAbsolute(dir)) {
      throw InvalidParameterValueException(
        `Code.S3Key must be the absolute path of a local directory for hot-reload code, got '${dir}'.`,
      );
    }
    let isDirectory = false;
    try {
      isDirectory = fs.statSync(dir).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) {
      throw InvalidParameterValueException(`The hot-reload code directory '${dir}' does not exist or is not a directory.`);
    }
    return { kind: 'directory', dir: path.normalize(dir), sha256: HOT_RELOAD_SHA256, sizeBytes: 0 };
  }

  /** GetFunction's Code.Location: where the deployment package can be fetched. */
  locationUrl(code: CodeLocation, origin: string): string {
    if (code.kind === 'directory') return pathToFileURL(code.dir).href;
    return `${origin}/_onward/lambda/code/${path.basename(code.dir)}.zip`;
  }

  /**
   * Removes extracted code no version references any more, and what an interrupted extraction left.
   * Synchronous and run at start, before any request can reference a directory being removed.
   */
  sweep(referencedDirs: ReadonlySet<string>): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.root);
    } catch {
      return;
    }
    for (const name of names) {
      const base = name.endsWith('.zip') ? name.slice(0, -'.zip'.length) : name;
      if (base.startsWith(TEMP_PREFIX) || !referencedDirs.has(path.join(this.root, base))) {
        fs.rmSync(path.join(this.root, name), { recursive: true, force: true });
      }
    }
  }
}

function readEntries(zip: Uint8Array): ArchiveEntry[] {
  try {
    return readZipArchive(zip);
  } catch (error) {
    if (!(error instanceof ZipArchiveError)) throw error;
    if (error.reason === 'corrupt') {
      throw InvalidParameterValueException('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    throw InvalidParameterValueException(error.message);
  }
}

async function writeEntries(dir: string, entries: readonly ArchiveEntry[]): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o755 });
  const links: ArchiveEntry[] = [];
  for (const entry of entries) {
    const target = path.join(dir, ...entry.path.split('/'));
    if (entry.kind === 'directory') {
      await fs.promises.mkdir(target, { recursive: true, mode: 0o755 });
    } else if (entry.kind === 'symlink') {
      links.push(entry);
    } else {
      await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
      await fs.promises.writeFile(target, entry.data, { mode: entry.mode });
      // The umask may have removed bits the runtime needs (bootstrap's +x).
      await fs.promises.chmod(target, entry.mode);
    }
  }
  // Links last, so no file is ever written through one. A link reached through another link can climb
  // further than its own path suggests: each is checked where it physically lands and points.
  const realRoot = await fs.promises.realpath(dir);
  const inside = (candidate: string) => candidate === realRoot || candidate.startsWith(realRoot + path.sep);
  const outside = (entry: ArchiveEntry) =>
    InvalidParameterValueException(`The zip entry '${entry.path}' links outside the function's code directory.`);
  for (const entry of links) {
    const target = path.join(dir, ...entry.path.split('/'));
    let parent: string;
    try {
      await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
      parent = await fs.promises.realpath(path.dirname(target));
    } catch {
      throw outside(entry); // its directory is (behind) a link that leads nowhere inside
    }
    if (!inside(parent)) throw outside(entry);
    const linkTarget = new TextDecoder().decode(entry.data);
    if (!inside(path.resolve(parent, linkTarget))) throw outside(entry);
    try {
      await fs.promises.symlink(linkTarget, target);
    } catch {
      throw InvalidParameterValueException('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
  }
  for (const entry of links) {
    let resolved: string;
    try {
      resolved = await fs.promises.realpath(path.join(dir, ...entry.path.split('/')));
    } catch {
      continue; // dangling, and its own target was checked above
    }
    if (!inside(resolved)) throw outside(entry);
  }
}
