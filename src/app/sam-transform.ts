import { createHash } from 'node:crypto';
import { AppLoadError } from './app-load-error.ts';
import { HTTP_ROUTE_TYPE } from './cloudformation-resources.ts';
import { PropertyReader } from './template-values.ts';
import type { Warnings } from './unsupported.ts';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

type Json = Record<string, unknown>;

const DESTINATION_TYPES = ['SQS', 'SNS', 'S3', 'Lambda', 'EventBridge'];

/** Properties of AWS::Serverless::Function copied onto AWS::Lambda::Function unchanged. */
const COPIED = [
  'FunctionName',
  'Handler',
  'Runtime',
  'MemorySize',
  'Timeout',
  'Environment',
  'Role',
  'ReservedConcurrentExecutions',
  'Architectures',
  'Description',
  'Layers',
  'TracingConfig',
  'VpcConfig',
  'KmsKeyArn',
  'LoggingConfig',
  'RuntimeManagementConfig',
  'CodeSigningConfigArn',
  'EphemeralStorage',
  'PackageType',
  'FileSystemConfigs',
  'ImageConfig',
];
/** SAM-only properties about IAM and deployment that change nothing locally. */
const ACCEPTED = [
  'Policies',
  'PermissionsBoundary',
  'AssumeRolePolicyDocument',
  'RolePath',
  'AutoPublishCodeSha256',
  'VersionDescription',
  'Metadata',
];
const HANDLED = [
  ...COPIED,
  ...ACCEPTED,
  'CodeUri',
  'InlineCode',
  'ImageUri',
  'Tags',
  'DeadLetterQueue',
  'EventInvokeConfig',
  'Events',
  'AutoPublishAlias',
];

/**
 * Expands the SAM resource types Onward runs (Function with its Events, EventInvokeConfig,
 * DeadLetterQueue and AutoPublishAlias; Api and HttpApi minimally) into plain CloudFormation,
 * keeping the logical ids SAM gives them so Ref/GetAtt written against SAM's output still resolve.
 */
export function expandSam(template: Json, file: string, warnings: Warnings): Json {
  const resources = new PropertyReader(file, 'Resources', template.Resources).props;
  const globals = new PropertyReader(file, 'Globals', template.Globals);
  for (const key of Object.keys(globals.props)) {
    if (key === 'Function') continue;
    if (key === 'Api' || key === 'HttpApi') {
      // Routes only need paths and methods; API-wide settings (CORS, auth, domains) are not emulated.
      for (const setting of Object.keys(globals.optObject(key)?.props ?? {})) {
        warnings.add('unsupported-property', file, `Globals.${key}.${setting}`, `Globals.${key}.${setting} is not supported`);
      }
    } else warnings.add('unsupported-property', file, `Globals.${key}`, `Globals.${key} is not supported`);
  }
  const functionGlobals = globals.optObject('Function')?.props ?? {};
  const out: Json = {};
  const aliases = new Map<string, string>();
  const apis = new Map<string, { api: 'rest' | 'http'; stage?: string }>();
  for (const [id, raw] of Object.entries(resources)) {
    const r = raw as Json;
    if (r.Type === 'AWS::Serverless::Api' || r.Type === 'AWS::Serverless::HttpApi') {
      const props = new PropertyReader(file, `Resources.${id}.Properties`, r.Properties);
      const stage = typeof props.props.StageName === 'string' ? props.props.StageName : undefined;
      apis.set(id, { api: r.Type === 'AWS::Serverless::Api' ? 'rest' : 'http', ...(stage !== undefined ? { stage } : {}) });
    }
  }
  for (const [id, raw] of Object.entries(resources)) {
    const r = raw as Json;
    switch (r.Type) {
      case 'AWS::Serverless::Function':
        expandFunction(id, r, mergeGlobals(functionGlobals, (r.Properties ?? {}) as Json), {
          file,
          warnings,
          out,
          aliases,
          apis,
        });
        break;
      case 'AWS::Serverless::Api':
        out[id] = { ...r, Type: 'AWS::ApiGateway::RestApi', Properties: {} };
        break;
      case 'AWS::Serverless::HttpApi':
        out[id] = { ...r, Type: 'AWS::ApiGatewayV2::Api', Properties: {} };
        break;
      default:
        out[id] = r;
    }
  }
  const expanded: Json = { ...template, Resources: out };
  delete expanded.Globals;
  delete expanded.Transform;
  return rewriteDottedRefs(expanded, aliases) as Json;
}

