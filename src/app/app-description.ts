/**
 * The one description of an app that `onward up` applies, whatever format it came from
 * (serverless.yml, SAM/CloudFormation, CDK cloud assembly). Plain JSON-serialisable data: every
 * intrinsic and variable is already resolved, every cross-reference is an ARN of what Onward creates.
 *
 * Applying in this order satisfies every reference: queues (dead-letter queues first: a redrive
 * policy names its DLQ), topics, event buses, streams, functions, versions, aliases, each function's
 * async configs, subscriptions, rules, event source mappings, schedule groups, schedules, HTTP routes. ARNs outside the app (other
 * accounts, resources made elsewhere) are kept as written.
 */
export type AppFormat = 'serverless' | 'cloudformation' | 'sam' | 'cdk';

export interface AppDescription {
  format: AppFormat;
  /** serverless `service`, or the stack name (CDK: every stack of the assembly, joined by `,`). */
  name: string;
  /** serverless stage; undefined for templates. */
  stage?: string;
  region: string;
  accountId: string;
  /** Every file the loader read, absolute; what a watcher should watch. */
  sourceFiles: string[];
  stacks: StackSpec[];
  functions: FunctionSpec[];
  versions: VersionSpec[];
  aliases: AliasSpec[];
  queues: QueueSpec[];
  topics: TopicSpec[];
  subscriptions: SubscriptionSpec[];
  eventBuses: EventBusSpec[];
  rules: RuleSpec[];
  streams: StreamSpec[];
  eventSourceMappings: EventSourceMappingSpec[];
  scheduleGroups: ScheduleGroupSpec[];
  schedules: ScheduleSpec[];
  httpRoutes: HttpRouteSpec[];
  outputs: OutputSpec[];
  warnings: AppWarning[];
}

export interface StackSpec {
  name: string;
  templateFile: string;
  parameters: Record<string, string>;
}

/** Where a resource came from: for summaries and error messages. */
export interface Origin {
  stack: string;
  logicalId: string;
}

export type FunctionCode =
  /** A folder of sources; `handlerFile` is the file the handler names, found on disk when it exists. */
  | { kind: 'directory'; path: string; handlerFile?: string; bundle?: BundleHint }
  /** A local .zip file (CDK `packaging: file` assets, `Code: ./x.zip`). */
  | { kind: 'zip'; path: string }
  /** `Code.ZipFile` / SAM `InlineCode`: the source itself, to be written as `fileName`. */
  | { kind: 'inline'; source: string; fileName: string }
  /** Code Onward cannot reach (S3 objects, container images); a warning says why. */
  | { kind: 'unavailable'; reason: string };

/** A TypeScript handler: the lead's apply step bundles `entry` with esbuild; the loader never does. */
export interface BundleHint {
  entry: string;
  exportName: string;
}

export type DestinationType = 'lambda' | 'sqs' | 'sns' | 'eventbus' | 's3';

export interface DestinationSpec {
  type: DestinationType;
  arn: string;
}

export interface AsyncConfigSpec {
  /** `$LATEST`, a version number or an alias name. */
  qualifier: string;
  maximumRetryAttempts?: number;
  maximumEventAgeSeconds?: number;
  onSuccess?: DestinationSpec;
  onFailure?: DestinationSpec;
}

export interface FunctionSpec {
  origin: Origin;
  /** Deployed name exactly as the framework names it on AWS. */
  name: string;
  arn: string;
  runtime: string;
  handler: string;
  code: FunctionCode;
  memorySizeMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  description?: string;
  role?: string;
  architectures?: string[];
  deadLetterTargetArn?: string;
  reservedConcurrency?: number;
  asyncConfigs: AsyncConfigSpec[];
  tags: Record<string, string>;
}

export interface VersionSpec {
  origin: Origin;
  functionName: string;
  /** Deterministic: 1, 2, ... in template order per function. */
  version: string;
  arn: string;
  description?: string;
}

export interface AliasSpec {
  origin: Origin;
  functionName: string;
  name: string;
  functionVersion: string;
  arn: string;
  description?: string;
}

