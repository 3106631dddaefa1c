import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FunctionCode } from './app-description.ts';

const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
const PYTHON_EXTENSIONS = ['.py'];

/**
 * A folder of sources: finds the file the handler names (`src/handler.hello` -> `src/handler.ts`), and
 * marks TypeScript files for bundling, which the apply step does (the loader never runs esbuild).
 */
export function directoryCode(directory: string, handler: string, runtime: string): FunctionCode {
  const dot = handler.lastIndexOf('.');
  const modulePath = dot === -1 ? handler : handler.slice(0, dot);
  const exportName = dot === -1 ? 'handler' : handler.slice(dot + 1);
  const extensions = runtime.startsWith('python') ? PYTHON_EXTENSIONS : runtime.startsWith('nodejs') ? NODE_EXTENSIONS : [];
  const modulePathOnDisk = runtime.startsWith('python') ? modulePath.replace(/\.(?=[^/])/g, '/') : modulePath;
  for (const extension of extensions) {
    const candidate = `${modulePathOnDisk}${extension}`;
    if (isFile(path.join(directory, candidate))) {
      const typescript = /\.[mc]?ts$/.test(extension);
      return typescript
        ? { kind: 'directory', path: directory, handlerFile: candidate, bundle: { entry: candidate, exportName } }
        : { kind: 'directory', path: directory, handlerFile: candidate };
    }
  }
  return { kind: 'directory', path: directory };
}

/** A local code path (`Code: ./src`, SAM `CodeUri`, CDK asset): a folder, or a .zip file. */
export function localCode(baseDir: string, codePath: string, handler: string, runtime: string): FunctionCode {
  const absolute = path.resolve(baseDir, codePath);
  if (isFile(absolute)) return { kind: 'zip', path: absolute };
  return directoryCode(absolute, handler, runtime);
}

/** `Code.ZipFile`: CloudFormation writes it as index.js (Node.js) or index.py (Python). */
export function inlineCode(source: string, runtime: string): FunctionCode {
  return { kind: 'inline', source, fileName: runtime.startsWith('python') ? 'index.py' : 'index.js' };
}

export function codeExists(code: FunctionCode): boolean {
  return code.kind === 'inline' || code.kind === 'unavailable' || existsSync(code.path);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
