import { existsSync } from 'node:fs';
import path from 'node:path';
import { emptyDescription, type AppDescription } from './app-description.ts';
import { AppLoadError } from './app-load-error.ts';
import { parseCfnYaml } from './cfn-yaml.ts';
import { parseDotenv } from './dotenv.ts';
import { loadTemplate, readText } from './cloudformation-loader.ts';
import { resolveOptions, type LoadOptions } from './load-options.ts';
import { compileEvent, compileServiceProxies, isIntrinsic, isMap, type Compiler } from './serverless-events.ts';
import { logicalIds } from './serverless-naming.ts';
import { VariableResolver } from './serverless-variables.ts';
import { PropertyReader } from './template-values.ts';
import { Warnings } from './unsupported.ts';

type Json = Record<string, unknown>;

const TOP_LEVEL = [
  'service',
  'frameworkVersion',
  'org',
  'app',
  'provider',
  'functions',
  'resources',
  'custom',
  'plugins',
  'package',
  'params',
  'useDotenv',
  'variablesResolutionMode',
  'configValidationMode',
  'deprecationNotificationMode',
  'disabledDeprecations',
  'stages',
  'build',
];
/** Provider settings Onward uses, or that change nothing locally (deployment, IAM, logging, tracing). */
const PROVIDER_KEYS = [
  'name',
  'runtime',
  'stage',
  'region',
  'environment',
  'memorySize',
  'timeout',
  'stackName',
  'iam',
  'role',
  'tags',
  'stackTags',
  'architecture',
  'deploymentBucket',
  'deploymentPrefix',
  'profile',
  'versionFunctions',
  'logRetentionInDays',
  'tracing',
  'apiGateway',
  'httpApi',
  'lambdaHashingVersion',
  'eventBridge',
  'logs',
  'deploymentMethod',
  'apiName',
  'endpointType',
  'iamRoleStatements',
  'iamManagedPolicies',
  'kmsKeyArn',
  'runtimeManagement',
  'stackPolicy',
  'rolePermissionsBoundary',
  'logDataProtectionPolicy',
  'layers',
];
const FUNCTION_KEYS = [
  'handler',
  'runtime',
  'timeout',
  'memorySize',
  'environment',
  'name',
  'description',
  'destinations',
  'maximumRetryAttempts',
  'maximumEventAge',
  'onError',
  'events',
  'role',
  'reservedConcurrency',
  'layers',
  'tags',
  'architecture',
  'package',
  'image',
  'vpc',
  'tracing',
  'logRetentionInDays',
  'kmsKeyArn',
  'disableLogs',
  'ephemeralStorage',
  'condition',
  'dependsOn',
  'runtimeManagement',
];
/** Plugins whose effect Onward covers (local runs, bundling TypeScript) or that change nothing locally. */
const UNDERSTOOD_PLUGINS = [
  'serverless-offline',
  'serverless-esbuild',
  'serverless-plugin-typescript',
  'serverless-webpack',
  'serverless-dotenv-plugin',
  'serverless-apigateway-service-proxy',
  'serverless-iam-roles-per-function',
  'serverless-prune-plugin',
  'serverless-pseudo-parameters',
  'serverless-offline-sqs',
  'serverless-offline-sns',
  'serverless-python-requirements',
  'serverless-deployment-bucket',
];
const DESTINATION_KINDS = ['function', 'sns', 'sqs', 'eventBus'];

