/**
 * Create/Get/Update/Delete/ListEventSourceMappings. State transitions complete at once: the answer to
 * the call shows the transitional state (Creating, Enabling, Disabling, Updating, Deleting) and the next
 * read shows where it ends (Enabled, Disabled, gone), so a client polling for `Enabled` never waits.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock.ts';
import type {
  EventSourceMappingRecord,
  EventSourceMappingStore,
  EventSourceKind,
} from '../../store/event-source-mapping-store.ts';
import type { KinesisStore } from '../../store/kinesis-store.ts';
import type { LambdaStore } from '../../store/lambda-store.ts';
import type { SqsStore } from '../../store/sqs-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { parseQueueArn } from '../sqs/queue-url.ts';
import { parseStreamArn } from '../kinesis/kinesis-context.ts';
import { functionArn, parseFunctionReference, violation } from './arn.ts';
import {
  InvalidParameterValueException,
  ResourceConflictException,
  ResourceNotFoundException,
  throwViolations,
} from './errors.ts';
import { resolveFunction } from './function-resolver.ts';
import { page, readMaxItems } from './paging.ts';
import { jsonResponse } from './responses.ts';
import {
  checkSettings,
  checkSourceMembers,
  readSettingsChange,
  settingsWithDefaults,
  sourceKindOf,
} from './event-source-mapping-validation.ts';

export interface EventSourceMappingDependencies {
  store: EventSourceMappingStore;
  lambda: LambdaStore;
  sqs: SqsStore;
  kinesis: KinesisStore;
  clock: Clock;
  /** Checks a FilterCriteria pattern; returns why it is invalid, or undefined. */
  checkFilterPattern?: (pattern: string) => string | undefined;
  /** Told after every committed change, so pollers start, change or stop. */
  changed(uuid: string): void;
}

const ESM_PAGE_LIMIT = 100;
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const notFound = () => ResourceNotFoundException('The resource you requested does not exist.');

/** The wire shape of a mapping (EventSourceMappingConfiguration), with `state` as this answer shows it. */
export function mappingShape(mapping: EventSourceMappingRecord, state: string = mapping.state): Record<string, unknown> {
  const s = mapping.settings;
  const stream = mapping.kind !== 'sqs';
  return {
    UUID: mapping.uuid,
    ...(stream ? { StartingPosition: s.startingPosition } : {}),
    ...(stream && s.startingPositionTimestampSeconds !== undefined
      ? { StartingPositionTimestamp: s.startingPositionTimestampSeconds }
      : {}),
    BatchSize: s.batchSize,
    MaximumBatchingWindowInSeconds: s.maximumBatchingWindowInSeconds,
    ...(stream ? { ParallelizationFactor: s.parallelizationFactor } : {}),
    EventSourceArn: mapping.eventSourceArn,
    ...(s.filterCriteria ? { FilterCriteria: s.filterCriteria } : {}),
    FunctionArn: mapping.functionArn,
    LastModified: mapping.lastModifiedMs / 1000,
    ...(stream ? { LastProcessingResult: mapping.lastProcessingResult } : {}),
    State: state,
    StateTransitionReason: mapping.stateTransitionReason,
    ...(stream
      ? {
          DestinationConfig: { OnFailure: s.onFailureDestination ? { Destination: s.onFailureDestination } : {} },
          MaximumRecordAgeInSeconds: s.maximumRecordAgeInSeconds,
          BisectBatchOnFunctionError: s.bisectBatchOnFunctionError,
          MaximumRetryAttempts: s.maximumRetryAttempts,
          TumblingWindowInSeconds: s.tumblingWindowInSeconds,
        }
      : {}),
    FunctionResponseTypes: s.functionResponseTypes,
    ...(s.scalingConfig ? { ScalingConfig: s.scalingConfig } : {}),
    EventSourceMappingArn: `arn:aws:lambda:${mapping.region}:${mapping.accountId}:event-source-mapping:${mapping.uuid}`,
  };
}

