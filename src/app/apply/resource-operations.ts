/**
 * Creating, changing and removing each kind of app resource through the service operations. Every
 * `put` is idempotent: a resource that already exists (made by an earlier run whose state was lost, or
 * by hand) is brought to the spec instead of failing.
 */
import type {
  AliasSpec,
  EventBusSpec,
  EventSourceMappingSpec,
  FunctionSpec,
  QueueSpec,
  RuleSpec,
  ScheduleSpec,
  StreamSpec,
  SubscriptionSpec,
  TopicSpec,
  VersionSpec,
} from '../app-description.ts';
import type { AppliedResource, PlannedResource } from './resource-plan.ts';
import { errorCode, type ServiceCall } from './service-call.ts';
import { packageFunction } from './function-package.ts';

export interface ApplyContext {
  call: ServiceCall;
  dataDir: string;
  appName: string;
  accountId: string;
}

export interface PutResult {
  physicalId?: string;
  /** Something the user should know (a change Onward could not make in place, a version renumbered). */
  notes: string[];
}

type Input = Record<string, unknown>;

/** Drops undefined members: the operations treat a present-but-empty member as given. */
function defined(input: Input): Input {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

async function ignoring(codes: readonly string[], action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!codes.includes(errorCode(error) ?? '')) throw error;
  }
}

export async function putResource(
  context: ApplyContext,
  resource: PlannedResource,
  previous: AppliedResource | undefined,
): Promise<PutResult> {
  switch (resource.kind) {
    case 'queue':
      return putQueue(context, resource.spec, previous?.resource.spec as QueueSpec | undefined);
    case 'topic':
      return putTopic(context, resource.spec, previous?.resource.spec as TopicSpec | undefined);
    case 'bus':
      return putBus(context, resource.spec);
    case 'stream':
      return putStream(context, resource.spec);
    case 'function':
      return putFunction(context, resource.spec, previous?.resource.spec as FunctionSpec | undefined);
    case 'version':
      return putVersion(context, resource.spec);
    case 'alias':
      return putAlias(context, resource.spec);
    case 'async-config': {
      const spec = resource.spec;
      await context.call('lambda', 'PutFunctionEventInvokeConfig', {
        FunctionName: spec.functionName,
        Qualifier: spec.qualifier,
        ...defined({ MaximumRetryAttempts: spec.maximumRetryAttempts, MaximumEventAgeInSeconds: spec.maximumEventAgeSeconds }),
        DestinationConfig: {
          OnSuccess: spec.onSuccess ? { Destination: spec.onSuccess.arn } : {},
          OnFailure: spec.onFailure ? { Destination: spec.onFailure.arn } : {},
        },
      });
      return { notes: [] };
    }
    case 'subscription':
      return putSubscription(context, resource.spec, previous);
    case 'rule':
      return putRule(context, resource.spec);
    case 'event-source-mapping':
      return putEventSourceMapping(context, resource.spec, previous);
    case 'schedule-group': {
      const tags = Object.entries(resource.spec.tags).map(([Key, Value]) => ({ Key, Value }));
      await ignoring(['ConflictException'], () =>
        context.call(
          'scheduler',
          'CreateScheduleGroup',
          defined({ Name: resource.spec.name, Tags: tags.length ? tags : undefined }),
        ),
      );
      return { notes: [] };
    }
    case 'schedule':
      return putSchedule(context, resource.spec);
  }
}