/** Loads a serverless.yml (Framework v3/v4): compiles it to CloudFormation as the framework does, then loads that. */
export function loadServerlessApp(file: string, options: LoadOptions = {}, displayFile = file): AppDescription {
  const raw = parseCfnYaml(readText(file, displayFile), displayFile);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new AppLoadError(displayFile, '', 'is not a serverless.yml (expected a map)');
  const base = resolveOptions(options);
  const warnings = new Warnings();
  const serviceDir = path.dirname(path.resolve(file));
  const filesRead: string[] = [];
  const sources = {
    file: displayFile,
    serviceDir,
    ...(options.stage !== undefined ? { stage: options.stage } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    accountId: base.accountId,
    defaultRegion: base.region,
    params: base.params,
    env: base.env,
    warnings,
    filesRead,
  };
  // The framework loads `.env.<stage>` (else `.env`) from the service folder; what the caller passes wins.
  const dotenvStage = new VariableResolver(raw as Json, sources).stage();
  for (const name of [`.env.${dotenvStage}`, '.env']) {
    const dotenvFile = path.join(serviceDir, name);
    if (!existsSync(dotenvFile)) continue;
    sources.env = { ...parseDotenv(readText(dotenvFile, name)), ...base.env };
    filesRead.push(dotenvFile);
    break;
  }
  const resolver = new VariableResolver(raw as Json, sources);
  const config = new PropertyReader(displayFile, '', resolver.resolveAll());
  const stage = resolver.stage();
  const region = resolver.region();
  for (const key of Object.keys(config.props)) {
    if (!TOP_LEVEL.includes(key))
      warnings.add('unsupported-property', displayFile, key, `${key} is not supported and is ignored`);
  }
  const service = readService(config);
  const provider = config.optObject('provider') ?? config.fail('provider', 'is required');
  const providerName = provider.optString('name') ?? 'aws';
  if (providerName !== 'aws') provider.fail('name', `provider ${providerName} is not supported; Onward runs AWS apps`);
  for (const key of Object.keys(provider.props)) {
    if (!PROVIDER_KEYS.includes(key))
      warnings.add('unsupported-property', displayFile, `provider.${key}`, `provider.${key} is not supported and is ignored`);
  }
  const plugins = config.optList('plugins') ?? config.optObject('plugins')?.optList('modules') ?? [];
  for (const plugin of plugins) {
    if (!UNDERSTOOD_PLUGINS.includes(String(plugin)))
      warnings.add(
        'unsupported-property',
        displayFile,
        'plugins',
        `plugin ${String(plugin)} is not run; what it adds to the stack is missing`,
      );
  }

  const functions = config.optObject('functions');
  const compiler: Compiler = {
    file: displayFile,
    serviceDir,
    service,
    stage,
    region,
    accountId: base.accountId,
    functionKeys: Object.keys(functions?.props ?? {}),
    resources: {},
    warnings,
  };
  for (const key of compiler.functionKeys) compileFunction(compiler, key, functions!.optObject(key)!, provider);
  compileServiceProxies(compiler, config.optObject('custom')?.optList('apiGatewayServiceProxies'));

  const template = mergeUserResources(compiler, config);
  const app = emptyDescription('serverless', service, region, base.accountId);
  app.stage = stage;
  app.sourceFiles.push(...new Set([path.resolve(file), ...filesRead]));
  const stackName = provider.optString('stackName') ?? `${service}-${stage}`;
  loadTemplate({
    template,
    file: displayFile,
    baseDir: serviceDir,
    stackName,
    parameterOverrides: base.params,
    options: { ...base, region, stage },
    warnings,
    app,
    exports: new Map(),
  });
  app.warnings = warnings.list;
  return app;
}

/** A map-valued setting (environment, tags); anything else is an error naming it. */
function mapAt(reader: PropertyReader, key: string): Json {
  const value = reader.props[key];
  if (value === undefined || value === null) return {};
  if (!isMap(value) || isIntrinsic(value)) return reader.fail(key, 'must be a map of names to values');
  return value;
}

function readService(config: PropertyReader): string {
  const service = config.props.service;
  // Framework v1 allowed `service: {name: ...}`.
  const name =
    service !== null && typeof service === 'object' ? config.optObject('service')!.string('name') : config.string('service');
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name))
    config.fail('service', `${JSON.stringify(name)} must start with a letter and hold only letters, digits and hyphens`);
  return name;
}

function compileFunction(c: Compiler, key: string, fn: PropertyReader, provider: PropertyReader): void {
  c.warnings.unhandledProperties(c.file, fn.path, 'function', fn.props, FUNCTION_KEYS);
  const fnId = logicalIds.function(key);
  const props: Json = {
    FunctionName: fn.optString('name') ?? `${c.service}-${c.stage}-${key}`,
    Handler: fn.optString('handler') ?? (fn.has('image') ? '' : fn.fail('handler', 'is required')),
    Runtime: fn.optString('runtime') ?? provider.optString('runtime') ?? 'nodejs20.x',
    MemorySize: fn.optNumber('memorySize') ?? provider.optNumber('memorySize') ?? 1024,
    Timeout: fn.optNumber('timeout') ?? provider.optNumber('timeout') ?? 6,
  };
  const artifact = fn.optObject('package')?.optString('artifact');
  if (fn.has('image')) props.Code = { ImageUri: JSON.stringify(fn.props.image) };
  else props.Code = artifact !== undefined ? path.resolve(c.serviceDir, artifact) : c.serviceDir;
  const environment = { ...mapAt(provider, 'environment'), ...mapAt(fn, 'environment') };
  if (Object.keys(environment).length > 0) props.Environment = { Variables: environment };
  const role = fn.props.role ?? provider.props.role ?? provider.optObject('iam')?.props.role;
  if (typeof role === 'string' && !role.startsWith('arn:')) props.Role = { 'Fn::GetAtt': [role, 'Arn'] };
  else if (role !== undefined && (typeof role === 'string' || !isMap(role) || isIntrinsic(role))) props.Role = role;
  else props.Role = `arn:aws:iam::${c.accountId}:role/${c.service}-${c.stage}-${c.region}-lambdaRole`;
  if (fn.has('onError')) props.DeadLetterConfig = { TargetArn: fn.props.onError };
  if (fn.has('reservedConcurrency')) props.ReservedConcurrentExecutions = fn.props.reservedConcurrency;
  if (fn.has('description')) props.Description = fn.props.description;
  if (fn.has('layers')) props.Layers = fn.props.layers;
  const architecture = fn.optString('architecture') ?? provider.optString('architecture');
  if (architecture !== undefined) props.Architectures = [architecture];
  const tags = { ...mapAt(provider, 'tags'), ...mapAt(fn, 'tags') };
  if (Object.keys(tags).length > 0) props.Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) }));
  c.resources[fnId] = { Type: 'AWS::Lambda::Function', Properties: props };
  compileAsyncConfig(c, key, fn);
  (fn.optList('events') ?? []).forEach((event, index) =>
    compileEvent(c, key, new PropertyReader(c.file, `${fn.at('events')}[${index}]`, event), index),
  );
}

