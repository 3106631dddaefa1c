import type { AppDescription, AsyncConfigSpec, DestinationSpec, FunctionCode, FunctionSpec } from './app-description.ts';
import { AppLoadError } from './app-load-error.ts';
import { inlineCode, localCode } from './function-code.ts';
import { arns, destinationTypeFromArn, functionReference, stableId, stableUuid } from './physical-names.ts';
import { origin, physicalName, unhandled, type Handler, type ResourceContext } from './resource-context.ts';
import { PropertyReader } from './template-values.ts';

/** AWS::Lambda::Function, ::Version, ::Alias, ::EventInvokeConfig and ::EventSourceMapping. */

/** Properties that change nothing in a local emulator: accepted without a warning (documented in docs/apps.md). */
const NO_LOCAL_EFFECT = [
  'TracingConfig',
  'VpcConfig',
  'KmsKeyArn',
  'LoggingConfig',
  'RuntimeManagementConfig',
  'CodeSigningConfigArn',
  'EphemeralStorage',
  'PackageType',
];

function findFunction(c: ResourceContext, key: string): FunctionSpec | undefined {
  const { name: fn } = functionReference(c.props.string(key));
  return c.app.functions.find((f) => f.name === fn);
}

function destination(c: ResourceContext, reader: PropertyReader | undefined, key: string): DestinationSpec | undefined {
  const arn = reader?.optString('Destination');
  if (arn === undefined) return undefined;
  const type = destinationTypeFromArn(arn);
  if (!type)
    throw new AppLoadError(
      c.file,
      `${reader!.path}.Destination`,
      `${arn} is not the ARN of a Lambda function, SQS queue, SNS topic, EventBridge bus or S3 bucket (${key})`,
    );
  return { type, arn };
}

function functionCode(c: ResourceContext, handler: string, runtime: string): FunctionCode {
  const raw = c.props.props.Code;
  if (typeof raw === 'string') return localCode(c.baseDir, raw, handler, runtime);
  const code = c.props.optObject('Code');
  if (!code) return c.props.fail('Code', 'is required');
  const zip = code.optString('ZipFile');
  if (zip !== undefined) return inlineCode(zip, runtime);
  if (code.has('ImageUri')) {
    c.warnings.add(
      'unsupported-code',
      c.file,
      `${c.path}.Properties.Code.ImageUri`,
      'container image functions need Docker, which Onward does not use',
    );
    return { kind: 'unavailable', reason: 'container image' };
  }
  const key = code.optString('S3Key');
  if (key !== undefined) {
    const local = c.s3Code?.(key, c.metadata);
    if (local) return localCode(c.baseDir, local, handler, runtime);
    const bucket = code.optString('S3Bucket') ?? '';
    c.warnings.add(
      'unsupported-code',
      c.file,
      `${c.path}.Properties.Code`,
      `code in s3://${bucket}/${key} cannot be fetched; use a local path (Code: ./dir) or a CDK asset`,
    );
    return { kind: 'unavailable', reason: `s3://${bucket}/${key}` };
  }
  return c.props.fail('Code', 'needs ZipFile, S3Bucket/S3Key, ImageUri or a local path');
}

const CDK_INTERNAL_FUNCTION =
  /^(BucketNotificationsHandler|LogRetention[0-9a-f]{32}|Custom[A-Za-z0-9]*CustomResourceProvider|CustomCDKBucketDeployment|AWS679f53fac002430cb0da5b7982bd2287)/;

const lambdaFunction: Handler = (c) => {
  const fnName = physicalName(c, 'FunctionName', 64);
  const arn = arns.lambda(c.arn, fnName);
  const result = { ref: fnName, attributes: { Arn: arn } };
  if (CDK_INTERNAL_FUNCTION.test(c.logicalId)) {
    c.warnings.add('unsupported-resource', c.file, c.path, 'CDK-internal function (custom resource provider) is not deployed');
    return result;
  }
  unhandled(c, [
    'FunctionName',
    'Code',
    'Handler',
    'Runtime',
    'MemorySize',
    'Timeout',
    'Environment',
    'Role',
    'DeadLetterConfig',
    'ReservedConcurrentExecutions',
    'Architectures',
    'Description',
    'Tags',
    ...NO_LOCAL_EFFECT,
  ]);
  const rawCode = c.props.props.Code;
  const isImage = rawCode !== null && typeof rawCode === 'object' && 'ImageUri' in rawCode;
  const handler = isImage ? (c.props.optString('Handler') ?? '') : c.props.string('Handler');
  const runtime = isImage ? (c.props.optString('Runtime') ?? '') : c.props.string('Runtime');
  const dlq = c.props.optObject('DeadLetterConfig')?.optString('TargetArn');
  const spec: FunctionSpec = {
    origin: origin(c),
    name: fnName,
    arn,
    runtime,
    handler,
    code: functionCode(c, handler, runtime),
    memorySizeMb: c.props.optNumber('MemorySize') ?? 128,
    timeoutSeconds: c.props.optNumber('Timeout') ?? 3,
    environment: c.props.optObject('Environment')?.stringMap('Variables') ?? {},
    asyncConfigs: [],
    tags: c.props.tags(),
  };
  const description = c.props.optString('Description');
  if (description !== undefined) spec.description = description;
  const role = c.props.optString('Role');
  if (role !== undefined) spec.role = role;
  if (dlq) spec.deadLetterTargetArn = dlq;
  const reserved = c.props.optNumber('ReservedConcurrentExecutions');
  if (reserved !== undefined) spec.reservedConcurrency = reserved;
  const architectures = c.props.optList('Architectures');
  if (architectures) spec.architectures = architectures.map(String);
  c.app.functions.push(spec);
  return result;
};

