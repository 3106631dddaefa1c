/** Where a CreateFunction / UpdateFunctionCode request's code comes from, and turning it into a stored location. */
import path from 'node:path';
import type { CodeLocation } from '../../store/lambda-store.ts';
import { HOT_RELOAD_BUCKETS, digestZip, type CodeStorage } from './code-storage.ts';
import { InvalidParameterValueException, RequestEntityTooLargeException } from './errors.ts';

/** AWS's limit on a zip uploaded in the request. */
export const MAX_ZIPPED_BYTES = 52_428_800;

export type CodeSource = { kind: 'zip'; zip: Buffer } | { kind: 'directory'; dir: string };

/** Reads `ZipFile` (base64 in JSON) or `S3Bucket` + `S3Key` from Create's `Code` or UpdateFunctionCode's input. */
export function readCodeSource(code: Record<string, unknown>): CodeSource {
  const zipFile = code.ZipFile;
  const bucket = code.S3Bucket;
  if (typeof zipFile === 'string' && zipFile.length > 0) {
    const zip = Buffer.from(zipFile, 'base64');
    if (zip.length > MAX_ZIPPED_BYTES) {
      throw RequestEntityTooLargeException(`Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
    }
    return { kind: 'zip', zip };
  }
  if (typeof bucket === 'string' && bucket.length > 0) {
    if (!HOT_RELOAD_BUCKETS.has(bucket)) {
      throw InvalidParameterValueException(
        `Onward does not fetch code from S3 (bucket '${bucket}'). Upload a zip with Code.ZipFile (aws lambda ... --zip-file fileb://code.zip), or run a local directory with Code.S3Bucket='hot-reload' and Code.S3Key='<absolute path>'.`,
      );
    }
    const key = code.S3Key;
    if (typeof key !== 'string' || key.length === 0) {
      throw InvalidParameterValueException(
        `Code.S3Key must be the absolute path of a local directory when Code.S3Bucket is '${bucket}'.`,
      );
    }
    return { kind: 'directory', dir: key };
  }
  if (code.ImageUri !== undefined && code.ImageUri !== null) {
    throw InvalidParameterValueException('Onward runs Zip packages only: container images (ImageUri) are not supported.');
  }
  throw InvalidParameterValueException('Please provide a source for function code.');
}

/** Stores the code (extracting a zip once per content) and returns its location. */
export function storeCode(storage: CodeStorage, source: CodeSource): Promise<CodeLocation> | CodeLocation {
  return source.kind === 'zip' ? storage.storeZip(source.zip) : storage.liveDirectory(source.dir);
}

/** The location the code would have, without writing anything (UpdateFunctionCode's DryRun). */
export function previewCode(storage: CodeStorage, source: CodeSource): CodeLocation {
  if (source.kind === 'directory') return storage.liveDirectory(source.dir);
  const digest = digestZip(source.zip);
  return { kind: 'zip', dir: path.join(storage.root, digest.hex), sha256: digest.sha256, sizeBytes: digest.sizeBytes };
}