export interface RedrivePolicySpec {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface QueueSpec {
  origin: Origin;
  name: string;
  arn: string;
  url: string;
  /** CreateQueue attribute names and string values (RedrivePolicy as its JSON string). */
  attributes: Record<string, string>;
  redrivePolicy?: RedrivePolicySpec;
  tags: Record<string, string>;
}

export interface TopicSpec {
  origin: Origin;
  name: string;
  arn: string;
  /** CreateTopic attribute names and string values. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

export interface SubscriptionSpec {
  origin: Origin;
  topicArn: string;
  protocol: string;
  endpoint: string;
  filterPolicy?: unknown;
  filterPolicyScope?: 'MessageAttributes' | 'MessageBody';
  rawMessageDelivery: boolean;
  redrivePolicy?: { deadLetterTargetArn: string };
}

export interface EventBusSpec {
  origin: Origin;
  name: string;
  arn: string;
}

export interface RuleTargetSpec {
  id: string;
  arn: string;
  input?: string;
  inputPath?: string;
  inputTransformer?: { inputPathsMap?: Record<string, string>; inputTemplate: string };
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeSeconds?: number };
  deadLetterArn?: string;
  sqsMessageGroupId?: string;
}

export interface RuleSpec {
  origin: Origin;
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern?: unknown;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  targets: RuleTargetSpec[];
}

export interface StreamSpec {
  origin: Origin;
  name: string;
  arn: string;
  shardCount: number;
  retentionPeriodHours: number;
  streamMode: 'PROVISIONED' | 'ON_DEMAND';
}

export interface EventSourceMappingSpec {
  origin: Origin;
  /** Deterministic UUID derived from the stack and logical id, so re-applying finds it again. */
  uuid: string;
  functionName: string;
  eventSourceArn: string;
  enabled: boolean;
  batchSize?: number;
  maximumBatchingWindowSeconds?: number;
  startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  startingPositionTimestamp?: number;
  functionResponseTypes: string[];
  /** FilterCriteria patterns, each a JSON string as the Lambda API takes them. */
  filterPatterns: string[];
  maximumConcurrency?: number;
  bisectBatchOnFunctionError?: boolean;
  maximumRetryAttempts?: number;
  maximumRecordAgeSeconds?: number;
  parallelizationFactor?: number;
  tumblingWindowSeconds?: number;
  onFailureDestinationArn?: string;
}

/** EventBridge Scheduler group (`default` always exists and is never listed here). */
export interface ScheduleGroupSpec {
  origin: Origin;
  name: string;
  arn: string;
  tags: Record<string, string>;
}

/** An EventBridge Scheduler schedule, with the input of CreateSchedule (AWS's member names, camel-cased). */
export interface ScheduleSpec {
  origin: Origin;
  name: string;
  groupName: string;
  arn: string;
  /** `at(...)`, `rate(...)` or `cron(...)`. */
  scheduleExpression: string;
  timezone?: string;
  startDate?: string;
  endDate?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  flexibleTimeWindow: { mode: 'OFF' | 'FLEXIBLE'; maximumWindowInMinutes?: number };
  actionAfterCompletion?: 'NONE' | 'DELETE';
  target: {
    arn: string;
    roleArn: string;
    input?: string;
    retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeSeconds?: number };
    deadLetterArn?: string;
    sqsMessageGroupId?: string;
  };
}

export type HttpIntegration =
  | { kind: 'function'; functionName: string; functionArn: string }
  /** API Gateway "AWS" integration publishing the request to a topic (payments seed). */
  | { kind: 'sns'; topicArn: string; messageTemplate?: string }
  | { kind: 'sqs'; queueArn: string; messageTemplate?: string };

export interface HttpRouteSpec {
  origin: Origin;
  /** `rest` = API Gateway v1 (`http` events, event format 1.0); `http` = HTTP API v2 (`httpApi`, 2.0). */
  api: 'rest' | 'http';
  apiName: string;
  /** Upper case, or `ANY`. */
  method: string;
  /** Starts with `/`; parameters as `{id}` and greedy `{proxy+}`; `$default` for the HTTP API catch-all. */
  path: string;
  pathParameters: string[];
  /** REST API stage the URL carries (`/dev/...`); HTTP APIs use `$default` and none. */
  stage?: string;
  integration: HttpIntegration;
}

export interface OutputSpec {
  stack: string;
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export type WarningKind =
  | 'unsupported-resource'
  | 'unsupported-property'
  | 'unsupported-event'
  | 'unsupported-intrinsic'
  | 'unresolved-variable'
  | 'unsupported-code';

export interface AppWarning {
  kind: WarningKind;
  file: string;
  /** Path inside the file, e.g. `Resources.Bucket.Type` or `functions.hello.events[0].s3`. */
  path: string;
  message: string;
}

export function emptyDescription(format: AppFormat, name: string, region: string, accountId: string): AppDescription {
  return {
    format,
    name,
    region,
    accountId,
    sourceFiles: [],
    stacks: [],
    functions: [],
    versions: [],
    aliases: [],
    queues: [],
    topics: [],
    subscriptions: [],
    eventBuses: [],
    rules: [],
    streams: [],
    eventSourceMappings: [],
    scheduleGroups: [],
    schedules: [],
    httpRoutes: [],
    outputs: [],
    warnings: [],
  };
}
