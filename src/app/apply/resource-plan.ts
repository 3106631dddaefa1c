/**
 * What applying an app changes, decided without I/O: the app description becomes a flat list of
 * resources, each with a stable key and a fingerprint of what defines it; comparing that list with the
 * one applied last time gives what to create or update, what to remove and what to leave alone.
 */
import type {
  AliasSpec,
  AppDescription,
  AsyncConfigSpec,
  EventBusSpec,
  EventSourceMappingSpec,
  FunctionSpec,
  QueueSpec,
  RuleSpec,
  ScheduleGroupSpec,
  ScheduleSpec,
  StreamSpec,
  SubscriptionSpec,
  TopicSpec,
  VersionSpec,
} from '../app-description.ts';

export type PlannedResource =
  | { kind: 'queue'; key: string; spec: QueueSpec }
  | { kind: 'topic'; key: string; spec: TopicSpec }
  | { kind: 'bus'; key: string; spec: EventBusSpec }
  | { kind: 'stream'; key: string; spec: StreamSpec }
  | { kind: 'function'; key: string; spec: FunctionSpec }
  | { kind: 'version'; key: string; spec: VersionSpec }
  | { kind: 'alias'; key: string; spec: AliasSpec }
  | { kind: 'async-config'; key: string; spec: AsyncConfigSpec & { functionName: string; functionArn: string } }
  | { kind: 'subscription'; key: string; spec: SubscriptionSpec }
  | { kind: 'rule'; key: string; spec: RuleSpec }
  | { kind: 'event-source-mapping'; key: string; spec: EventSourceMappingSpec }
  | { kind: 'schedule-group'; key: string; spec: ScheduleGroupSpec }
  | { kind: 'schedule'; key: string; spec: ScheduleSpec };

export type ResourceKind = PlannedResource['kind'];

/** Creation order: everything a resource references is created before it (reverse it to remove). */
export const APPLY_ORDER: readonly ResourceKind[] = [
  'queue',
  'topic',
  'bus',
  'stream',
  'function',
  'version',
  'alias',
  'async-config',
  'subscription',
  'rule',
  'event-source-mapping',
  'schedule-group',
  'schedule',
];

/** What was applied: per key, the resource and the fingerprint it had. */
export interface AppliedResource {
  resource: PlannedResource;
  fingerprint: string;
  /** Ids Onward assigned on creation (event source mapping UUID, subscription ARN). */
  physicalId?: string;
}

export interface ResourcePlan {
  /** New or changed, in creation order; `previous` is set for a change. */
  apply: { resource: PlannedResource; fingerprint: string; previous?: AppliedResource }[];
  /** Gone from the app, in removal order. */
  remove: AppliedResource[];
  unchanged: AppliedResource[];
}

/** The resources of an app, in creation order; queues whose redrive policy names another queue follow it. */
export function plannedResources(app: AppDescription): PlannedResource[] {
  const resources: PlannedResource[] = [];
  for (const spec of queuesInDependencyOrder(app.queues)) resources.push({ kind: 'queue', key: `queue ${spec.arn}`, spec });
  for (const spec of app.topics) resources.push({ kind: 'topic', key: `topic ${spec.arn}`, spec });
  for (const spec of app.eventBuses) resources.push({ kind: 'bus', key: `bus ${spec.arn}`, spec });
  for (const spec of app.streams) resources.push({ kind: 'stream', key: `stream ${spec.arn}`, spec });
  for (const spec of app.functions) {
    const { asyncConfigs: _configs, ...functionOnly } = spec;
    resources.push({ kind: 'function', key: `function ${spec.arn}`, spec: { ...functionOnly, asyncConfigs: [] } });
  }
  for (const spec of app.versions) resources.push({ kind: 'version', key: `version ${spec.arn}`, spec });
  for (const spec of app.aliases) resources.push({ kind: 'alias', key: `alias ${spec.arn}`, spec });
  for (const fn of app.functions) {
    for (const config of fn.asyncConfigs) {
      resources.push({
        kind: 'async-config',
        key: `async-config ${fn.arn}:${config.qualifier}`,
        spec: { ...config, functionName: fn.name, functionArn: fn.arn },
      });
    }
  }
  for (const spec of app.subscriptions) {
    resources.push({ kind: 'subscription', key: `subscription ${spec.topicArn} ${spec.protocol} ${spec.endpoint}`, spec });
  }
  for (const spec of app.rules) resources.push({ kind: 'rule', key: `rule ${spec.arn}`, spec });
  for (const spec of app.eventSourceMappings) {
    resources.push({ kind: 'event-source-mapping', key: `event-source-mapping ${spec.uuid}`, spec });
  }
  for (const spec of app.scheduleGroups) resources.push({ kind: 'schedule-group', key: `schedule-group ${spec.arn}`, spec });
  for (const spec of app.schedules) resources.push({ kind: 'schedule', key: `schedule ${spec.arn}`, spec });
  return resources;
}

/**
 * Compares what the app wants with what was applied. `codeStamps` carries what a spec cannot say about
 * code that changes on disk (a zip's size and time), so an edited zip counts as a change.
 */
export function planResources(
  desired: readonly PlannedResource[],
  applied: Readonly<Record<string, AppliedResource>>,
  codeStamps: Readonly<Record<string, string>> = {},
): ResourcePlan {
  const plan: ResourcePlan = { apply: [], remove: [], unchanged: [] };
  const wanted = new Set<string>();
  for (const resource of desired) {
    wanted.add(resource.key);
    const fingerprint = fingerprintOf(resource, codeStamps[resource.key]);
    const previous = applied[resource.key];
    if (previous && previous.fingerprint === fingerprint) plan.unchanged.push(previous);
    else plan.apply.push(previous ? { resource, fingerprint, previous } : { resource, fingerprint });
  }
  const gone = Object.values(applied).filter((entry) => !wanted.has(entry.resource.key));
  gone.sort((a, b) => APPLY_ORDER.indexOf(b.resource.kind) - APPLY_ORDER.indexOf(a.resource.kind));
  plan.remove = gone;
  return plan;
}

/** Where a resource came from has no effect on what it is: origins are left out of the fingerprint. */
export function fingerprintOf(resource: PlannedResource, codeStamp = ''): string {
  return `${stableJson(withoutOrigin(resource.spec))}${codeStamp ? `#${codeStamp}` : ''}`;
}

function withoutOrigin(spec: object): unknown {
  const { origin: _origin, ...rest } = spec as { origin?: unknown };
  return rest;
}

/** JSON with object keys sorted, so equal specs give equal text whatever order the loader built them in. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function queuesInDependencyOrder(queues: readonly QueueSpec[]): QueueSpec[] {
  const byArn = new Map(queues.map((queue) => [queue.arn, queue]));
  const ordered: QueueSpec[] = [];
  const placed = new Set<string>();
  const place = (queue: QueueSpec, path: Set<string>): void => {
    if (placed.has(queue.arn) || path.has(queue.arn)) return;
    path.add(queue.arn);
    const dlq = queue.redrivePolicy ? byArn.get(queue.redrivePolicy.deadLetterTargetArn) : undefined;
    if (dlq) place(dlq, path);
    placed.add(queue.arn);
    ordered.push(queue);
  };
  for (const queue of queues) place(queue, new Set());
  return ordered;
}