interface Expansion {
  file: string;
  warnings: Warnings;
  out: Json;
  /** `Fn.Alias`, `Fn.Version`, `Fn.DestinationQueue`... -> generated logical id. */
  aliases: Map<string, string>;
  apis: Map<string, { api: 'rest' | 'http'; stage?: string }>;
}

/** SAM Globals: resource values win; maps merge; lists concatenate (globals first). */
export function mergeGlobals(globals: Json, props: Json): Json {
  const merged: Json = { ...globals };
  for (const [key, value] of Object.entries(props)) {
    const g = merged[key];
    if (Array.isArray(g) && Array.isArray(value)) merged[key] = [...g, ...value];
    else if (isPlainMap(g) && isPlainMap(value)) merged[key] = mergeGlobals(g, value);
    else merged[key] = value;
  }
  return merged;
}

function isPlainMap(v: unknown): v is Json {
  return (
    v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'))
  );
}

function expandFunction(id: string, resource: Json, props: Json, x: Expansion): void {
  const path = `Resources.${id}.Properties`;
  const p = new PropertyReader(x.file, path, props);
  x.warnings.unhandledProperties(x.file, path, 'AWS::Serverless::Function', props, HANDLED);
  const lambda: Json = {};
  for (const key of COPIED) if (props[key] !== undefined) lambda[key] = props[key];
  lambda.MemorySize ??= 128;
  lambda.Timeout ??= 3;
  if (props.InlineCode !== undefined) lambda.Code = { ZipFile: props.InlineCode };
  else if (props.ImageUri !== undefined) lambda.Code = { ImageUri: props.ImageUri };
  else if (typeof props.CodeUri === 'string' && props.CodeUri.startsWith('s3://')) {
    const [bucket, ...key] = props.CodeUri.slice(5).split('/');
    lambda.Code = { S3Bucket: bucket, S3Key: key.join('/') };
  } else if (isPlainMap(props.CodeUri)) lambda.Code = { S3Bucket: props.CodeUri.Bucket, S3Key: props.CodeUri.Key };
  else lambda.Code = props.CodeUri ?? '.';
  if (props.Tags !== undefined) {
    lambda.Tags = Object.entries(p.stringMap('Tags')).map(([Key, Value]) => ({ Key, Value }));
  }
  const dlq = p.optObject('DeadLetterQueue');
  if (dlq) {
    const type = dlq.string('Type');
    if (type !== 'SQS' && type !== 'SNS') dlq.fail('Type', `must be SQS or SNS, got ${type}`);
    lambda.DeadLetterConfig = { TargetArn: dlq.props.TargetArn ?? dlq.fail('TargetArn', 'is required') };
  }
  if (props.Role === undefined) {
    x.out[`${id}Role`] = { Type: 'AWS::IAM::Role', Properties: {} };
    lambda.Role = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
  }
  const { Properties: _ignored, ...rest } = resource;
  x.out[id] = { ...rest, Type: 'AWS::Lambda::Function', Properties: lambda };

  let qualifier = '$LATEST';
  const alias = p.optString('AutoPublishAlias');
  if (alias !== undefined) {
    const hash = createHash('sha256').update(JSON.stringify(lambda)).digest('hex').slice(0, 10);
    const versionId = `${id}Version${hash}`;
    const aliasId = `${id}Alias${alias.replace(/[^A-Za-z0-9]/g, '')}`;
    x.out[versionId] = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: id } } };
    x.out[aliasId] = {
      Type: 'AWS::Lambda::Alias',
      Properties: { FunctionName: { Ref: id }, FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] }, Name: alias },
    };
    x.aliases.set(`${id}.Version`, versionId);
    x.aliases.set(`${id}.Alias`, aliasId);
    qualifier = alias;
  }
  const invoke = p.optObject('EventInvokeConfig');
  if (invoke) expandEventInvokeConfig(id, invoke, qualifier, x);
  const events = p.optObject('Events');
  for (const name of Object.keys(events?.props ?? {})) expandEvent(id, name, events!.optObject(name)!, x);
}