export async function removeResource(context: ApplyContext, applied: AppliedResource): Promise<void> {
  const { call } = context;
  const resource = applied.resource;
  switch (resource.kind) {
    case 'queue':
      await ignoring(['QueueDoesNotExist'], async () => {
        const { QueueUrl } = await call('sqs', 'GetQueueUrl', { QueueName: resource.spec.name });
        await call('sqs', 'DeleteQueue', { QueueUrl });
      });
      return;
    case 'topic':
      await ignoring(['NotFound'], () => call('sns', 'DeleteTopic', { TopicArn: resource.spec.arn }));
      return;
    case 'bus':
      if (resource.spec.name === 'default') return;
      await ignoring(['ResourceNotFoundException'], () => call('events', 'DeleteEventBus', { Name: resource.spec.name }));
      return;
    case 'stream':
      await ignoring(['ResourceNotFoundException'], () =>
        call('kinesis', 'DeleteStream', { StreamName: resource.spec.name, EnforceConsumerDeletion: true }),
      );
      return;
    case 'function':
      await ignoring(['ResourceNotFoundException'], () => call('lambda', 'DeleteFunction', { FunctionName: resource.spec.name }));
      return;
    case 'version':
      await ignoring(['ResourceNotFoundException'], () =>
        call('lambda', 'DeleteFunction', { FunctionName: resource.spec.functionName, Qualifier: resource.spec.version }),
      );
      return;
    case 'alias':
      await ignoring(['ResourceNotFoundException'], () =>
        call('lambda', 'DeleteAlias', { FunctionName: resource.spec.functionName, Name: resource.spec.name }),
      );
      return;
    case 'async-config':
      await ignoring(['ResourceNotFoundException'], () =>
        call('lambda', 'DeleteFunctionEventInvokeConfig', {
          FunctionName: resource.spec.functionName,
          Qualifier: resource.spec.qualifier,
        }),
      );
      return;
    case 'subscription':
      if (applied.physicalId) {
        await ignoring(['NotFound', 'InvalidParameter'], () =>
          call('sns', 'Unsubscribe', { SubscriptionArn: applied.physicalId }),
        );
      }
      return;
    case 'rule':
      await removeRule(context, resource.spec);
      return;
    case 'event-source-mapping':
      if (applied.physicalId) {
        await ignoring(['ResourceNotFoundException'], () =>
          call('lambda', 'DeleteEventSourceMapping', { UUID: applied.physicalId }),
        );
      }
      return;
  }
}

async function putQueue(context: ApplyContext, spec: QueueSpec, previous: QueueSpec | undefined): Promise<PutResult> {
  const { call } = context;
  const fifoChanged =
    previous !== undefined && (previous.attributes.FifoQueue ?? 'false') !== (spec.attributes.FifoQueue ?? 'false');
  if (fifoChanged) await removeResource(context, { resource: { kind: 'queue', key: '', spec: previous }, fingerprint: '' });
  try {
    await call('sqs', 'CreateQueue', defined({ QueueName: spec.name, Attributes: spec.attributes, tags: spec.tags }));
  } catch (error) {
    // It exists with other attributes: bring them to the spec.
    if (errorCode(error) !== 'QueueAlreadyExists' && errorCode(error) !== 'QueueNameExists') throw error;
    const { QueueUrl } = await call('sqs', 'GetQueueUrl', { QueueName: spec.name });
    const { FifoQueue: _fifo, ...changeable } = spec.attributes;
    if (Object.keys(changeable).length > 0) await call('sqs', 'SetQueueAttributes', { QueueUrl, Attributes: changeable });
    if (Object.keys(spec.tags).length > 0) await call('sqs', 'TagQueue', { QueueUrl, Tags: spec.tags });
  }
  return { notes: [] };
}

async function putTopic(context: ApplyContext, spec: TopicSpec, previous: TopicSpec | undefined): Promise<PutResult> {
  const { call } = context;
  const tags = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
  try {
    await call(
      'sns',
      'CreateTopic',
      defined({ Name: spec.name, Attributes: spec.attributes, Tags: tags.length ? tags : undefined }),
    );
    if (!previous) return { notes: [] };
  } catch (error) {
    if (errorCode(error) !== 'InvalidParameter') throw error;
  }
  // An existing topic: CreateTopic does not change attributes, SetTopicAttributes does, one at a time.
  for (const [name, value] of Object.entries(spec.attributes)) {
    if (name === 'FifoTopic' || previous?.attributes[name] === value) continue;
    await call('sns', 'SetTopicAttributes', { TopicArn: spec.arn, AttributeName: name, AttributeValue: value });
  }
  return { notes: [] };
}

