import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { emptyDescription, type AppDescription } from './app-description.ts';
import { AppLoadError } from './app-load-error.ts';
import { parseCfnYaml } from './cfn-yaml.ts';
import { newApiGatewayState } from './api-gateway-state.ts';
import { handlerFor, unsupportedResource, type ResourceResult, type S3CodeResolver } from './cloudformation-resources.ts';
import { evaluateCondition, NO_VALUE, referencedIds, resolveValue, type IntrinsicScope } from './intrinsics.ts';
import { resolveOptions, type LoadOptions, type ResolvedOptions } from './load-options.ts';
import type { ArnContext } from './physical-names.ts';
import { parseSamConfig } from './samconfig.ts';
import { expandSam, SAM_TRANSFORM } from './sam-transform.ts';
import { PropertyReader } from './template-values.ts';
import { Warnings } from './unsupported.ts';

export interface TemplateInput {
  template: unknown;
  /** For messages, as the user knows it (relative to where `onward up` runs). */
  file: string;
  /** Relative code paths (`Code: ./src`, `CodeUri`) start here. */
  baseDir: string;
  stackName: string;
  parameterOverrides: Record<string, string>;
  options: ResolvedOptions;
  warnings: Warnings;
  app: AppDescription;
  /** Stack exports seen so far (CDK assemblies deploy stacks in order), for Fn::ImportValue. */
  exports: Map<string, string>;
  s3Code?: S3CodeResolver;
  /** Templates compiled from serverless.yml carry their own defaults already. */
  format?: 'cloudformation' | 'sam';
}

interface ResourceEntry {
  type: string;
  properties: unknown;
  condition?: string;
  dependsOn: string[];
  metadata: Record<string, unknown>;
}

const SECTIONS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Globals',
];

/** Reads a template file (YAML with short tags, or JSON) and loads it as one stack. */
export function loadCloudFormationApp(file: string, options: LoadOptions = {}, displayFile = file): AppDescription {
  const resolved = resolveOptions(options);
  const text = readText(file, displayFile);
  const template = parseCfnYaml(text, displayFile);
  // sam deploy's own defaults, when the project has a samconfig.toml: what --stack-name / --param give wins.
  const samconfigFile = path.join(path.dirname(path.resolve(file)), 'samconfig.toml');
  const samconfig = existsSync(samconfigFile) ? parseSamConfig(readText(samconfigFile, 'samconfig.toml')) : undefined;
  const stackName = options.stackName ?? samconfig?.stackName ?? defaultStackName(file);
  const isSam = hasSamTransform(template);
  const app = emptyDescription(isSam ? 'sam' : 'cloudformation', stackName, resolved.region, resolved.accountId);
  app.sourceFiles.push(path.resolve(file), ...(samconfig ? [samconfigFile] : []));
  const warnings = new Warnings();
  loadTemplate({
    template,
    file: displayFile,
    baseDir: path.dirname(path.resolve(file)),
    stackName,
    parameterOverrides: { ...samconfig?.parameterOverrides, ...resolved.params },
    options: resolved,
    warnings,
    app,
    exports: new Map(),
  });
  app.warnings = warnings.list;
  return app;
}

/** `sam deploy` asks for a stack name; Onward uses the folder's name, like `sam init` projects do. */
function defaultStackName(file: string): string {
  const dir = path.basename(path.dirname(path.resolve(file)));
  const cleaned = dir.replace(/[^A-Za-z0-9-]/g, '-').replace(/^[^A-Za-z]+/, '');
  return cleaned || 'onward-app';
}

export function readText(file: string, displayFile: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppLoadError(displayFile, '', `cannot be read: ${(error as Error).message}`);
  }
}

