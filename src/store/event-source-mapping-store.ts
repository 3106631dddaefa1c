/** The event-source-mapping part of the Store port: mappings and their stream checkpoints, no SQL. */

export type EventSourceKind = 'sqs' | 'kinesis';

/** What CreateEventSourceMapping/UpdateEventSourceMapping set; absent members are not set. */
export interface EventSourceMappingSettings {
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  functionResponseTypes: string[];
  /** FilterCriteria as given (`{Filters: [{Pattern}]}`); undefined when none. */
  filterCriteria?: { Filters: Array<{ Pattern: string }> };
  scalingConfig?: { MaximumConcurrency?: number };
  /** Streams only. */
  onFailureDestination?: string;
  startingPosition?: string;
  startingPositionTimestampSeconds?: number;
  parallelizationFactor?: number;
  maximumRetryAttempts?: number;
  maximumRecordAgeInSeconds?: number;
  bisectBatchOnFunctionError?: boolean;
  tumblingWindowInSeconds?: number;
}

export interface EventSourceMappingRecord {
  uuid: string;
  accountId: string;
  region: string;
  /** The function ARN the mapping invokes: unqualified, or qualified when created with a qualifier. */
  functionArn: string;
  eventSourceArn: string;
  kind: EventSourceKind;
  enabled: boolean;
  /** `Enabled`, `Disabled`. Transitional states are only shown in the answer to the call that causes them. */
  state: 'Enabled' | 'Disabled';
  stateTransitionReason: string;
  lastModifiedMs: number;
  lastProcessingResult: string;
  settings: EventSourceMappingSettings;
}

export interface EventSourceMappingStore {
  /** Mappings of every account and region, by creation order (for starting pollers). */
  listAll(): EventSourceMappingRecord[];
  get(uuid: string): EventSourceMappingRecord | undefined;
  put(mapping: EventSourceMappingRecord): Promise<void>;
  delete(uuid: string): Promise<void>;
  /** The last sequence number of a shard a mapping has committed (processed or discarded), if any. */
  getCheckpoint(uuid: string, shardId: string): string | undefined;
  /**
   * Moves a shard's checkpoint; `tumblingWindow` (opaque JSON of the open window, null for none) is
   * written in the same statement when given, and left as it is when undefined.
   */
  setCheckpoint(uuid: string, shardId: string, sequenceNumber: string, tumblingWindow?: string | null): Promise<void>;
  /** The open tumbling window saved with a shard's checkpoint, if any. */
  getTumblingWindow(uuid: string, shardId: string): string | undefined;
  /** Writes `lastProcessingResult` without touching the rest (no await needed for ordering). */
  setLastProcessingResult(uuid: string, result: string): Promise<void>;
}