async function putBus(context: ApplyContext, spec: EventBusSpec): Promise<PutResult> {
  if (spec.name !== 'default') {
    await ignoring(['ResourceAlreadyExistsException'], () => context.call('events', 'CreateEventBus', { Name: spec.name }));
  }
  return { notes: [] };
}

async function putStream(context: ApplyContext, spec: StreamSpec): Promise<PutResult> {
  const { call } = context;
  const notes: string[] = [];
  await ignoring(['ResourceInUseException'], () =>
    call(
      'kinesis',
      'CreateStream',
      defined({
        StreamName: spec.name,
        ShardCount: spec.streamMode === 'ON_DEMAND' ? undefined : spec.shardCount,
        StreamModeDetails: { StreamMode: spec.streamMode },
      }),
    ),
  );
  const { StreamDescriptionSummary } = await call('kinesis', 'DescribeStreamSummary', { StreamName: spec.name });
  const current = StreamDescriptionSummary as { RetentionPeriodHours: number; OpenShardCount: number };
  if (current.RetentionPeriodHours < spec.retentionPeriodHours) {
    await call('kinesis', 'IncreaseStreamRetentionPeriod', {
      StreamName: spec.name,
      RetentionPeriodHours: spec.retentionPeriodHours,
    });
  } else if (current.RetentionPeriodHours > spec.retentionPeriodHours) {
    await call('kinesis', 'DecreaseStreamRetentionPeriod', {
      StreamName: spec.name,
      RetentionPeriodHours: spec.retentionPeriodHours,
    });
  }
  if (spec.streamMode === 'PROVISIONED' && current.OpenShardCount !== spec.shardCount) {
    notes.push(
      `stream ${spec.name} keeps ${current.OpenShardCount} shard(s): Onward does not reshard (wanted ${spec.shardCount}; remove the stream to recreate it)`,
    );
  }
  return { notes };
}

function functionConfiguration(context: ApplyContext, spec: FunctionSpec): Input {
  return defined({
    FunctionName: spec.name,
    Runtime: spec.runtime,
    Handler: spec.handler,
    Role: spec.role ?? `arn:aws:iam::${context.accountId}:role/onward-app`,
    MemorySize: spec.memorySizeMb,
    Timeout: spec.timeoutSeconds,
    Environment: { Variables: spec.environment },
    Description: spec.description ?? '',
    DeadLetterConfig: { TargetArn: spec.deadLetterTargetArn ?? '' },
  });
}

async function putFunction(context: ApplyContext, spec: FunctionSpec, previous: FunctionSpec | undefined): Promise<PutResult> {
  const { call } = context;
  const code = await packageFunction(spec, context.dataDir, context.appName);
  const configuration = functionConfiguration(context, spec);
  let created = false;
  try {
    await call(
      'lambda',
      'CreateFunction',
      defined({
        ...configuration,
        DeadLetterConfig: spec.deadLetterTargetArn ? { TargetArn: spec.deadLetterTargetArn } : undefined,
        Code: code,
        Architectures: spec.architectures,
        Tags: Object.keys(spec.tags).length ? spec.tags : undefined,
      }),
    );
    created = true;
  } catch (error) {
    if (errorCode(error) !== 'ResourceConflictException') throw error;
  }
  if (!created) {
    await call('lambda', 'UpdateFunctionCode', defined({ FunctionName: spec.name, ...code, Architectures: spec.architectures }));
    await call('lambda', 'UpdateFunctionConfiguration', configuration);
    const removedTags = Object.keys(previous?.tags ?? {}).filter((key) => !(key in spec.tags));
    if (removedTags.length) await call('lambda', 'UntagResource', { Resource: spec.arn, TagKeys: removedTags });
    if (Object.keys(spec.tags).length) await call('lambda', 'TagResource', { Resource: spec.arn, Tags: spec.tags });
  }
  if (spec.reservedConcurrency !== undefined) {
    await call('lambda', 'PutFunctionConcurrency', {
      FunctionName: spec.name,
      ReservedConcurrentExecutions: spec.reservedConcurrency,
    });
  } else if (!created) {
    await call('lambda', 'DeleteFunctionConcurrency', { FunctionName: spec.name });
  }
  return { notes: [] };
}

