import type { AppDescription, RuleTargetSpec, SubscriptionSpec } from './app-description.ts';
import { API_GATEWAY_HANDLERS } from './api-gateway-resources.ts';
import { LAMBDA_HANDLERS } from './lambda-resources.ts';
import { SCHEDULER_HANDLERS } from './scheduler-resources.ts';
import { targetDelivery } from './target-delivery.ts';
import { arns, functionReference, generatedName, nameFromArn, stableId, stableUuid } from './physical-names.ts';
import { origin, physicalName, unhandled, type Handler, type ResourceContext, type ResourceResult } from './resource-context.ts';
import { PropertyReader } from './template-values.ts';

/** SQS, SNS, EventBridge and Kinesis resources; the accepted no-op types; the handler table. */

export type { ResourceResult, S3CodeResolver } from './resource-context.ts';

const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
];

const sqsQueue: Handler = (c) => {
  unhandled(c, ['QueueName', 'RedrivePolicy', 'RedriveAllowPolicy', 'Tags', ...QUEUE_ATTRIBUTES]);
  const fifo = c.props.optBoolean('FifoQueue') ?? false;
  const queueName = physicalName(c, 'QueueName', 80, fifo ? '.fifo' : '');
  const arn = arns.sqs(c.arn, queueName);
  const url = `${c.options.endpoint}/${c.arn.accountId}/${queueName}`;
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) {
    const value = c.props.optString(key);
    if (value !== undefined) attributes[key] = value;
  }
  const spec: AppDescription['queues'][number] = {
    origin: origin(c),
    name: queueName,
    arn,
    url,
    attributes,
    tags: c.props.tags(),
  };
  const redrive = c.props.optJson('RedrivePolicy');
  if (redrive !== undefined) {
    const r = new PropertyReader(c.file, `${c.path}.Properties.RedrivePolicy`, redrive);
    spec.redrivePolicy = {
      deadLetterTargetArn: r.string('deadLetterTargetArn'),
      maxReceiveCount: r.optNumber('maxReceiveCount') ?? 10,
    };
    attributes.RedrivePolicy = JSON.stringify(spec.redrivePolicy);
  }
  const allow = c.props.optJson('RedriveAllowPolicy');
  if (allow !== undefined) attributes.RedriveAllowPolicy = JSON.stringify(allow);
  c.app.queues.push(spec);
  return { ref: url, attributes: { Arn: arn, QueueName: queueName, QueueUrl: url } };
};

const TOPIC_ATTRIBUTES = [
  'DisplayName',
  'FifoTopic',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
];

function subscription(c: ResourceContext, topicArn: string, reader: PropertyReader, path: string): SubscriptionSpec {
  const spec: SubscriptionSpec = {
    origin: origin(c),
    topicArn,
    protocol: reader.string('Protocol'),
    endpoint: reader.string('Endpoint'),
    rawMessageDelivery: reader.optBoolean('RawMessageDelivery') ?? false,
  };
  const filterPolicy = reader.optJson('FilterPolicy');
  if (filterPolicy !== undefined) spec.filterPolicy = filterPolicy;
  const scope = reader.optString('FilterPolicyScope');
  if (scope !== undefined) {
    if (scope !== 'MessageAttributes' && scope !== 'MessageBody')
      reader.fail('FilterPolicyScope', 'must be MessageAttributes or MessageBody');
    spec.filterPolicyScope = scope;
  }
  const redrive = reader.optJson('RedrivePolicy');
  if (redrive !== undefined)
    spec.redrivePolicy = {
      deadLetterTargetArn: new PropertyReader(c.file, `${path}.RedrivePolicy`, redrive).string('deadLetterTargetArn'),
    };
  return spec;
}

const snsTopic: Handler = (c) => {
  unhandled(c, ['TopicName', 'Subscription', 'Tags', ...TOPIC_ATTRIBUTES]);
  const fifo = c.props.optBoolean('FifoTopic') ?? false;
  const topicName = physicalName(c, 'TopicName', 256, fifo ? '.fifo' : '');
  const arn = arns.sns(c.arn, topicName);
  const attributes: Record<string, string> = {};
  for (const key of TOPIC_ATTRIBUTES) {
    const value = key === 'TracingConfig' ? undefined : c.props.optString(key);
    if (value !== undefined) attributes[key] = value;
  }
  c.app.topics.push({ origin: origin(c), name: topicName, arn, attributes, tags: c.props.tags() });
  (c.props.optList('Subscription') ?? []).forEach((s, i) => {
    const path = `${c.path}.Properties.Subscription[${i}]`;
    c.app.subscriptions.push(subscription(c, arn, new PropertyReader(c.file, path, s), path));
  });
  return { ref: arn, attributes: { TopicArn: arn, TopicName: topicName } };
};

