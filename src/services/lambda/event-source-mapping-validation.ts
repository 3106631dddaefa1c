/**
 * CreateEventSourceMapping / UpdateEventSourceMapping input: Coral's range checks (ValidationException)
 * and Lambda's own rules per source type (InvalidParameterValueException), with the defaults AWS fills
 * in. Pure.
 */
import type { EventSourceKind, EventSourceMappingSettings } from '../../store/event-source-mapping-store.ts';
import { violation } from './arn.ts';
import { InvalidParameterValueException, throwViolations } from './errors.ts';
import { readInteger } from './validate.ts';

export const STARTING_POSITIONS = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] as const;
const STREAM_ONLY = [
  'ParallelizationFactor',
  'MaximumRetryAttempts',
  'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError',
  'TumblingWindowInSeconds',
  'DestinationConfig',
  'StartingPosition',
  'StartingPositionTimestamp',
] as const;

const given = (value: unknown): boolean => value !== undefined && value !== null;

/** The source an ARN names: `sqs`, `kinesis`, or undefined for sources Onward does not map. */
export function sourceKindOf(eventSourceArn: string): EventSourceKind | undefined {
  const service = eventSourceArn.split(':')[2];
  if (service === 'sqs') return 'sqs';
  if (service === 'kinesis' && /:stream\/[^/]+$/.test(eventSourceArn)) return 'kinesis';
  return undefined;
}

/** Reads and range-checks the members present in `input` (create or update), collecting Coral violations. */
export function readSettingsChange(input: Record<string, unknown>): Partial<EventSourceMappingSettings> & { enabled?: boolean } {
  const violations: string[] = [];
  const change: Partial<EventSourceMappingSettings> & { enabled?: boolean } = {};
  const int = (name: string, member: string, min: number, max: number): number | undefined =>
    readInteger(input[name], member, { min, max }, violations);
  const batchSize = int('BatchSize', 'batchSize', 1, 10_000);
  if (batchSize !== undefined) change.batchSize = batchSize;
  const window = int('MaximumBatchingWindowInSeconds', 'maximumBatchingWindowInSeconds', 0, 300);
  if (window !== undefined) change.maximumBatchingWindowInSeconds = window;
  const parallelization = int('ParallelizationFactor', 'parallelizationFactor', 1, 10);
  if (parallelization !== undefined) change.parallelizationFactor = parallelization;
  const retries = int('MaximumRetryAttempts', 'maximumRetryAttempts', -1, 10_000);
  if (retries !== undefined) change.maximumRetryAttempts = retries;
  const age = int('MaximumRecordAgeInSeconds', 'maximumRecordAgeInSeconds', -1, 604_800);
  if (age !== undefined) change.maximumRecordAgeInSeconds = age;
  const tumbling = int('TumblingWindowInSeconds', 'tumblingWindowInSeconds', 0, 900);
  if (tumbling !== undefined) change.tumblingWindowInSeconds = tumbling;
  if (given(input.Enabled)) change.enabled = input.Enabled === true || input.Enabled === 'true';
  if (given(input.BisectBatchOnFunctionError)) {
    change.bisectBatchOnFunctionError = input.BisectBatchOnFunctionError === true || input.BisectBatchOnFunctionError === 'true';
  }
  if (given(input.StartingPosition)) {
    const position = String(input.StartingPosition);
    if (!(STARTING_POSITIONS as readonly string[]).includes(position)) {
      violations.push(
        violation(position, 'startingPosition', `Member must satisfy enum value set: [${STARTING_POSITIONS.join(', ')}]`),
      );
    } else change.startingPosition = position;
  }
  if (given(input.StartingPositionTimestamp)) change.startingPositionTimestampSeconds = Number(input.StartingPositionTimestamp);
  if (given(input.FunctionResponseTypes)) {
    const types = Array.isArray(input.FunctionResponseTypes) ? input.FunctionResponseTypes.map(String) : [];
    for (const type of types) {
      if (type !== 'ReportBatchItemFailures') {
        violations.push(
          violation(
            `[${types.join(', ')}]`,
            'functionResponseTypes',
            'Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]',
          ),
        );
        break;
      }
    }
    change.functionResponseTypes = [...new Set(types)];
  }
  if (given(input.ScalingConfig)) {
    const scaling = input.ScalingConfig as Record<string, unknown>;
    const maximum = readInteger(
      scaling.MaximumConcurrency,
      'scalingConfig.maximumConcurrency',
      { min: 2, max: 1000 },
      violations,
    );
    change.scalingConfig = maximum === undefined ? {} : { MaximumConcurrency: maximum };
  }
  if (given(input.FilterCriteria)) {
    const filters = (input.FilterCriteria as Record<string, unknown>).Filters;
    const list = Array.isArray(filters) ? filters : [];
    if (list.length > 5) {
      violations.push(violation('[...]', 'filterCriteria.filters', 'Member must have length less than or equal to 5'));
    }
    change.filterCriteria = { Filters: list.map((f) => ({ Pattern: String((f as Record<string, unknown>)?.Pattern ?? '') })) };
  }
  if (given(input.DestinationConfig)) {
    const config = input.DestinationConfig as Record<string, { Destination?: unknown } | undefined>;
    if (given(config.OnSuccess?.Destination)) {
      throw InvalidParameterValueException('Unsupported DestinationConfig parameter for given event source mapping type.');
    }
    const onFailure = config.OnFailure?.Destination;
    change.onFailureDestination = given(onFailure) ? String(onFailure) : '';
  }
  throwViolations(violations);
  return change;
}