async function putVersion(context: ApplyContext, spec: VersionSpec): Promise<PutResult> {
  const published = await context.call(
    'lambda',
    'PublishVersion',
    defined({ FunctionName: spec.functionName, Description: spec.description }),
  );
  const notes =
    published.Version === spec.version
      ? []
      : [`${spec.functionName}: published version ${String(published.Version)} where the template numbers it ${spec.version}`];
  return { notes };
}

async function putAlias(context: ApplyContext, spec: AliasSpec): Promise<PutResult> {
  const input = defined({
    FunctionName: spec.functionName,
    Name: spec.name,
    FunctionVersion: spec.functionVersion,
    Description: spec.description,
  });
  try {
    await context.call('lambda', 'CreateAlias', input);
  } catch (error) {
    if (errorCode(error) !== 'ResourceConflictException') throw error;
    await context.call('lambda', 'UpdateAlias', input);
  }
  return { notes: [] };
}

async function putSubscription(
  context: ApplyContext,
  spec: SubscriptionSpec,
  previous: AppliedResource | undefined,
): Promise<PutResult> {
  const { call } = context;
  // A changed subscription is replaced: its filter policy, scope and redrive policy come back together.
  if (previous?.physicalId) {
    await ignoring(['NotFound', 'InvalidParameter'], () => call('sns', 'Unsubscribe', { SubscriptionArn: previous.physicalId }));
  }
  const attributes = defined({
    FilterPolicy: spec.filterPolicy === undefined ? undefined : JSON.stringify(spec.filterPolicy),
    FilterPolicyScope: spec.filterPolicyScope,
    RawMessageDelivery: spec.rawMessageDelivery ? 'true' : undefined,
    RedrivePolicy: spec.redrivePolicy ? JSON.stringify(spec.redrivePolicy) : undefined,
  });
  const result = await call(
    'sns',
    'Subscribe',
    defined({
      TopicArn: spec.topicArn,
      Protocol: spec.protocol,
      Endpoint: spec.endpoint,
      Attributes: Object.keys(attributes).length ? attributes : undefined,
      ReturnSubscriptionArn: true,
    }),
  );
  return { physicalId: String(result.SubscriptionArn), notes: [] };
}

function ruleTargets(spec: RuleSpec): Input[] {
  return spec.targets.map((target) =>
    defined({
      Id: target.id,
      Arn: target.arn,
      Input: target.input,
      InputPath: target.inputPath,
      InputTransformer: target.inputTransformer
        ? defined({ InputPathsMap: target.inputTransformer.inputPathsMap, InputTemplate: target.inputTransformer.inputTemplate })
        : undefined,
      RetryPolicy: target.retryPolicy
        ? defined({
            MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts,
            MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeSeconds,
          })
        : undefined,
      DeadLetterConfig: target.deadLetterArn ? { Arn: target.deadLetterArn } : undefined,
      SqsParameters: target.sqsMessageGroupId ? { MessageGroupId: target.sqsMessageGroupId } : undefined,
    }),
  );
}

async function putRule(context: ApplyContext, spec: RuleSpec): Promise<PutResult> {
  const { call } = context;
  await call(
    'events',
    'PutRule',
    defined({
      Name: spec.name,
      EventBusName: spec.eventBusName,
      EventPattern: spec.eventPattern === undefined ? undefined : JSON.stringify(spec.eventPattern),
      ScheduleExpression: spec.scheduleExpression,
      State: spec.state,
      Description: spec.description,
    }),
  );
  const wanted = new Set(spec.targets.map((target) => target.id));
  const existing = await listTargetIds(context, spec);
  const stale = existing.filter((id) => !wanted.has(id));
  if (stale.length) await call('events', 'RemoveTargets', { Rule: spec.name, EventBusName: spec.eventBusName, Ids: stale });
  if (spec.targets.length)
    await call('events', 'PutTargets', { Rule: spec.name, EventBusName: spec.eventBusName, Targets: ruleTargets(spec) });
  return { notes: [] };
}