const snsSubscription: Handler = (c) => {
  unhandled(c, [
    'TopicArn',
    'Protocol',
    'Endpoint',
    'FilterPolicy',
    'FilterPolicyScope',
    'RawMessageDelivery',
    'RedrivePolicy',
    'Region',
  ]);
  const topicArn = c.props.string('TopicArn');
  const spec = subscription(c, topicArn, c.props, `${c.path}.Properties`);
  c.app.subscriptions.push(spec);
  const arn = `${topicArn}:${stableUuid(`${c.stack}/${c.logicalId}`)}`;
  return { ref: arn, attributes: { Arn: arn } };
};

const eventBus: Handler = (c) => {
  unhandled(c, ['Name', 'Tags', 'Description', 'KmsKeyIdentifier', 'DeadLetterConfig', 'Policy']);
  const busName = c.props.string('Name');
  const arn = arns.eventBus(c.arn, busName);
  c.app.eventBuses.push({ origin: origin(c), name: busName, arn });
  return { ref: busName, attributes: { Arn: arn, Name: busName } };
};

function busNameOf(value: string): string {
  return value.startsWith('arn:') ? nameFromArn(value) : value;
}

const eventsRule: Handler = (c) => {
  unhandled(c, ['Name', 'EventBusName', 'EventPattern', 'ScheduleExpression', 'State', 'Description', 'Targets', 'RoleArn']);
  const ruleName = physicalName(c, 'Name', 64);
  const bus = busNameOf(c.props.optString('EventBusName') ?? 'default');
  const arn = arns.rule(c.arn, bus, ruleName);
  const eventPattern = c.props.optJson('EventPattern');
  const scheduleExpression = c.props.optString('ScheduleExpression');
  if (eventPattern === undefined && scheduleExpression === undefined)
    c.props.fail('EventPattern', 'a rule needs EventPattern or ScheduleExpression');
  const state = c.props.optString('State') ?? 'ENABLED';
  if (state !== 'ENABLED' && state !== 'DISABLED') c.props.fail('State', `must be ENABLED or DISABLED, got ${state}`);
  const targets = (c.props.optList('Targets') ?? []).map((t, i) =>
    ruleTarget(c, new PropertyReader(c.file, `${c.path}.Properties.Targets[${i}]`, t)),
  );
  const description = c.props.optString('Description');
  c.app.rules.push({
    origin: origin(c),
    name: ruleName,
    arn,
    eventBusName: bus,
    ...(eventPattern !== undefined ? { eventPattern } : {}),
    ...(scheduleExpression !== undefined ? { scheduleExpression } : {}),
    state: state as 'ENABLED' | 'DISABLED',
    ...(description !== undefined ? { description } : {}),
    targets,
  });
  return { ref: bus === 'default' ? ruleName : `${bus}|${ruleName}`, attributes: { Arn: arn } };
};

function ruleTarget(c: ResourceContext, t: PropertyReader): RuleTargetSpec {
  c.warnings.unhandledProperties(c.file, t.path, 'Rule target', t.props, [
    'Id',
    'Arn',
    'Input',
    'InputPath',
    'InputTransformer',
    'RetryPolicy',
    'DeadLetterConfig',
    'SqsParameters',
    'RoleArn',
  ]);
  const target: RuleTargetSpec = { id: t.string('Id'), arn: t.string('Arn') };
  const input = t.optString('Input');
  if (input !== undefined) target.input = input;
  const inputPath = t.optString('InputPath');
  if (inputPath !== undefined) target.inputPath = inputPath;
  const transformer = t.optObject('InputTransformer');
  if (transformer) {
    const pathsMap = transformer.has('InputPathsMap') ? transformer.stringMap('InputPathsMap') : undefined;
    target.inputTransformer = {
      inputTemplate: transformer.string('InputTemplate'),
      ...(pathsMap ? { inputPathsMap: pathsMap } : {}),
    };
  }
  return Object.assign(target, targetDelivery(t));
}

const kinesisStream: Handler = (c) => {
  unhandled(c, ['Name', 'ShardCount', 'RetentionPeriodHours', 'StreamModeDetails', 'StreamEncryption', 'Tags']);
  const streamName = physicalName(c, 'Name', 128);
  const arn = arns.kinesis(c.arn, streamName);
  const mode = c.props.optObject('StreamModeDetails')?.optString('StreamMode') ?? 'PROVISIONED';
  if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND')
    c.props.fail('StreamModeDetails', `StreamMode must be PROVISIONED or ON_DEMAND, got ${mode}`);
  c.app.streams.push({
    origin: origin(c),
    name: streamName,
    arn,
    shardCount: c.props.optNumber('ShardCount') ?? (mode === 'ON_DEMAND' ? 4 : 1),
    retentionPeriodHours: c.props.optNumber('RetentionPeriodHours') ?? 24,
    streamMode: mode as 'PROVISIONED' | 'ON_DEMAND',
  });
  return { ref: streamName, attributes: { Arn: arn } };
};

/** Accepted with nothing to create: permissions and policies (Onward trusts every caller), log groups. */
function accepted(attributes: (c: ResourceContext, ref: string) => Record<string, unknown> = () => ({})): Handler {
  return (c) => {
    const ref = stableId(`${c.stack}/${c.logicalId}`, 12);
    return { ref, attributes: attributes(c, ref) };
  };
}

