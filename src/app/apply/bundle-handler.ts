/**
 * Bundles a TypeScript handler as serverless-esbuild and `sam build` (esbuild) do: one file per handler,
 * dependencies included, the AWS SDK v3 left to the runtime (AWS's Node.js runtimes ship it; Onward's
 * functions resolve it from Onward's own node_modules). The output keeps the handler's path, so the
 * handler string (`src/pay.handler`) is unchanged. esbuild is loaded on first use: start-up stays fast
 * for apps without TypeScript.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BundleRequest {
  /** The service folder the handler path is relative to. */
  sourceDir: string;
  /** The handler's file, relative to sourceDir (e.g. `src/pay.ts`). */
  entry: string;
  handler: string;
  outDir: string;
}

export class BundleError extends Error {
  override name = 'BundleError';
}

export async function bundleHandler(request: BundleRequest): Promise<void> {
  const { build } = await import('esbuild');
  const esm = /\.mts$/.test(request.entry);
  const outfile = path.join(request.outDir, request.entry.replace(/\.[mc]?ts$/, esm ? '.mjs' : '.js'));
  await fs.promises.mkdir(path.dirname(outfile), { recursive: true });
  let output: Uint8Array;
  try {
    const result = await build({
      entryPoints: [path.join(request.sourceDir, request.entry)],
      outfile,
      absWorkingDir: request.sourceDir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: esm ? 'esm' : 'cjs',
      external: ['@aws-sdk/*', '@smithy/*'],
      sourcemap: 'inline',
      logLevel: 'silent',
      write: false,
    });
    output = result.outputFiles[0]!.contents;
  } catch (error) {
    const failures = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = failures?.length
      ? failures.map((f) => (f.location ? `${f.location.file}:${f.location.line}: ${f.text}` : f.text)).join('; ')
      : (error as Error).message;
    throw new BundleError(`esbuild could not bundle ${request.entry}: ${detail}`, { cause: error });
  }
  // Written only when it changed: hot reload restarts the function's process on a new file time.
  await writeIfChanged(outfile, output);
  // The bundle folder is its own package, as /var/task is on AWS: a `"type": "module"` in a package.json
  // above the data dir (the app's, the project's) must not make Node read the CommonJS bundle as ESM.
  await writeIfChanged(path.join(request.outDir, 'package.json'), Buffer.from(`{"type":"${esm ? 'module' : 'commonjs'}"}\n`));
}

async function writeIfChanged(file: string, content: Uint8Array): Promise<void> {
  const current = await fs.promises.readFile(file).catch(() => undefined);
  if (!current || !Buffer.from(content).equals(current)) await fs.promises.writeFile(file, content);
}
