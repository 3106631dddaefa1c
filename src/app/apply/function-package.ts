/**
 * Turns an app function's code into the `Code` of CreateFunction / UpdateFunctionCode. Folders run live
 * (Onward's hot-reload code: the next invocation after an edit runs the new files); inline code is
 * written to a folder under the data dir; TypeScript handlers are bundled with esbuild into such a folder,
 * as the framework's own build does; a .zip is uploaded as is.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FunctionSpec } from '../app-description.ts';
import { bundleHandler } from './bundle-handler.ts';

export type CodeInput = { S3Bucket: 'hot-reload'; S3Key: string } | { ZipFile: string };

export class CodeUnavailableError extends Error {
  override name = 'CodeUnavailableError';
}

/** Where the app's generated code lives: `<dataDir>/apps/<app>/<function>/`. */
export function generatedCodeDir(dataDir: string, appName: string, functionName: string): string {
  return path.resolve(dataDir, 'apps', safeSegment(appName), 'code', safeSegment(functionName));
}

export async function packageFunction(spec: FunctionSpec, dataDir: string, appName: string): Promise<CodeInput> {
  const code = spec.code;
  switch (code.kind) {
    case 'directory': {
      if (!code.bundle) return { S3Bucket: 'hot-reload', S3Key: code.path };
      const outDir = generatedCodeDir(dataDir, appName, spec.name);
      await bundleHandler({ sourceDir: code.path, entry: code.bundle.entry, handler: spec.handler, outDir });
      return { S3Bucket: 'hot-reload', S3Key: outDir };
    }
    case 'inline': {
      const outDir = generatedCodeDir(dataDir, appName, spec.name);
      await fs.promises.mkdir(outDir, { recursive: true });
      const file = path.join(outDir, code.fileName);
      // Rewritten only when it differs, so an unchanged function keeps its warm process.
      const current = await fs.promises.readFile(file, 'utf8').catch(() => undefined);
      if (current !== code.source) await fs.promises.writeFile(file, code.source);
      // index.js is CommonJS, as in /var/task on AWS, whatever package.json sits above the data dir.
      if (code.fileName.endsWith('.js')) await fs.promises.writeFile(path.join(outDir, 'package.json'), '{"type":"commonjs"}\n');
      return { S3Bucket: 'hot-reload', S3Key: outDir };
    }
    case 'zip':
      return { ZipFile: (await fs.promises.readFile(code.path)).toString('base64') };
    case 'unavailable':
      throw new CodeUnavailableError(code.reason);
  }
}

/**
 * What a spec cannot say about code on disk: a zip's size and modification time. Live folders and
 * bundles need no stamp (hot reload sees their files change).
 */
export function codeStamp(spec: FunctionSpec): string {
  if (spec.code.kind !== 'zip') return '';
  const stat = fs.statSync(spec.code.path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}

function safeSegment(name: string): string {
  const readable = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return readable === name ? name : `${readable}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}