async function listTargetIds(context: ApplyContext, spec: RuleSpec): Promise<string[]> {
  const ids: string[] = [];
  let token: unknown;
  do {
    const page = await context.call(
      'events',
      'ListTargetsByRule',
      defined({ Rule: spec.name, EventBusName: spec.eventBusName, NextToken: token }),
    );
    for (const target of (page.Targets as { Id: string }[] | undefined) ?? []) ids.push(target.Id);
    token = page.NextToken;
  } while (token);
  return ids;
}

async function removeRule(context: ApplyContext, spec: RuleSpec): Promise<void> {
  await ignoring(['ResourceNotFoundException'], async () => {
    const ids = await listTargetIds(context, spec);
    if (ids.length) await context.call('events', 'RemoveTargets', { Rule: spec.name, EventBusName: spec.eventBusName, Ids: ids });
    await context.call('events', 'DeleteRule', { Name: spec.name, EventBusName: spec.eventBusName });
  });
}

/** CreateSchedule / UpdateSchedule input (Update replaces the whole schedule, as on AWS). */
function scheduleInput(spec: ScheduleSpec): Input {
  const seconds = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso) / 1000);
  const t = spec.target;
  return defined({
    Name: spec.name,
    GroupName: spec.groupName,
    ScheduleExpression: spec.scheduleExpression,
    ScheduleExpressionTimezone: spec.timezone,
    StartDate: seconds(spec.startDate),
    EndDate: seconds(spec.endDate),
    State: spec.state,
    Description: spec.description,
    ActionAfterCompletion: spec.actionAfterCompletion,
    FlexibleTimeWindow: defined({
      Mode: spec.flexibleTimeWindow.mode,
      MaximumWindowInMinutes: spec.flexibleTimeWindow.maximumWindowInMinutes,
    }),
    Target: defined({
      Arn: t.arn,
      RoleArn: t.roleArn,
      Input: t.input,
      RetryPolicy: t.retryPolicy
        ? defined({
            MaximumRetryAttempts: t.retryPolicy.maximumRetryAttempts,
            MaximumEventAgeInSeconds: t.retryPolicy.maximumEventAgeSeconds,
          })
        : undefined,
      DeadLetterConfig: t.deadLetterArn ? { Arn: t.deadLetterArn } : undefined,
      SqsParameters: t.sqsMessageGroupId ? { MessageGroupId: t.sqsMessageGroupId } : undefined,
    }),
  });
}

async function putSchedule(context: ApplyContext, spec: ScheduleSpec): Promise<PutResult> {
  try {
    await context.call('scheduler', 'CreateSchedule', scheduleInput(spec));
  } catch (error) {
    if (errorCode(error) !== 'ConflictException') throw error;
    await context.call('scheduler', 'UpdateSchedule', scheduleInput(spec));
  }
  return { notes: [] };
}

function mappingSettings(spec: EventSourceMappingSpec): Input {
  return defined({
    FunctionName: spec.functionName,
    Enabled: spec.enabled,
    BatchSize: spec.batchSize,
    MaximumBatchingWindowInSeconds: spec.maximumBatchingWindowSeconds,
    FunctionResponseTypes: spec.functionResponseTypes,
    FilterCriteria: { Filters: spec.filterPatterns.map((Pattern) => ({ Pattern })) },
    ScalingConfig: spec.maximumConcurrency === undefined ? undefined : { MaximumConcurrency: spec.maximumConcurrency },
    BisectBatchOnFunctionError: spec.bisectBatchOnFunctionError,
    MaximumRetryAttempts: spec.maximumRetryAttempts,
    MaximumRecordAgeInSeconds: spec.maximumRecordAgeSeconds,
    ParallelizationFactor: spec.parallelizationFactor,
    TumblingWindowInSeconds: spec.tumblingWindowSeconds,
    DestinationConfig: spec.onFailureDestinationArn ? { OnFailure: { Destination: spec.onFailureDestinationArn } } : undefined,
  });
}

