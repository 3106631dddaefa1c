/**
 * Reading a deployment package: entries with safe relative paths, Unix modes where the zip records them,
 * and AWS's size limits. fflate inflates; the central directory is read here for the external attributes
 * fflate does not expose. Pure (no file system).
 */
import path from 'node:path';
import { unzipSync } from 'fflate';

/** AWS's limit on the unzipped size of a deployment package. */
export const MAX_UNZIPPED_BYTES = 262_144_000;

export interface ArchiveEntry {
  /** Relative POSIX path inside the code directory. */
  path: string;
  kind: 'file' | 'directory' | 'symlink';
  data: Uint8Array;
  /** Permission bits to create the file with. */
  mode: number;
}

export class ZipArchiveError extends Error {
  override name = 'ZipArchiveError';
  /** `corrupt`: not a readable zip; `unsafe`: an entry escapes the code directory; `too-large`: over the limit. */
  constructor(
    readonly reason: 'corrupt' | 'unsafe' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

/** Unix modes by entry name, from the central directory of entries made on Unix; empty when unreadable. */
export function unixModes(zip: Uint8Array): Map<string, number> {
  const modes = new Map<string, number>();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return modes;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let i = 0; i < count && offset + 46 <= zip.length; i++) {
    if (view.getUint32(offset, true) !== CENTRAL_HEADER_SIGNATURE) break;
    const host = view.getUint8(offset + 5);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const mode = view.getUint32(offset + 38, true) >>> 16;
    const name = decoder.decode(zip.subarray(offset + 46, offset + 46 + nameLength));
    // Only a mode with its file-type bits set is a real Unix mode (some tools write 0).
    if (host === UNIX_HOST && (mode & S_IFMT) !== 0) modes.set(name, mode);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return modes;
}

/** The entry's path relative to the code directory, or undefined when it would land outside it. */
export function safeRelativePath(name: string): string | undefined {
  if (name.includes('\0') || path.posix.isAbsolute(name) || /^[a-zA-Z]:/.test(name)) return undefined;
  const normalized = path.posix.normalize(name);
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  const trimmed = normalized.replace(/\/+$/, '');
  return trimmed === '.' || trimmed === '' ? undefined : trimmed;
}

function fileMode(relativePath: string, unixMode: number | undefined): number {
  // Provided runtimes exec `bootstrap`: make it executable even from zips that carry no Unix modes.
  if (relativePath === 'bootstrap') return 0o755;
  if (unixMode === undefined) return 0o644;
  return (unixMode & 0o111) !== 0 ? 0o755 : 0o644;
}

export function readZipArchive(zip: Uint8Array, maxUnzippedBytes = MAX_UNZIPPED_BYTES): ArchiveEntry[] {
  let declaredBytes = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        declaredBytes += file.originalSize;
        if (declaredBytes > maxUnzippedBytes) throw new ZipArchiveError('too-large', 'declared size over the limit');
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ZipArchiveError) throw tooLarge(maxUnzippedBytes);
    throw new ZipArchiveError('corrupt', `Could not unzip: ${(error as Error).message}`);
  }
  const modes = unixModes(zip);
  const entries: ArchiveEntry[] = [];
  let unzippedBytes = 0;
  for (const [name, data] of Object.entries(files)) {
    const relativePath = safeRelativePath(name);
    if (relativePath === undefined) {
      if (/^\.?\/*$/.test(name)) continue; // the archive's own root
      throw new ZipArchiveError('unsafe', `The zip entry '${name}' would be extracted outside the function's code directory.`);
    }
    unzippedBytes += data.length;
    if (unzippedBytes > maxUnzippedBytes) throw tooLarge(maxUnzippedBytes);
    const unixMode = modes.get(name);
    if (name.endsWith('/') || (unixMode !== undefined && (unixMode & S_IFMT) === S_IFDIR)) {
      entries.push({ path: relativePath, kind: 'directory', data, mode: 0o755 });
    } else if (unixMode !== undefined && (unixMode & S_IFMT) === S_IFLNK) {
      const target = new TextDecoder().decode(data);
      if (
        safeRelativePath(path.posix.join(path.posix.dirname(relativePath), target)) === undefined ||
        path.posix.isAbsolute(target)
      ) {
        throw new ZipArchiveError('unsafe', `The zip entry '${name}' links outside the function's code directory.`);
      }
      entries.push({ path: relativePath, kind: 'symlink', data, mode: 0o777 });
    } else {
      entries.push({ path: relativePath, kind: 'file', data, mode: fileMode(relativePath, unixMode) });
    }
  }
  return entries;
}

function tooLarge(maxUnzippedBytes: number): ZipArchiveError {
  return new ZipArchiveError('too-large', `Unzipped size must be smaller than ${maxUnzippedBytes} bytes`);
}