const lambdaVersion: Handler = (c) => {
  unhandled(c, ['FunctionName', 'Description', 'CodeSha256', 'ProvisionedConcurrencyConfig', 'RuntimePolicy']);
  const fn = findFunction(c, 'FunctionName');
  const { name: fnName } = functionReference(c.props.string('FunctionName'));
  const version = String(c.app.versions.filter((v) => v.functionName === fnName).length + 1);
  const arn = `${arns.lambda(c.arn, fnName)}:${version}`;
  if (!fn) warnForeignFunction(c, fnName);
  else {
    const description = c.props.optString('Description');
    c.app.versions.push({
      origin: origin(c),
      functionName: fnName,
      version,
      arn,
      ...(description !== undefined ? { description } : {}),
    });
  }
  return { ref: arn, attributes: { Version: version, FunctionArn: arns.lambda(c.arn, fnName) } };
};

const lambdaAlias: Handler = (c) => {
  unhandled(c, ['FunctionName', 'FunctionVersion', 'Name', 'Description', 'ProvisionedConcurrencyConfig', 'RoutingConfig']);
  const { name: fnName } = functionReference(c.props.string('FunctionName'));
  const aliasName = c.props.string('Name');
  const arn = `${arns.lambda(c.arn, fnName)}:${aliasName}`;
  if (!findFunction(c, 'FunctionName')) warnForeignFunction(c, fnName);
  else {
    const description = c.props.optString('Description');
    c.app.aliases.push({
      origin: origin(c),
      functionName: fnName,
      name: aliasName,
      functionVersion: c.props.string('FunctionVersion'),
      arn,
      ...(description !== undefined ? { description } : {}),
    });
  }
  return { ref: arn, attributes: { AliasArn: arn } };
};

function warnForeignFunction(c: ResourceContext, fnName: string): void {
  c.warnings.add(
    'unsupported-property',
    c.file,
    `${c.path}.Properties.FunctionName`,
    `function ${fnName} is not part of this app; ${c.type} is skipped`,
  );
}

const eventInvokeConfig: Handler = (c) => {
  unhandled(c, ['FunctionName', 'Qualifier', 'MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig']);
  const fn = findFunction(c, 'FunctionName');
  const qualifier = c.props.string('Qualifier');
  const config: AsyncConfigSpec = { qualifier };
  const retries = c.props.optNumber('MaximumRetryAttempts');
  if (retries !== undefined) {
    if (!Number.isInteger(retries) || retries < 0 || retries > 2)
      c.props.fail('MaximumRetryAttempts', `must be 0, 1 or 2, got ${retries}`);
    config.maximumRetryAttempts = retries;
  }
  const age = c.props.optNumber('MaximumEventAgeInSeconds');
  if (age !== undefined) {
    if (!Number.isInteger(age) || age < 60 || age > 21600)
      c.props.fail('MaximumEventAgeInSeconds', `must be between 60 and 21600, got ${age}`);
    config.maximumEventAgeSeconds = age;
  }
  const destinations = c.props.optObject('DestinationConfig');
  const onSuccess = destination(c, destinations?.optObject('OnSuccess'), 'OnSuccess');
  const onFailure = destination(c, destinations?.optObject('OnFailure'), 'OnFailure');
  if (onSuccess) config.onSuccess = onSuccess;
  if (onFailure) config.onFailure = onFailure;
  if (!fn) warnForeignFunction(c, functionReference(c.props.string('FunctionName')).name);
  else fn.asyncConfigs = [...fn.asyncConfigs.filter((a) => a.qualifier !== qualifier), config];
  return { ref: stableId(`${c.stack}/${c.logicalId}`, 12), attributes: {} };
};