export function hasSamTransform(template: unknown): boolean {
  if (template === null || typeof template !== 'object') return false;
  const transform = (template as Record<string, unknown>).Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

/** Loads one template into `input.app`; returns the stack's resolved outputs. */
export function loadTemplate(input: TemplateInput): Record<string, string> {
  const { file, warnings, options } = input;
  if (input.template === null || typeof input.template !== 'object' || Array.isArray(input.template)) {
    throw new AppLoadError(file, '', 'is not a CloudFormation template (expected a map with Resources)');
  }
  let template = input.template as Record<string, unknown>;
  for (const key of Object.keys(template)) {
    if (!SECTIONS.includes(key))
      warnings.add('unsupported-property', file, key, `template section ${key} is not supported and is ignored`);
  }
  const transforms =
    template.Transform === undefined ? [] : Array.isArray(template.Transform) ? template.Transform : [template.Transform];
  for (const t of transforms) {
    if (t !== SAM_TRANSFORM)
      warnings.add('unsupported-property', file, 'Transform', `transform ${JSON.stringify(t)} is not supported`);
  }
  for (const rule of Object.keys(new PropertyReader(file, 'Rules', template.Rules).props)) {
    // CDK's bootstrap version check needs the account's SSM parameter; the other rules only validate parameters.
    if (rule !== 'CheckBootstrapVersion')
      warnings.add('unsupported-property', file, `Rules.${rule}`, 'template rules are not checked');
  }
  if (transforms.includes(SAM_TRANSFORM)) template = expandSam(template, file, warnings);
  const resources = new PropertyReader(file, 'Resources', template.Resources);
  if (Object.keys(resources.props).length === 0)
    throw new AppLoadError(file, 'Resources', 'a template needs at least one resource');

  const arn: ArnContext = { partition: 'aws', region: options.region, accountId: options.accountId };
  const pseudo: Record<string, unknown> = {
    'AWS::Region': options.region,
    'AWS::AccountId': options.accountId,
    'AWS::StackName': input.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${options.region}:${options.accountId}:stack/${input.stackName}/00000000-0000-4000-8000-000000000000`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
  };
  const parameters = resolveParameters(template, input);
  input.app.stacks.push({
    name: input.stackName,
    templateFile: file,
    parameters: Object.fromEntries([...parameters].map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])),
  });
  const results = new Map<string, ResourceResult>();
  const entries = readResources(resources, file);
  const conditionCache = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const conditions = new PropertyReader(file, 'Conditions', template.Conditions);
  const apiGateway = newApiGatewayState();

  const scope: IntrinsicScope = {
    file,
    pseudo,
    parameters,
    mappings: new PropertyReader(file, 'Mappings', template.Mappings).props,
    condition(name, at) {
      const cached = conditionCache.get(name);
      if (cached !== undefined) return cached;
      if (!(name in conditions.props)) throw new AppLoadError(file, at, `condition ${name} is not defined in Conditions`);
      if (evaluating.has(name)) throw new AppLoadError(file, `Conditions.${name}`, `condition ${name} refers to itself`);
      evaluating.add(name);
      const value = evaluateCondition(conditions.props[name], scope, `Conditions.${name}`);
      evaluating.delete(name);
      conditionCache.set(name, value);
      return value;
    },
    ref(logicalId, at) {
      const result = results.get(logicalId);
      if (result) return result.ref;
      if (entries.has(logicalId))
        throw new AppLoadError(file, at, `Ref to ${logicalId}, which is not created (its Condition is false)`);
      return undefined;
    },
    getAtt(logicalId, attribute, at) {
      const result = results.get(logicalId);
      if (!result) {
        const why = entries.has(logicalId)
          ? 'which is not created (its Condition is false)'
          : 'which is not a resource of this template';
        throw new AppLoadError(file, at, `Fn::GetAtt ${logicalId}.${attribute}, ${why}`);
      }
      if (!(attribute in result.attributes)) {
        const type = entries.get(logicalId)?.type ?? '';
        const known = Object.keys(result.attributes);
        warnings.add(
          'unsupported-intrinsic',
          file,
          at,
          `${type} ${logicalId} has no attribute ${attribute} in Onward (known: ${known.join(', ') || 'none'})`,
        );
        return '';
      }
      return result.attributes[attribute];
    },
    importValue(name, at) {
      const value = input.exports.get(name);
      if (value !== undefined) return value;
      warnings.add(
        'unsupported-intrinsic',
        file,
        at,
        `Fn::ImportValue ${name}: no stack of this app exports it; the value is left empty`,
      );
      return '';
    },
    warn(kind, at, message) {
      warnings.add(kind, file, at, message);
    },
  };

  for (const name of Object.keys(conditions.props)) scope.condition(name, `Conditions.${name}`);

  for (const logicalId of deploymentOrder(entries, file)) {
    const entry = entries.get(logicalId)!;
    const at = `Resources.${logicalId}`;
    if (entry.condition !== undefined && !scope.condition(entry.condition, `${at}.Condition`)) continue;
    const properties = resolveValue(entry.properties ?? {}, scope, `${at}.Properties`);
    const context = {
      file,
      baseDir: input.baseDir,
      stack: input.stackName,
      logicalId,
      type: entry.type,
      path: at,
      props: new PropertyReader(file, `${at}.Properties`, properties === NO_VALUE ? {} : properties),
      metadata: entry.metadata,
      arn,
      options,
      warnings,
      app: input.app,
      ...(input.s3Code ? { s3Code: input.s3Code } : {}),
      apiGateway,
    };
    const handler = handlerFor(entry.type);
    results.set(logicalId, handler ? handler(context) : unsupportedResource(context));
  }

  return resolveOutputs(template, scope, input);
}

function readResources(resources: PropertyReader, file: string): Map<string, ResourceEntry> {
  const entries = new Map<string, ResourceEntry>();
  for (const logicalId of Object.keys(resources.props)) {
    const r = resources.optObject(logicalId)!;
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) throw new AppLoadError(file, r.path, 'logical ids must be alphanumeric');
    const dependsOn = r.props.DependsOn;
    const deps = dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn.map(String) : [String(dependsOn)];
    const condition = r.optString('Condition');
    entries.set(logicalId, {
      type: r.string('Type'),
      properties: r.props.Properties,
      dependsOn: deps,
      metadata: r.optObject('Metadata')?.props ?? {},
      ...(condition !== undefined ? { condition } : {}),
    });
  }
  return entries;
}

/** Resources in an order where every resource comes after what it refers to; cycles are errors. */
export function deploymentOrder(entries: Map<string, ResourceEntry>, file: string): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      throw new AppLoadError(file, `Resources.${id}`, `circular dependency between resources: ${cycle.join(' -> ')}`);
    }
    state.set(id, 'visiting');
    const entry = entries.get(id)!;
    for (const dep of entry.dependsOn) {
      if (!entries.has(dep))
        throw new AppLoadError(file, `Resources.${id}.DependsOn`, `${dep} is not a resource of this template`);
    }
    const refs = [...entry.dependsOn, ...referencedIds(entry.properties)].filter((dep) => entries.has(dep) && dep !== id);
    for (const dep of refs) visit(dep, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of entries.keys()) visit(id, []);
  return order;
}

function resolveParameters(template: Record<string, unknown>, input: TemplateInput): Map<string, unknown> {
  const { file, warnings } = input;
  const declared = new PropertyReader(file, 'Parameters', template.Parameters);
  const values = new Map<string, unknown>();
  for (const name of Object.keys(declared.props)) {
    const p = declared.optObject(name)!;
    const type = p.optString('Type') ?? 'String';
    // CDK's bootstrap check reads an SSM parameter that only exists in a bootstrapped account.
    if (name === 'BootstrapVersion' && type.startsWith('AWS::SSM::Parameter::Value')) continue;
    const raw = input.parameterOverrides[name] ?? p.optString('Default');
    if (raw === undefined) throw new AppLoadError(file, p.path, `parameter ${name} has no Default; pass --param ${name}=VALUE`);
    if (type.startsWith('AWS::SSM::Parameter::Value') && input.parameterOverrides[name] === undefined) {
      warnings.add(
        'unresolved-variable',
        file,
        p.path,
        `SSM parameter ${raw} cannot be read; its name is used as the value (pass --param ${name}=VALUE)`,
      );
    }
    const allowed = p.optList('AllowedValues');
    if (allowed && !allowed.map(String).includes(raw)) {
      throw new AppLoadError(
        file,
        p.path,
        `parameter ${name} value ${JSON.stringify(raw)} is not one of the AllowedValues ${JSON.stringify(allowed)}`,
      );
    }
    const pattern = p.optString('AllowedPattern');
    if (pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(raw)) {
      throw new AppLoadError(
        file,
        p.path,
        `parameter ${name} value ${JSON.stringify(raw)} does not match AllowedPattern ${pattern}`,
      );
    }
    if (type === 'Number' && !Number.isFinite(Number(raw)))
      throw new AppLoadError(file, p.path, `parameter ${name} must be a Number, got ${JSON.stringify(raw)}`);
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
    values.set(name, isList ? raw.split(',').map((s) => s.trim()) : raw);
  }
  return values;
}

function resolveOutputs(template: Record<string, unknown>, scope: IntrinsicScope, input: TemplateInput): Record<string, string> {
  const outputs = new PropertyReader(input.file, 'Outputs', template.Outputs);
  const resolved: Record<string, string> = {};
  for (const key of Object.keys(outputs.props)) {
    const o = outputs.optObject(key)!;
    const condition = o.optString('Condition');
    if (condition !== undefined && !scope.condition(condition, `${o.path}.Condition`)) continue;
    const r = new PropertyReader(input.file, o.path, resolveValue(o.props, scope, o.path));
    const raw = r.props.Value;
    const value = Array.isArray(raw) ? raw.join(',') : r.string('Value');
    const description = r.optString('Description');
    const exportName = r.optObject('Export')?.optString('Name');
    if (exportName !== undefined) input.exports.set(exportName, value);
    resolved[key] = value;
    input.app.outputs.push({
      stack: input.stackName,
      key,
      value,
      ...(description !== undefined ? { description } : {}),
      ...(exportName !== undefined ? { exportName } : {}),
    });
  }
  return resolved;
}
