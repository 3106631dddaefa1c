// Bundles the CLI into one file (dist/onward.mjs): loading ~200 compiled modules one by one took most
// of Onward's start-up time; one file loads in a fraction of it. Dependencies stay external (node_modules).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/onward.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
