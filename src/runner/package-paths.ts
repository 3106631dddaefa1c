/** Files Onward ships next to its code, under the package root. */
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';

export { PACKAGE_ROOT };
export const RUNTIMES_DIR = path.join(PACKAGE_ROOT, 'runtimes');
export const NODE_BOOTSTRAP = path.join(RUNTIMES_DIR, 'node', 'bootstrap.mjs');
export const PYTHON_BOOTSTRAP = path.join(RUNTIMES_DIR, 'python', 'bootstrap.py');

/**
 * Where Onward's own dependencies live, so function code resolves `@aws-sdk/*` from them as it would
 * from /var/runtime/node_modules on AWS: the package's node_modules, and the node_modules it is installed
 * in (where npm hoists its dependencies).
 */
export function onwardNodeModulesDirs(packageRoot: string = PACKAGE_ROOT): string[] {
  const root = path.resolve(packageRoot);
  const dirs = [path.join(root, 'node_modules')];
  const parent = path.dirname(root);
  if (path.basename(parent) === 'node_modules') dirs.push(parent);
  else if (path.basename(path.dirname(parent)) === 'node_modules' && path.basename(parent).startsWith('@')) {
    dirs.push(path.dirname(parent));
  }
  return dirs;
}