async function putEventSourceMapping(
  context: ApplyContext,
  spec: EventSourceMappingSpec,
  previous: AppliedResource | undefined,
): Promise<PutResult> {
  const { call } = context;
  const before = previous?.resource.spec as EventSourceMappingSpec | undefined;
  const replace =
    before !== undefined &&
    (before.eventSourceArn !== spec.eventSourceArn ||
      before.startingPosition !== spec.startingPosition ||
      before.functionName !== spec.functionName);
  if (replace && previous?.physicalId) {
    await ignoring(['ResourceNotFoundException'], () =>
      call('lambda', 'DeleteEventSourceMapping', { UUID: previous.physicalId }),
    );
  }
  // One mapping per function and source, as CloudFormation keeps it: find one made before the state was.
  const uuid = replace ? undefined : (previous?.physicalId ?? (await findMapping(context, spec)));
  if (uuid) {
    try {
      await call('lambda', 'UpdateEventSourceMapping', { UUID: uuid, ...mappingSettings(spec) });
      return { physicalId: uuid, notes: [] };
    } catch (error) {
      if (errorCode(error) !== 'ResourceNotFoundException') throw error;
    }
  }
  const created = await call(
    'lambda',
    'CreateEventSourceMapping',
    defined({
      ...mappingSettings(spec),
      EventSourceArn: spec.eventSourceArn,
      StartingPosition: spec.startingPosition,
      StartingPositionTimestamp: spec.startingPositionTimestamp,
    }),
  );
  return { physicalId: String(created.UUID), notes: [] };
}

async function findMapping(context: ApplyContext, spec: EventSourceMappingSpec): Promise<string | undefined> {
  const page = await context.call('lambda', 'ListEventSourceMappings', {
    FunctionName: spec.functionName,
    EventSourceArn: spec.eventSourceArn,
  });
  const mappings = (page.EventSourceMappings as { UUID: string }[] | undefined) ?? [];
  return mappings[0]?.UUID;
}

const NOT_FOUND_CODES = ['QueueDoesNotExist', 'NotFound', 'ResourceNotFoundException'];

/** Whether an applied resource is still there (it may have been deleted by hand since). */
export async function resourceExists(context: ApplyContext, applied: AppliedResource): Promise<boolean> {
  const { call } = context;
  const resource = applied.resource;
  const probe = (): Promise<unknown> => {
    switch (resource.kind) {
      case 'queue':
        return call('sqs', 'GetQueueUrl', { QueueName: resource.spec.name });
      case 'topic':
        return call('sns', 'GetTopicAttributes', { TopicArn: resource.spec.arn });
      case 'bus':
        return call('events', 'DescribeEventBus', { Name: resource.spec.name });
      case 'stream':
        return call('kinesis', 'DescribeStreamSummary', { StreamName: resource.spec.name });
      case 'function':
        return call('lambda', 'GetFunctionConfiguration', { FunctionName: resource.spec.name });
      case 'version':
        return call('lambda', 'GetFunctionConfiguration', {
          FunctionName: resource.spec.functionName,
          Qualifier: resource.spec.version,
        });
      case 'alias':
        return call('lambda', 'GetAlias', { FunctionName: resource.spec.functionName, Name: resource.spec.name });
      case 'async-config':
        return call('lambda', 'GetFunctionEventInvokeConfig', {
          FunctionName: resource.spec.functionName,
          Qualifier: resource.spec.qualifier,
        });
      case 'subscription':
        return call('sns', 'GetSubscriptionAttributes', { SubscriptionArn: applied.physicalId ?? '' });
      case 'rule':
        return call('events', 'DescribeRule', { Name: resource.spec.name, EventBusName: resource.spec.eventBusName });
      case 'event-source-mapping':
        return call('lambda', 'GetEventSourceMapping', { UUID: applied.physicalId ?? '' });
      case 'schedule-group':
        return call('scheduler', 'GetScheduleGroup', { Name: resource.spec.name });
      case 'schedule':
        return call('scheduler', 'GetSchedule', { Name: resource.spec.name, GroupName: resource.spec.groupName });
    }
  };
  try {
    await probe();
    return true;
  } catch (error) {
    if (NOT_FOUND_CODES.includes(errorCode(error) ?? '')) return false;
    throw error;
  }
}