function compileAsyncConfig(c: Compiler, key: string, fn: PropertyReader): void {
  const destinations = fn.optObject('destinations');
  if (!destinations && !fn.has('maximumRetryAttempts') && !fn.has('maximumEventAge')) return;
  const props: Json = { FunctionName: { Ref: logicalIds.function(key) }, Qualifier: '$LATEST' };
  if (fn.has('maximumRetryAttempts')) props.MaximumRetryAttempts = fn.props.maximumRetryAttempts;
  if (fn.has('maximumEventAge')) props.MaximumEventAgeInSeconds = fn.props.maximumEventAge;
  if (destinations) {
    c.warnings.unhandledProperties(c.file, destinations.path, 'destinations', destinations.props, ['onSuccess', 'onFailure']);
    const config: Json = {};
    for (const [when, cfnKey] of [
      ['onSuccess', 'OnSuccess'],
      ['onFailure', 'OnFailure'],
    ] as const) {
      if (!destinations.has(when)) continue;
      config[cfnKey] = { Destination: destinationArn(c, destinations, when) };
    }
    props.DestinationConfig = config;
  }
  c.resources[logicalIds.eventInvokeConfig(key)] = { Type: 'AWS::Lambda::EventInvokeConfig', Properties: props };
}

/** `onSuccess: otherFunction` | `arn:...` | `{type, arn}` (arn may be Ref/GetAtt/ImportValue/Join). */
function destinationArn(c: Compiler, destinations: PropertyReader, when: string): unknown {
  const value = destinations.props[when];
  if (typeof value === 'string') {
    if (value.startsWith('arn:')) return value;
    if (c.functionKeys.includes(value)) return { 'Fn::GetAtt': [logicalIds.function(value), 'Arn'] };
    return destinations.fail(
      when,
      `${JSON.stringify(value)} is neither a function of this service (${c.functionKeys.join(', ')}) nor an ARN`,
    );
  }
  const d = destinations.optObject(when)!;
  const type = d.string('type');
  if (!DESTINATION_KINDS.includes(type))
    d.fail('type', `UNSUPPORTED_DESTINATION_TARGET: ${type} is not one of ${DESTINATION_KINDS.join(', ')}`);
  if (!d.has('arn')) d.fail('arn', 'is required with type');
  return d.props.arn;
}

function mergeUserResources(c: Compiler, config: PropertyReader): Json {
  const template: Json = { AWSTemplateFormatVersion: '2010-09-09', Resources: c.resources };
  const raw = config.props.resources;
  // `resources` may be a list of fragments (often `${file(...)}`), merged in order.
  const fragments = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  fragments.forEach((fragment, i) => {
    const f = new PropertyReader(c.file, Array.isArray(raw) ? `resources[${i}]` : 'resources', fragment);
    for (const [section, value] of Object.entries(f.props)) {
      if (
        !['Resources', 'Outputs', 'Conditions', 'Mappings', 'Parameters', 'Description', 'AWSTemplateFormatVersion'].includes(
          section,
        )
      ) {
        c.warnings.add(
          'unsupported-property',
          c.file,
          `${f.path}.${section}`,
          `resources.${section} is not supported and is ignored`,
        );
        continue;
      }
      if (!isMap(value)) continue;
      const existing = (template[section] as Json | undefined) ?? {};
      for (const [id, item] of Object.entries(value))
        existing[id] = isMap(existing[id]) && isMap(item) ? deepMerge(existing[id] as Json, item) : item;
      template[section] = existing;
    }
  });
  if (Object.keys(template.Resources as Json).length === 0)
    throw new AppLoadError(c.file, 'functions', 'the service defines no functions and no resources');
  return template;
}

/** serverless merges `resources.Resources.X` over what it compiled for X (to override a property). */
function deepMerge(base: Json, override: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(override))
    out[k] = isMap(out[k]) && isMap(v) && !isIntrinsic(v) ? deepMerge(out[k] as Json, v) : v;
  return out;
}
