import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AppDescription } from './app-description.ts';
import { AppLoadError } from './app-load-error.ts';
import { loadCdkAssembly } from './cdk-assembly-loader.ts';
import { loadCloudFormationApp } from './cloudformation-loader.ts';
import type { LoadOptions } from './load-options.ts';
import { loadServerlessApp } from './serverless-loader.ts';

export type AppSource =
  { format: 'serverless'; file: string } | { format: 'template'; file: string } | { format: 'cdk'; dir: string };

const SERVERLESS_FILES = ['serverless.yml', 'serverless.yaml'];
const TEMPLATE_FILES = ['template.yaml', 'template.yml', 'template.json'];
const UNSUPPORTED_SERVERLESS = ['serverless.ts', 'serverless.js', 'serverless.cjs', 'serverless.mjs', 'serverless.json'];

export interface FindOptions {
  /** `-t FILE`: a CloudFormation/SAM template, relative to `dir`. */
  templateFile?: string;
}

/** Which app a folder holds: serverless.yml|yaml, then template.yaml|yml|json, then a cdk.out assembly. */
export function findApp(dir: string, options: FindOptions = {}): AppSource & { ignored: string[] } {
  if (!isDirectory(dir)) throw new AppLoadError(dir, '', 'is not a folder');
  if (options.templateFile !== undefined) {
    const file = path.resolve(dir, options.templateFile);
    if (!isFile(file)) throw new AppLoadError(options.templateFile, '', 'template file not found');
    return { format: 'template', file, ignored: [] };
  }
  const found: (AppSource & { label: string })[] = [];
  for (const name of SERVERLESS_FILES)
    if (isFile(path.join(dir, name))) found.push({ format: 'serverless', file: path.join(dir, name), label: name });
  for (const name of TEMPLATE_FILES)
    if (isFile(path.join(dir, name))) found.push({ format: 'template', file: path.join(dir, name), label: name });
  if (isFile(path.join(dir, 'cdk.out', 'manifest.json')))
    found.push({ format: 'cdk', dir: path.join(dir, 'cdk.out'), label: 'cdk.out' });
  else if (isFile(path.join(dir, 'manifest.json')) && isFile(path.join(dir, 'cdk.out')))
    found.push({ format: 'cdk', dir, label: '.' });
  const [first, ...rest] = found;
  if (first) {
    const { label: _label, ...source } = first;
    return { ...source, ignored: rest.map((r) => r.label) };
  }
  const unsupported = UNSUPPORTED_SERVERLESS.find((name) => isFile(path.join(dir, name)));
  if (unsupported)
    throw new AppLoadError(
      unsupported,
      '',
      'is not supported: Onward reads serverless.yml (YAML). `serverless print > serverless.yml` writes one',
    );
  if (isFile(path.join(dir, 'cdk.json')))
    throw new AppLoadError(
      'cdk.out',
      '',
      'not found: this is a CDK app; run `npx cdk synth` to write cdk.out, then run onward up again',
    );
  throw new AppLoadError(
    dir,
    '',
    `holds no app. Onward looked for ${[...SERVERLESS_FILES, ...TEMPLATE_FILES].join(', ')} and a cdk.out folder (CDK: run \`npx cdk synth\`); use -t FILE for a template with another name`,
  );
}

/** Finds and loads the app in `dir` into one description. */
export function loadApp(dir: string, options: LoadOptions & FindOptions = {}): AppDescription {
  const source = findApp(dir, options);
  const display = (p: string) => path.relative(dir, p) || '.';
  const app =
    source.format === 'serverless'
      ? loadServerlessApp(source.file, options, display(source.file))
      : source.format === 'template'
        ? loadCloudFormationApp(source.file, options, display(source.file))
        : loadCdkAssembly(source.dir, options, display(source.dir));
  for (const ignored of source.ignored) {
    app.warnings.push({
      kind: 'unsupported-resource',
      file: ignored,
      path: '',
      message: `ignored: this folder also holds another app format; ${display(source.format === 'cdk' ? source.dir : source.file)} was loaded`,
    });
  }
  return app;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}