const STARTING_POSITIONS = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] as const;

const eventSourceMapping: Handler = (c) => {
  unhandled(c, [
    'FunctionName',
    'EventSourceArn',
    'Enabled',
    'BatchSize',
    'MaximumBatchingWindowInSeconds',
    'StartingPosition',
    'StartingPositionTimestamp',
    'FunctionResponseTypes',
    'FilterCriteria',
    'ScalingConfig',
    'BisectBatchOnFunctionError',
    'MaximumRetryAttempts',
    'MaximumRecordAgeInSeconds',
    'ParallelizationFactor',
    'TumblingWindowInSeconds',
    'DestinationConfig',
    'Tags',
  ]);
  const uuid = stableUuid(`${c.stack}/${c.logicalId}`);
  const arn = `arn:${c.arn.partition}:lambda:${c.arn.region}:${c.arn.accountId}:event-source-mapping:${uuid}`;
  const result = { ref: uuid, attributes: { Id: uuid, EventSourceMappingArn: arn } };
  const fnRef = functionReference(c.props.string('FunctionName'));
  if (!findFunction(c, 'FunctionName')) {
    warnForeignFunction(c, fnRef.name);
    return result;
  }
  const eventSourceArn = c.props.string('EventSourceArn');
  const service = eventSourceArn.split(':')[2];
  if (service !== 'sqs' && service !== 'kinesis') {
    c.warnings.add(
      'unsupported-resource',
      c.file,
      `${c.path}.Properties.EventSourceArn`,
      `event source ${eventSourceArn} is not supported (SQS and Kinesis are)`,
    );
    return result;
  }
  const startingPosition = c.props.optString('StartingPosition');
  if (startingPosition !== undefined && !(STARTING_POSITIONS as readonly string[]).includes(startingPosition)) {
    c.props.fail('StartingPosition', `must be one of ${STARTING_POSITIONS.join(', ')}`);
  }
  const filters = c.props.optObject('FilterCriteria')?.optList('Filters') ?? [];
  const spec: AppDescription['eventSourceMappings'][number] = {
    origin: origin(c),
    uuid,
    functionName: fnRef.qualifier ? `${fnRef.name}:${fnRef.qualifier}` : fnRef.name,
    eventSourceArn,
    enabled: c.props.optBoolean('Enabled') ?? true,
    functionResponseTypes: (c.props.optList('FunctionResponseTypes') ?? []).map(String),
    filterPatterns: filters.map((f, i) => {
      const pattern = new PropertyReader(c.file, `${c.path}.Properties.FilterCriteria.Filters[${i}]`, f).optJson('Pattern');
      return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
    }),
  };
  const set = <K extends keyof typeof spec>(key: K, value: (typeof spec)[K] | undefined) => {
    if (value !== undefined) spec[key] = value;
  };
  set('batchSize', c.props.optNumber('BatchSize'));
  set('maximumBatchingWindowSeconds', c.props.optNumber('MaximumBatchingWindowInSeconds'));
  set('startingPosition', startingPosition as (typeof STARTING_POSITIONS)[number] | undefined);
  set('startingPositionTimestamp', c.props.optNumber('StartingPositionTimestamp'));
  set('maximumConcurrency', c.props.optObject('ScalingConfig')?.optNumber('MaximumConcurrency'));
  set('bisectBatchOnFunctionError', c.props.optBoolean('BisectBatchOnFunctionError'));
  set('maximumRetryAttempts', c.props.optNumber('MaximumRetryAttempts'));
  set('maximumRecordAgeSeconds', c.props.optNumber('MaximumRecordAgeInSeconds'));
  set('parallelizationFactor', c.props.optNumber('ParallelizationFactor'));
  set('tumblingWindowSeconds', c.props.optNumber('TumblingWindowInSeconds'));
  set('onFailureDestinationArn', c.props.optObject('DestinationConfig')?.optObject('OnFailure')?.optString('Destination'));
  if (service === 'kinesis' && spec.startingPosition === undefined)
    c.props.fail('StartingPosition', 'is required for a Kinesis stream');
  c.app.eventSourceMappings.push(spec);
  return result;
};

export const LAMBDA_HANDLERS: Record<string, Handler> = {
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::Version': lambdaVersion,
  'AWS::Lambda::Alias': lambdaAlias,
  'AWS::Lambda::EventInvokeConfig': eventInvokeConfig,
  'AWS::Lambda::EventSourceMapping': eventSourceMapping,
};