function expandEventInvokeConfig(id: string, invoke: PropertyReader, qualifier: string, x: Expansion): void {
  x.warnings.unhandledProperties(x.file, invoke.path, 'EventInvokeConfig', invoke.props, [
    'MaximumEventAgeInSeconds',
    'MaximumRetryAttempts',
    'DestinationConfig',
  ]);
  const props: Json = { FunctionName: { Ref: id }, Qualifier: qualifier };
  if (invoke.has('MaximumEventAgeInSeconds')) props.MaximumEventAgeInSeconds = invoke.props.MaximumEventAgeInSeconds;
  if (invoke.has('MaximumRetryAttempts')) props.MaximumRetryAttempts = invoke.props.MaximumRetryAttempts;
  const config = invoke.optObject('DestinationConfig');
  if (config) {
    const destinations: Json = {};
    for (const when of ['OnSuccess', 'OnFailure'] as const) {
      const d = config.optObject(when);
      if (!d) continue;
      const type = d.string('Type');
      if (!DESTINATION_TYPES.includes(type)) d.fail('Type', `must be one of ${DESTINATION_TYPES.join(', ')}, got ${type}`);
      if (type === 'S3' && when === 'OnSuccess') d.fail('Type', 'S3 is only a destination for OnFailure');
      let destination = d.props.Destination;
      if (destination === undefined) {
        if (type !== 'SQS' && type !== 'SNS') d.fail('Destination', `is required for Type ${type}`);
        // SAM creates the queue or topic itself when no Destination is given.
        const kind = type === 'SQS' ? 'Queue' : 'Topic';
        const created = `${id}EventInvokeConfig${when}${kind}`;
        x.out[created] = { Type: type === 'SQS' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic', Properties: {} };
        x.aliases.set(`${id}.Destination${kind}`, created);
        destination = type === 'SQS' ? { 'Fn::GetAtt': [created, 'Arn'] } : { Ref: created };
      }
      destinations[when] = { Destination: destination };
    }
    props.DestinationConfig = destinations;
  }
  x.out[`${id}EventInvokeConfig`] = { Type: 'AWS::Lambda::EventInvokeConfig', Properties: props };
}

function expandEvent(fnId: string, name: string, event: PropertyReader, x: Expansion): void {
  const type = event.string('Type');
  const p = event.optObject('Properties') ?? new PropertyReader(x.file, `${event.path}.Properties`, {});
  const id = `${fnId}${name}`;
  const fnArn = { 'Fn::GetAtt': [fnId, 'Arn'] };
  const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => p.has(k)).map((k) => [k, p.props[k]]));
  const check = (handled: string[]) => x.warnings.unhandledProperties(x.file, p.path, `${type} event`, p.props, handled);
  switch (type) {
    case 'SQS': {
      check([
        'Queue',
        'BatchSize',
        'MaximumBatchingWindowInSeconds',
        'Enabled',
        'FunctionResponseTypes',
        'FilterCriteria',
        'ScalingConfig',
      ]);
      x.out[id] = {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          FunctionName: { Ref: fnId },
          EventSourceArn: p.props.Queue ?? p.fail('Queue', 'is required'),
          ...pick([
            'BatchSize',
            'MaximumBatchingWindowInSeconds',
            'Enabled',
            'FunctionResponseTypes',
            'FilterCriteria',
            'ScalingConfig',
          ]),
        },
      };
      return;
    }
    case 'Kinesis': {
      const keys = [
        'StartingPosition',
        'StartingPositionTimestamp',
        'BatchSize',
        'MaximumBatchingWindowInSeconds',
        'MaximumRetryAttempts',
        'BisectBatchOnFunctionError',
        'MaximumRecordAgeInSeconds',
        'ParallelizationFactor',
        'FunctionResponseTypes',
        'Enabled',
        'FilterCriteria',
        'TumblingWindowInSeconds',
      ];
      check(['Stream', 'DestinationConfig', ...keys]);
      const onFailure = p.optObject('DestinationConfig')?.optObject('OnFailure');
      x.out[id] = {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          FunctionName: { Ref: fnId },
          EventSourceArn: p.props.Stream ?? p.fail('Stream', 'is required'),
          ...pick(keys),
          ...(onFailure ? { DestinationConfig: { OnFailure: { Destination: onFailure.props.Destination } } } : {}),
        },
      };
      return;
    }
    case 'SNS': {
      check(['Topic', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy', 'SqsSubscription', 'Region']);
      const topic = p.props.Topic ?? p.fail('Topic', 'is required');
      const sqs = p.props.SqsSubscription;
      const filters = pick(['FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy']);
      if (sqs === true || (sqs !== undefined && sqs !== false)) {
        const s = new PropertyReader(x.file, `${p.path}.SqsSubscription`, sqs === true ? {} : sqs);
        let queueArn = s.props.QueueArn;
        if (queueArn === undefined) {
          x.out[`${id}Queue`] = { Type: 'AWS::SQS::Queue', Properties: {} };
          queueArn = { 'Fn::GetAtt': [`${id}Queue`, 'Arn'] };
        }
        x.out[id] = {
          Type: 'AWS::SNS::Subscription',
          Properties: { TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn, ...filters },
        };
        x.out[`${id}EventSourceMapping`] = {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: { Ref: fnId },
            EventSourceArn: queueArn,
            BatchSize: s.props.BatchSize ?? 10,
            Enabled: s.props.Enabled ?? true,
          },
        };
        return;
      }
      x.out[id] = {
        Type: 'AWS::SNS::Subscription',
        Properties: { TopicArn: topic, Protocol: 'lambda', Endpoint: fnArn, ...filters },
      };
      return;
    }
    case 'Schedule':
    case 'EventBridgeRule':
    case 'CloudWatchEvent': {
      const isSchedule = type === 'Schedule';
      check(
        isSchedule
          ? ['Schedule', 'Input', 'Enabled', 'State', 'Name', 'Description', 'RetryPolicy', 'DeadLetterConfig']
          : [
              'Pattern',
              'EventBusName',
              'Input',
              'InputPath',
              'InputTransformer',
              'RetryPolicy',
              'DeadLetterConfig',
              'Target',
              'State',
              'Enabled',
              'RuleName',
            ],
      );
      const target: Json = {
        Id: p.optObject('Target')?.props.Id ?? `${id}LambdaTarget`,
        Arn: fnArn,
        ...pick(['Input', 'InputPath', 'InputTransformer', 'RetryPolicy']),
      };
      const dlq = p.optObject('DeadLetterConfig');
      if (dlq) {
        if (dlq.props.Arn === undefined) {
          x.out[`${id}Queue`] = { Type: 'AWS::SQS::Queue', Properties: {} };
          target.DeadLetterConfig = { Arn: { 'Fn::GetAtt': [`${id}Queue`, 'Arn'] } };
        } else target.DeadLetterConfig = { Arn: dlq.props.Arn };
      }
      const enabled = p.props.Enabled;
      const state = p.props.State ?? (enabled === false ? 'DISABLED' : 'ENABLED');
      const name = p.props.Name ?? p.props.RuleName;
      x.out[id] = {
        Type: 'AWS::Events::Rule',
        Properties: {
          ...(isSchedule
            ? { ScheduleExpression: p.props.Schedule ?? p.fail('Schedule', 'is required') }
            : { EventPattern: p.props.Pattern ?? p.fail('Pattern', 'is required') }),
          ...(p.has('EventBusName') ? { EventBusName: p.props.EventBusName } : {}),
          ...(name !== undefined ? { Name: name } : {}),
          ...(p.has('Description') ? { Description: p.props.Description } : {}),
          State: state,
          Targets: [target],
        },
      };
      return;
    }
    case 'ScheduleV2': {
      check([
        'ScheduleExpression',
        'ScheduleExpressionTimezone',
        'FlexibleTimeWindow',
        'Name',
        'OmitName',
        'GroupName',
        'State',
        'Description',
        'StartDate',
        'EndDate',
        'Input',
        'RoleArn',
        'RetryPolicy',
        'DeadLetterConfig',
        'KmsKeyArn',
        'PermissionsBoundary',
      ]);
      // As SAM expands it: named after the function and the event unless OmitName; a role and, for a
      // `Type: SQS` dead-letter config, a queue of its own when none is given.
      let roleArn = p.props.RoleArn;
      if (roleArn === undefined) {
        x.out[`${id}Role`] = { Type: 'AWS::IAM::Role', Properties: {} };
        roleArn = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
      }
      const target: Json = { Arn: fnArn, RoleArn: roleArn, ...pick(['Input', 'RetryPolicy']) };
      const dlq = p.optObject('DeadLetterConfig');
      if (dlq) {
        if (dlq.props.Arn === undefined) {
          const queueId = typeof dlq.props.QueueLogicalId === 'string' ? dlq.props.QueueLogicalId : `${id}Queue`;
          x.out[queueId] = { Type: 'AWS::SQS::Queue', Properties: {} };
          target.DeadLetterConfig = { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } };
        } else target.DeadLetterConfig = { Arn: dlq.props.Arn };
      }
      const name = p.props.Name ?? (p.props.OmitName === true ? undefined : id);
      x.out[id] = {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          ScheduleExpression: p.props.ScheduleExpression ?? p.fail('ScheduleExpression', 'is required'),
          FlexibleTimeWindow: p.props.FlexibleTimeWindow ?? { Mode: 'OFF' },
          ...(name !== undefined ? { Name: name } : {}),
          ...pick(['ScheduleExpressionTimezone', 'GroupName', 'State', 'Description', 'StartDate', 'EndDate']),
          Target: target,
        },
      };
      return;
    }
    case 'Api':
    case 'HttpApi': {
      const rest = type === 'Api';
      check(
        rest
          ? ['Path', 'Method', 'RestApiId', 'Auth', 'RequestModel', 'RequestParameters']
          : ['Path', 'Method', 'ApiId', 'Auth', 'PayloadFormatVersion', 'TimeoutInMillis', 'RouteSettings'],
      );
      const apiRef = p.props[rest ? 'RestApiId' : 'ApiId'];
      const refName =
        apiRef && typeof apiRef === 'object' && typeof (apiRef as Json).Ref === 'string'
          ? ((apiRef as Json).Ref as string)
          : undefined;
      const implicit = rest ? 'ServerlessRestApi' : 'ServerlessHttpApi';
      const apiName = refName ?? implicit;
      if (!refName && !x.out[implicit])
        x.out[implicit] = { Type: rest ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api', Properties: {} };
      const method = p.optString('Method');
      const routePath = p.optString('Path');
      if (rest && (method === undefined || routePath === undefined))
        throw new AppLoadError(x.file, p.path, 'an Api event needs Path and Method');
      const stage = rest ? (x.apis.get(apiName)?.stage ?? 'Prod') : undefined;
      x.out[id] = {
        Type: HTTP_ROUTE_TYPE,
        Properties: {
          Api: rest ? 'rest' : 'http',
          ApiName: apiName,
          Method: method === undefined || method.toLowerCase() === 'any' ? 'ANY' : method,
          Path: routePath ?? '$default',
          FunctionArn: fnArn,
          ...(stage !== undefined ? { Stage: stage } : {}),
        },
      };
      return;
    }
    default:
      x.warnings.add('unsupported-event', x.file, event.path, `${type} events are not supported`);
  }
}

/** SAM lets templates `!Ref Fn.Alias` / `Fn.Version` / `!GetAtt Fn.DestinationQueue.Arn`. */
function rewriteDottedRefs(value: unknown, aliases: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteDottedRefs(v, aliases));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && typeof item === 'string' && aliases.has(item)) out[key] = aliases.get(item);
    else if (
      key === 'Fn::GetAtt' &&
      Array.isArray(item) &&
      typeof item[0] === 'string' &&
      typeof item[1] === 'string' &&
      item[1].includes('.')
    ) {
      const dot = item[1].indexOf('.');
      const dotted = `${item[0]}.${item[1].slice(0, dot)}`;
      out[key] = aliases.has(dotted) ? [aliases.get(dotted), item[1].slice(dot + 1)] : item;
    } else out[key] = rewriteDottedRefs(item, aliases);
  }
  return out;
}