/** Lambda's rules for the settings of one source kind (after defaults), InvalidParameterValueException otherwise. */
export function checkSettings(kind: EventSourceKind, settings: EventSourceMappingSettings, fifo: boolean): void {
  if (kind === 'sqs') {
    if (settings.batchSize > 10 && settings.maximumBatchingWindowInSeconds < 1) {
      throw InvalidParameterValueException(
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      );
    }
    if (fifo && settings.batchSize > 10) {
      throw InvalidParameterValueException('Batch size for FIFO queues must be less than or equal to 10');
    }
  }
  if (kind === 'kinesis') {
    if (settings.startingPosition === undefined) {
      throw InvalidParameterValueException(
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null",
      );
    }
    if (settings.startingPosition === 'AT_TIMESTAMP' && settings.startingPositionTimestampSeconds === undefined) {
      throw InvalidParameterValueException('StartingPositionTimestamp must be specified when StartingPosition is AT_TIMESTAMP.');
    }
    const age = settings.maximumRecordAgeInSeconds;
    if (age !== undefined && age !== -1 && age < 60) {
      throw InvalidParameterValueException('MaximumRecordAgeInSeconds must be -1 or between 60 and 604800.');
    }
    const destination = settings.onFailureDestination;
    if (destination && !/^arn:aws[a-z-]*:(sqs|sns):/.test(destination)) {
      throw InvalidParameterValueException(
        `The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=${destination})) is invalid.`,
      );
    }
  }
}

/** Stream-only members on an SQS mapping are refused, naming the first one given. */
export function checkSourceMembers(kind: EventSourceKind, input: Record<string, unknown>): void {
  if (kind !== 'sqs') {
    if (given(input.ScalingConfig)) {
      throw InvalidParameterValueException('Unsupported ScalingConfig parameter for given event source mapping type.');
    }
    return;
  }
  for (const member of STREAM_ONLY) {
    if (!given(input[member])) continue;
    if (member === 'DestinationConfig') {
      const config = input.DestinationConfig as Record<string, { Destination?: unknown } | undefined>;
      if (!given(config.OnSuccess?.Destination) && !given(config.OnFailure?.Destination)) continue;
    }
    throw InvalidParameterValueException(`Unsupported ${member} parameter for given event source mapping type.`);
  }
}

/** A new mapping's settings: the change over the defaults of its source kind. */
export function settingsWithDefaults(
  kind: EventSourceKind,
  change: Partial<EventSourceMappingSettings>,
): EventSourceMappingSettings {
  const base: EventSourceMappingSettings = {
    batchSize: kind === 'sqs' ? 10 : 100,
    maximumBatchingWindowInSeconds: 0,
    functionResponseTypes: [],
  };
  if (kind === 'kinesis') {
    Object.assign(base, {
      parallelizationFactor: 1,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      tumblingWindowInSeconds: 0,
      onFailureDestination: '',
    });
  }
  const merged = { ...base, ...change };
  if (merged.filterCriteria && merged.filterCriteria.Filters.length === 0) delete merged.filterCriteria;
  return merged;
}