const iamResource: Handler = (c) => {
  const kind = c.type.split('::')[2] ?? '';
  const nameKey = {
    Role: 'RoleName',
    ManagedPolicy: 'ManagedPolicyName',
    User: 'UserName',
    Group: 'GroupName',
    InstanceProfile: 'InstanceProfileName',
    Policy: 'PolicyName',
  }[kind];
  const resourceName = (nameKey && c.props.optString(nameKey)) || generatedName(c.stack, c.logicalId, 64);
  const iamKind =
    { Role: 'role', ManagedPolicy: 'policy', User: 'user', Group: 'group', InstanceProfile: 'instance-profile' }[kind] ??
    kind.toLowerCase();
  const arn = `arn:${c.arn.partition}:iam::${c.arn.accountId}:${iamKind}/${resourceName}`;
  return {
    ref: kind === 'ManagedPolicy' ? arn : resourceName,
    attributes: { Arn: arn, RoleId: stableId(arn, 21).toUpperCase() },
  };
};

const logGroup: Handler = (c) => {
  const groupName = c.props.optString('LogGroupName') ?? generatedName(c.stack, c.logicalId, 512);
  return {
    ref: groupName,
    attributes: { Arn: `arn:${c.arn.partition}:logs:${c.arn.region}:${c.arn.accountId}:log-group:${groupName}:*` },
  };
};

/** Internal type the serverless and SAM compilers emit for `http`/`httpApi`/`Api`/`HttpApi` events. */
export const HTTP_ROUTE_TYPE = 'Onward::Internal::HttpRoute';

const httpRoute: Handler = (c) => {
  const api = c.props.string('Api');
  if (api !== 'rest' && api !== 'http') c.props.fail('Api', 'must be rest or http');
  const method = c.props.string('Method').toUpperCase();
  const routePath = c.props.string('Path');
  const pathParameters = [...routePath.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
  const functionArn = c.props.optString('FunctionArn');
  const topicArn = c.props.optString('TopicArn');
  const queueArn = c.props.optString('QueueArn');
  const messageTemplate = c.props.optString('MessageTemplate');
  const stage = c.props.optString('Stage');
  const integration = functionArn
    ? { kind: 'function' as const, functionName: functionReference(functionArn).name, functionArn }
    : topicArn
      ? { kind: 'sns' as const, topicArn, ...(messageTemplate !== undefined ? { messageTemplate } : {}) }
      : queueArn
        ? { kind: 'sqs' as const, queueArn, ...(messageTemplate !== undefined ? { messageTemplate } : {}) }
        : c.props.fail('FunctionArn', 'a route needs a function, topic or queue');
  c.app.httpRoutes.push({
    origin: origin(c),
    api: api as 'rest' | 'http',
    apiName: c.props.string('ApiName'),
    method,
    path: routePath,
    pathParameters,
    ...(stage !== undefined ? { stage } : {}),
    integration,
  });
  return { ref: `${method} ${routePath}`, attributes: {} };
};

export const RESOURCE_HANDLERS: Record<string, Handler> = {
  ...LAMBDA_HANDLERS,
  'AWS::Lambda::Permission': accepted(),
  'AWS::SQS::Queue': sqsQueue,
  'AWS::SQS::QueuePolicy': accepted(),
  'AWS::SQS::QueueInlinePolicy': accepted(),
  'AWS::SNS::Topic': snsTopic,
  'AWS::SNS::Subscription': snsSubscription,
  'AWS::SNS::TopicPolicy': accepted(),
  'AWS::SNS::TopicInlinePolicy': accepted(),
  'AWS::Events::EventBus': eventBus,
  'AWS::Events::EventBusPolicy': accepted(),
  'AWS::Events::Rule': eventsRule,
  'AWS::Kinesis::Stream': kinesisStream,
  'AWS::Logs::LogGroup': logGroup,
  'AWS::CDK::Metadata': accepted(),
  ...API_GATEWAY_HANDLERS,
  ...SCHEDULER_HANDLERS,
  [HTTP_ROUTE_TYPE]: httpRoute,
};

export function handlerFor(type: string): Handler | undefined {
  if (type.startsWith('AWS::IAM::')) return iamResource;
  return RESOURCE_HANDLERS[type];
}

/** Unsupported types still answer Ref/GetAtt (with a generated name) so the rest of the app loads. */
export function unsupportedResource(c: ResourceContext): ResourceResult {
  const message =
    c.type.startsWith('Custom::') || c.type === 'AWS::CloudFormation::CustomResource'
      ? `custom resource ${c.type} is not run`
      : `resource type ${c.type} is not supported`;
  c.warnings.add('unsupported-resource', c.file, c.path, message);
  const ref = generatedName(c.stack, c.logicalId, 128);
  const service = c.type.split('::')[1]?.toLowerCase() ?? 'unknown';
  return { ref, attributes: { Arn: `arn:${c.arn.partition}:${service}:${c.arn.region}:${c.arn.accountId}:${ref}` } };
}
