import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { emptyDescription, type AppDescription } from './app-description.ts';
import { AppLoadError } from './app-load-error.ts';
import { loadTemplate } from './cloudformation-loader.ts';
import { resolveOptions, type LoadOptions } from './load-options.ts';
import { PropertyReader } from './template-values.ts';
import { Warnings } from './unsupported.ts';

interface StackArtifact {
  id: string;
  stackName: string;
  /** Absolute. */
  templateFile: string;
  /** Assembly directory the template's assets live in. */
  assemblyDir: string;
  parameters: Record<string, string>;
  dependencies: string[];
}

/** `<hash>` -> absolute path of the staged asset (`cdk.out/asset.<hash>/` or a file). */
type AssetMap = Map<string, string>;

/**
 * Loads a CDK cloud assembly (`cdk.out`): the stacks of manifest.json (nested assemblies of CDK
 * stages included) in dependency order, with Lambda code that CDK points at its staging bucket
 * mapped back to the local asset folders through the asset manifests.
 */
export function loadCdkAssembly(assemblyDir: string, options: LoadOptions = {}, displayDir = assemblyDir): AppDescription {
  const resolved = resolveOptions(options);
  const warnings = new Warnings();
  const stacks: StackArtifact[] = [];
  const assets: AssetMap = new Map();
  const sourceFiles: string[] = [];
  readAssembly(path.resolve(assemblyDir), displayDir, stacks, assets, sourceFiles, warnings);
  if (stacks.length === 0)
    throw new AppLoadError(
      path.join(displayDir, 'manifest.json'),
      'artifacts',
      'the assembly holds no CloudFormation stack (aws:cloudformation:stack artifact)',
    );
  const ordered = orderStacks(stacks, displayDir);
  const app = emptyDescription('cdk', ordered.map((s) => s.stackName).join(','), resolved.region, resolved.accountId);
  const exports = new Map<string, string>();
  for (const stack of ordered) {
    const display = path.join(displayDir, path.relative(path.resolve(assemblyDir), stack.templateFile));
    let template: unknown;
    try {
      template = JSON.parse(readFileSync(stack.templateFile, 'utf8')) as unknown;
    } catch (error) {
      throw new AppLoadError(display, '', `cannot be read as JSON: ${(error as Error).message}`);
    }
    sourceFiles.push(stack.templateFile);
    loadTemplate({
      template,
      file: display,
      baseDir: stack.assemblyDir,
      stackName: stack.stackName,
      parameterOverrides: { ...stack.parameters, ...resolved.params },
      options: resolved,
      warnings,
      app,
      exports,
      s3Code: (s3Key, metadata) => assetPath(s3Key, metadata, assets, stack.assemblyDir),
    });
  }
  app.sourceFiles = sourceFiles;
  app.warnings = warnings.list;
  return app;
}

function readJson(file: string, display: string): PropertyReader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new AppLoadError(display, '', `cannot be read as JSON: ${(error as Error).message}`);
  }
  return new PropertyReader(display, '', parsed);
}

function readAssembly(
  dir: string,
  displayDir: string,
  stacks: StackArtifact[],
  assets: AssetMap,
  sourceFiles: string[],
  warnings: Warnings,
): void {
  const manifestFile = path.join(dir, 'manifest.json');
  const display = path.join(displayDir, 'manifest.json');
  if (!existsSync(manifestFile))
    throw new AppLoadError(display, '', 'not found: is this a cdk.out folder? Run `npx cdk synth` first');
  sourceFiles.push(manifestFile);
  const manifest = readJson(manifestFile, display);
  const artifacts = manifest.optObject('artifacts') ?? manifest.fail('artifacts', 'is required');
  for (const id of Object.keys(artifacts.props)) {
    const artifact = artifacts.optObject(id)!;
    const type = artifact.string('type');
    const props = artifact.optObject('properties') ?? new PropertyReader(display, `${artifact.path}.properties`, {});
    switch (type) {
      case 'aws:cloudformation:stack':
        stacks.push({
          id,
          stackName: props.optString('stackName') ?? id,
          templateFile: path.join(dir, props.string('templateFile')),
          assemblyDir: dir,
          parameters: props.stringMap('parameters'),
          dependencies: (artifact.optList('dependencies') ?? []).map(String),
        });
        break;
      case 'cdk:asset-manifest':
        readAssetManifest(
          path.join(dir, props.string('file')),
          path.join(displayDir, props.string('file')),
          dir,
          assets,
          sourceFiles,
        );
        break;
      case 'cdk:cloud-assembly': {
        const nested = props.string('directoryName');
        readAssembly(path.join(dir, nested), path.join(displayDir, nested), stacks, assets, sourceFiles, warnings);
        break;
      }
      case 'cdk:tree':
        break;
      default:
        warnings.add('unsupported-resource', display, `artifacts.${id}`, `artifact type ${type} is not supported`);
    }
  }
}

function readAssetManifest(file: string, display: string, dir: string, assets: AssetMap, sourceFiles: string[]): void {
  if (!existsSync(file)) return;
  sourceFiles.push(file);
  const manifest = readJson(file, display);
  const files = manifest.optObject('files');
  for (const hash of Object.keys(files?.props ?? {})) {
    const source = files!.optObject(hash)!.optObject('source');
    const sourcePath = source?.optString('path');
    if (sourcePath === undefined) continue;
    const absolute = path.join(dir, sourcePath);
    assets.set(hash, absolute);
    // Destinations name the object key (`<hash>.zip`); map it too, in case it differs from the hash.
    const destinations = files!.optObject(hash)!.optObject('destinations');
    for (const d of Object.keys(destinations?.props ?? {})) {
      const key = destinations!.optObject(d)!.optString('objectKey');
      if (key !== undefined) assets.set(key, absolute);
    }
  }
}

/** `S3Key: <hash>.zip` -> the asset folder; `aws:asset:path` metadata as the fallback. */
function assetPath(s3Key: string, metadata: Record<string, unknown>, assets: AssetMap, dir: string): string | undefined {
  const byKey =
    assets.get(s3Key) ??
    assets.get(
      s3Key
        .replace(/\.[A-Za-z0-9]+$/, '')
        .split('/')
        .pop() ?? '',
    );
  if (byKey) return byKey;
  const fromMetadata = metadata['aws:asset:path'];
  return typeof fromMetadata === 'string' ? path.resolve(dir, fromMetadata) : undefined;
}

function orderStacks(stacks: StackArtifact[], displayDir: string): StackArtifact[] {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const order: StackArtifact[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: StackArtifact, trail: string[]) => {
    if (state.get(stack.id) === 'done') return;
    if (state.get(stack.id) === 'visiting') {
      throw new AppLoadError(
        path.join(displayDir, 'manifest.json'),
        `artifacts.${stack.id}`,
        `circular stack dependencies: ${[...trail, stack.id].join(' -> ')}`,
      );
    }
    state.set(stack.id, 'visiting');
    for (const dep of stack.dependencies) {
      const d = byId.get(dep);
      if (d) visit(d, [...trail, stack.id]);
    }
    state.set(stack.id, 'done');
    order.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return order;
}