export function eventSourceMappingOperations(deps: EventSourceMappingDependencies): Record<string, OperationHandler> {
  const { store, clock } = deps;

  /** The function a request names, as the mapping records it (qualified only when the caller qualified it). */
  function mappedFunctionArn(request: RequestContext, name: string): string {
    const resolved = resolveFunction(deps.lambda, request.accountId, request.region, name);
    return resolved.qualifier === undefined ? resolved.functionArn : `${resolved.functionArn}:${resolved.qualifier}`;
  }

  /** Checks the source exists; returns whether an SQS source is FIFO. */
  function checkSource(kind: EventSourceKind, arn: string): boolean {
    if (kind === 'sqs') {
      const key = parseQueueArn(arn);
      const queue = key ? deps.sqs.getQueue({ accountId: key.accountId, region: key.region, name: key.name }) : undefined;
      if (!queue) {
        throw InvalidParameterValueException(
          'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.',
        );
      }
      return queue.fifo;
    }
    const key = parseStreamArn(arn);
    if (!key || !deps.kinesis.getStream(key)) throw InvalidParameterValueException(`Stream not found: ${arn}`);
    return false;
  }

  function checkFilters(filters: { Filters: Array<{ Pattern: string }> } | undefined): void {
    if (!filters || !deps.checkFilterPattern) return;
    for (const filter of filters.Filters) {
      if (deps.checkFilterPattern(filter.Pattern) !== undefined) {
        throw InvalidParameterValueException('Invalid filter pattern definition.');
      }
    }
  }

  function getMapping(input: Record<string, unknown>, request: RequestContext): EventSourceMappingRecord {
    const uuid = String(input.UUID ?? '');
    const mapping = store.get(uuid);
    if (!mapping || mapping.accountId !== request.accountId || mapping.region !== request.region) throw notFound();
    return mapping;
  }

  async function CreateEventSourceMapping(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    if (typeof input.FunctionName !== 'string') violations.push(violation(null, 'functionName', 'Member must not be null'));
    throwViolations(violations);
    const change = readSettingsChange(input);
    const eventSourceArn = typeof input.EventSourceArn === 'string' ? input.EventSourceArn : undefined;
    if (eventSourceArn === undefined) throw InvalidParameterValueException('Unrecognized event source.');
    const kind = sourceKindOf(eventSourceArn);
    if (!kind) {
      throw InvalidParameterValueException(
        `Unsupported event source type for ${eventSourceArn}: Onward maps SQS queues and Kinesis streams only.`,
      );
    }
    checkSourceMembers(kind, input);
    const fnArn = mappedFunctionArn(request, input.FunctionName as string);
    const fifo = checkSource(kind, eventSourceArn);
    const settings = settingsWithDefaults(kind, change);
    checkSettings(kind, settings, fifo);
    checkFilters(settings.filterCriteria);
    const duplicate = store
      .listAll()
      .find((m) => m.eventSourceArn === eventSourceArn && m.functionArn === fnArn && m.accountId === request.accountId);
    if (duplicate) {
      throw ResourceConflictException(
        `The event source arn (" ${eventSourceArn} ") and function (" ${parseFunctionReference(fnArn, 'FunctionName')?.name ?? fnArn} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${duplicate.uuid}`,
      );
    }
    const enabled = change.enabled ?? true;
    const mapping: EventSourceMappingRecord = {
      uuid: randomUUID(),
      accountId: request.accountId,
      region: request.region,
      functionArn: fnArn,
      eventSourceArn,
      kind,
      enabled,
      state: enabled ? 'Enabled' : 'Disabled',
      stateTransitionReason: kind === 'sqs' ? 'USER_INITIATED' : 'User action',
      lastModifiedMs: clock.now(),
      lastProcessingResult: 'No records processed',
      settings,
    };
    await store.put(mapping);
    deps.changed(mapping.uuid);
    return jsonResponse(202, mappingShape(mapping, 'Creating'));
  }

  function GetEventSourceMapping(input: Record<string, unknown>, request: RequestContext) {
    return jsonResponse(200, mappingShape(getMapping(input, request)));
  }

  async function UpdateEventSourceMapping(input: Record<string, unknown>, request: RequestContext) {
    const mapping = getMapping(input, request);
    const change = readSettingsChange(input);
    checkSourceMembers(mapping.kind, { ...input, StartingPosition: undefined, StartingPositionTimestamp: undefined });
    if (input.StartingPosition !== undefined && input.StartingPosition !== null) {
      throw InvalidParameterValueException('StartingPosition cannot be updated.');
    }
    const fnArn = typeof input.FunctionName === 'string' ? mappedFunctionArn(request, input.FunctionName) : mapping.functionArn;
    const fifo = checkSource(mapping.kind, mapping.eventSourceArn);
    const { enabled: changedEnabled, ...settingsChange } = change;
    const settings = { ...mapping.settings, ...settingsChange };
    if (settings.filterCriteria && settings.filterCriteria.Filters.length === 0) delete settings.filterCriteria;
    if (settings.scalingConfig && settings.scalingConfig.MaximumConcurrency === undefined) delete settings.scalingConfig;
    checkSettings(mapping.kind, settings, fifo);
    checkFilters(settings.filterCriteria);
    const enabled = changedEnabled ?? mapping.enabled;
    const updated: EventSourceMappingRecord = {
      ...mapping,
      functionArn: fnArn,
      enabled,
      state: enabled ? 'Enabled' : 'Disabled',
      lastModifiedMs: clock.now(),
      settings,
    };
    await store.put(updated);
    deps.changed(updated.uuid);
    const shownState = enabled === mapping.enabled ? 'Updating' : enabled ? 'Enabling' : 'Disabling';
    return jsonResponse(202, mappingShape(updated, shownState));
  }

  async function DeleteEventSourceMapping(input: Record<string, unknown>, request: RequestContext) {
    const mapping = getMapping(input, request);
    await store.delete(mapping.uuid);
    deps.changed(mapping.uuid);
    return jsonResponse(202, mappingShape(mapping, 'Deleting'));
  }

  function ListEventSourceMappings(input: Record<string, unknown>, request: RequestContext) {
    const maxItems = readMaxItems(input.MaxItems, ESM_PAGE_LIMIT);
    const sourceArn = typeof input.EventSourceArn === 'string' ? input.EventSourceArn : undefined;
    let functionFilter: ((arn: string) => boolean) | undefined;
    if (typeof input.FunctionName === 'string') {
      const reference = parseFunctionReference(input.FunctionName, 'NamespacedFunctionName');
      if (!reference) {
        throwViolations([
          violation(
            input.FunctionName,
            'functionName',
            'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
          ),
        ]);
      }
      const base = functionArn(reference!.region ?? request.region, reference!.accountId ?? request.accountId, reference!.name);
      functionFilter =
        reference!.qualifier === undefined
          ? (arn) => arn === base || arn.startsWith(`${base}:`)
          : (arn) => arn === `${base}:${reference!.qualifier}`;
    }
    const mappings = store
      .listAll()
      .filter((m) => m.accountId === request.accountId && m.region === request.region)
      .filter((m) => sourceArn === undefined || m.eventSourceArn === sourceArn)
      .filter((m) => functionFilter === undefined || functionFilter(m.functionArn))
      .sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
    const marker = typeof input.Marker === 'string' && input.Marker !== '' ? input.Marker : undefined;
    const result = page(mappings, (m) => m.uuid, marker, maxItems);
    return {
      EventSourceMappings: result.items.map((m) => mappingShape(m)),
      ...(result.nextMarker ? { NextMarker: result.nextMarker } : {}),
    };
  }

  return {
    CreateEventSourceMapping,
    GetEventSourceMapping: (input, request) => {
      if (!UUID_PATTERN.test(String(input.UUID ?? ''))) throw notFound();
      return GetEventSourceMapping(input, request);
    },
    UpdateEventSourceMapping,
    DeleteEventSourceMapping,
    ListEventSourceMappings,
  };
}
