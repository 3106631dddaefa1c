/**
 * One shard of a Kinesis event source mapping: reads from the checkpoint on, invokes the function with
 * batches in shard order (ParallelizationFactor lanes keep order per partition key), and handles failures
 * as Lambda does: ReportBatchItemFailures, bisection, retries (clock-driven backoff), record age, and the
 * on-failure destination. The checkpoint is durable: a restart resumes after the last committed record.
 * With TumblingWindowInSeconds the shard's batches carry the window's state, the window ends with a final
 * invocation on the clock, and the open window is saved with the checkpoint in the same statement.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, ClockTimer } from '../clock/clock.ts';
import type { EventSourceMappingRecord, EventSourceMappingStore } from '../store/event-source-mapping-store.ts';
import type { KinesisStore, ShardRecord, StoredKinesisRecord, StreamRecord } from '../store/kinesis-store.ts';
import { parseSequenceNumber, sequenceNumber } from '../services/kinesis/shard-math.ts';
import type { InternalTargets } from '../services/targets/internal-targets.ts';
import { readBatchItemFailures } from './batch-item-failures.ts';
import { recordFilter, type EsmInvoker, type EsmInvokeResult, type PatternCompiler } from './esm-ports.ts';
import {
  afterFailure,
  kinesisEventRecord,
  kinesisFilterView,
  lanesByPartitionKey,
  streamFailureRecord,
  type StreamFailureCondition,
  type StreamRecordView,
} from './kinesis-event.ts';
import {
  MAX_WINDOW_STATE_BYTES,
  openWindow,
  parseWindow,
  readWindowResponse,
  recordsInWindow,
  serializeWindow,
  windowEnded,
  windowEvent,
  type OpenWindow,
} from './tumbling-window.ts';

/** First retry of a failed batch after 1 s of clock time, doubling up to 30 s. */
const FIRST_RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 30_000;

export interface KinesisPollerDependencies {
  kinesisStore: KinesisStore;
  mappings: EventSourceMappingStore;
  clock: Clock;
  invoke: EsmInvoker;
  targets: InternalTargets;
  compilePattern: PatternCompiler | undefined;
  /** The execution role of the mapped function (the records' invokeIdentityArn). */
  roleOf: (functionArn: string) => string;
  log: (line: string) => void;
}

interface PendingRecord extends StreamRecordView {
  position: number;
}

interface Piece {
  records: PendingRecord[];
  retriesUsed: number;
  invokeCount: number;
}

type State = 'busy' | 'waiting' | 'clock-wait';

export class KinesisShardPoller {
  readonly #mapping: EventSourceMappingRecord;
  readonly #stream: StreamRecord;
  readonly #shard: ShardRecord;
  readonly #deps: KinesisPollerDependencies;
  readonly #filter: (view: unknown) => boolean;
  #stopped = false;
  #state: State = 'busy';
  #afterPosition = 0;
  #wake: (() => void) | undefined;
  /** Ends whatever wait is in progress (stop). */
  #interrupt: (() => void) | undefined;
  #running: Promise<void> | undefined;
  /** Tumbling windows only: the shard's open window, as saved with the checkpoint. */
  #window: OpenWindow | undefined;

  constructor(mapping: EventSourceMappingRecord, stream: StreamRecord, shard: ShardRecord, deps: KinesisPollerDependencies) {
    this.#mapping = mapping;
    this.#stream = stream;
    this.#shard = shard;
    this.#deps = deps;
    this.#filter = recordFilter(mapping.settings.filterCriteria, deps.compilePattern);
  }

  start(): void {
    this.#running = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#interrupt?.();
    await this.#running;
  }

  /** Records were appended to the stream. */
  notify(): void {
    this.#wake?.();
  }

  isIdle(): boolean {
    if (this.#stopped || this.#state === 'clock-wait') return true;
    if (this.#state === 'busy') return false;
    return this.#read(1).length === 0;
  }

  #read(limit: number): StoredKinesisRecord[] {
    const nowMs = this.#deps.clock.now();
    const retentionStartMs = nowMs - this.#stream.retentionHours * 3_600_000;
    return this.#deps.kinesisStore.readRecords(this.#stream.id, this.#shard.index, this.#afterPosition, retentionStartMs, limit);
  }

  /** Waits for new records, or until `untilMs` on the clock when given. */
  #sleep(untilMs?: number): Promise<void> {
    this.#state = untilMs === undefined ? 'waiting' : 'clock-wait';
    return new Promise<void>((resolve) => {
      let timer: ClockTimer | undefined;
      const done = () => {
        timer?.cancel();
        this.#wake = undefined;
        this.#interrupt = undefined;
        this.#state = 'busy';
        resolve();
      };
      this.#wake = untilMs === undefined ? done : undefined;
      this.#interrupt = done;
      if (untilMs !== undefined) timer = this.#deps.clock.at(untilMs, done);
      if (this.#stopped) done();
    });
  }

  async #initialPosition(): Promise<number> {
    const { mappings, kinesisStore } = this.#deps;
    const saved = mappings.getCheckpoint(this.#mapping.uuid, this.#shard.shardId);
    if (saved !== undefined) return parseSequenceNumber(saved)?.position ?? 0;
    const settings = this.#mapping.settings;
    let position = 0;
    if (settings.startingPosition === 'LATEST') position = kinesisStore.lastPosition(this.#stream.id, this.#shard.index);
    if (settings.startingPosition === 'AT_TIMESTAMP') {
      position = kinesisStore.positionBefore(
        this.#stream.id,
        this.#shard.index,
        (settings.startingPositionTimestampSeconds ?? 0) * 1000,
      );
    }
    // Fixed once: LATEST means the tip when the mapping started, not when the process restarts.
    await mappings.setCheckpoint(this.#mapping.uuid, this.#shard.shardId, this.#sequenceNumber(position));
    return position;
  }

  #sequenceNumber(position: number): string {
    return sequenceNumber(this.#stream.createdAtMs, this.#shard.index, position);
  }

  get #windowSeconds(): number {
    return this.#mapping.settings.tumblingWindowInSeconds ?? 0;
  }

  async #run(): Promise<void> {
    const settings = this.#mapping.settings;
    const factor = settings.parallelizationFactor ?? 1;
    try {
      this.#afterPosition = await this.#initialPosition();
      if (this.#windowSeconds > 0) {
        await this.#runWindowed();
        return;
      }
      while (!this.#stopped) {
        let stored = this.#read(settings.batchSize * factor);
        if (stored.length === 0) {
          await this.#sleep();
          continue;
        }
        if (settings.maximumBatchingWindowInSeconds > 0 && stored.length < settings.batchSize) {
          const windowEndMs = this.#deps.clock.now() + settings.maximumBatchingWindowInSeconds * 1000;
          while (!this.#stopped && stored.length < settings.batchSize && this.#deps.clock.now() < windowEndMs) {
            await this.#windowWait(windowEndMs);
            stored = this.#read(settings.batchSize * factor);
          }
          if (this.#stopped) break;
        }
        const records: PendingRecord[] = stored.map((r) => ({
          position: r.position,
          sequenceNumber: this.#sequenceNumber(r.position),
          partitionKey: r.partitionKey,
          data: r.data,
          arrivalMs: r.arrivalMs,
        }));
        const lanes = lanesByPartitionKey(records, factor);
        await Promise.all(lanes.map((lane) => this.#processLane(lane, factor === 1)));
        if (this.#stopped) break;
        const last = records[records.length - 1]!;
        if (last.position > this.#afterPosition) await this.#commit(last.position);
      }
    } catch (error) {
      if (!this.#stopped)
        this.#deps.log(`Event source mapping ${this.#mapping.uuid} (${this.#shard.shardId}): ${(error as Error).message}`);
    } finally {
      this.#state = 'waiting';
      this.#stopped = true;
    }
  }

  /**
   * The tumbling-window loop: batches never span two windows and run one at a time in shard order (the
   * state is per shard, so ParallelizationFactor does not split them); a window whose end has passed on
   * the clock, with no unread record of it left, gets its final invocation before anything newer.
   */
  async #runWindowed(): Promise<void> {
    const settings = this.#mapping.settings;
    this.#window = parseWindow(this.#deps.mappings.getTumblingWindow(this.#mapping.uuid, this.#shard.shardId));
    while (!this.#stopped) {
      if (this.#window?.terminatedEarly) {
        await this.#finishWindow();
        continue;
      }
      let stored = this.#read(settings.batchSize);
      if (this.#window && windowEnded(this.#window, this.#deps.clock.now(), stored[0]?.arrivalMs)) {
        await this.#finishWindow();
        continue;
      }
      if (stored.length === 0) {
        await (this.#window ? this.#windowWait(this.#window.endMs) : this.#sleep());
        continue;
      }
      this.#window ??= openWindow(stored[0]!.arrivalMs, this.#windowSeconds);
      const window = this.#window;
      const inWindow = () => recordsInWindow(stored, window);
      if (settings.maximumBatchingWindowInSeconds > 0 && inWindow() < settings.batchSize) {
        // Gathering stops at the tumbling window's end too: later records belong to the next window.
        const untilMs = Math.min(this.#deps.clock.now() + settings.maximumBatchingWindowInSeconds * 1000, window.endMs);
        while (!this.#stopped && stored.length < settings.batchSize && this.#deps.clock.now() < untilMs) {
          await this.#windowWait(untilMs);
          stored = this.#read(settings.batchSize);
        }
        if (this.#stopped) break;
      }
      const batch = stored.slice(0, inWindow()).map((r) => this.#pending(r));
      await this.#processBatch(batch, true);
    }
  }

  #pending(r: StoredKinesisRecord): PendingRecord {
    return {
      position: r.position,
      sequenceNumber: this.#sequenceNumber(r.position),
      partitionKey: r.partitionKey,
      data: r.data,
      arrivalMs: r.arrivalMs,
    };
  }

  /**
   * The window's final invocation (no records, the window's state, isFinalInvokeForWindow). AWS suspends
   * the shard until it succeeds, so it is retried on the clock without limit. An early-terminated window
   * stays open with a fresh state; an ended one is dropped, in the same statement as the checkpoint.
   */
  async #finishWindow(): Promise<void> {
    const window = this.#window!;
    let retryDelayMs = FIRST_RETRY_DELAY_MS;
    while (!this.#stopped) {
      const event = windowEvent({ records: [], window, shardId: this.#shard.shardId, streamArn: this.#stream.arn, final: true });
      let succeeded = false;
      try {
        const result = await this.#deps.invoke(this.#mapping, Buffer.from(JSON.stringify(event)));
        succeeded = !result.functionError && readWindowResponse(result.payload).kind === 'ok';
      } catch (error) {
        this.#deps.log(`Event source mapping ${this.#mapping.uuid}: ${(error as Error).message}`);
      }
      if (succeeded) {
        void this.#deps.mappings.setLastProcessingResult(this.#mapping.uuid, 'OK');
        this.#window = window.terminatedEarly ? { ...window, state: {}, terminatedEarly: false } : undefined;
        await this.#commit(this.#afterPosition);
        return;
      }
      void this.#deps.mappings.setLastProcessingResult(this.#mapping.uuid, 'PROBLEM: Function call failed');
      await this.#sleep(this.#deps.clock.now() + retryDelayMs);
      retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
    }
  }

  /** During a batching window: wake on new records or at the window's end, whichever is first. */
  #windowWait(untilMs: number): Promise<void> {
    this.#state = 'clock-wait';
    return new Promise<void>((resolve) => {
      const done = () => {
        timer.cancel();
        this.#wake = undefined;
        this.#interrupt = undefined;
        this.#state = 'busy';
        resolve();
      };
      const timer = this.#deps.clock.at(untilMs, done);
      this.#wake = done;
      this.#interrupt = done;
      if (this.#stopped) done();
    });
  }

  /** Moves the checkpoint; the open tumbling window (or its absence) goes in the same write. */
  async #commit(position: number): Promise<void> {
    this.#afterPosition = Math.max(this.#afterPosition, position);
    // Without tumbling windows any window left from an earlier setting is dropped.
    const window = this.#window ? serializeWindow(this.#window) : null;
    await this.#deps.mappings.setCheckpoint(
      this.#mapping.uuid,
      this.#shard.shardId,
      this.#sequenceNumber(this.#afterPosition),
      window,
    );
  }

  async #processLane(lane: PendingRecord[], checkpointAsWeGo: boolean): Promise<void> {
    const batchSize = this.#mapping.settings.batchSize;
    for (let i = 0; i < lane.length && !this.#stopped; i += batchSize) {
      await this.#processBatch(lane.slice(i, i + batchSize), checkpointAsWeGo);
    }
  }

  /** Processes one batch to the end: every record succeeds or is discarded (sent to the destination). */
  async #processBatch(batch: PendingRecord[], checkpointAsWeGo: boolean): Promise<void> {
    const settings = this.#mapping.settings;
    const pieces: Piece[] = [{ records: batch, retriesUsed: 0, invokeCount: 0 }];
    let retryDelayMs = FIRST_RETRY_DELAY_MS;
    while (pieces.length > 0 && !this.#stopped) {
      // A state over AWS's limit ends the window early: its final invocation comes before the next batch.
      if (this.#window?.terminatedEarly) {
        await this.#finishWindow();
        continue;
      }
      const piece = pieces[0]!;
      const oldestAgeSeconds = (this.#deps.clock.now() - piece.records[0]!.arrivalMs) / 1000;
      const maxAge = settings.maximumRecordAgeInSeconds ?? -1;
      if (maxAge !== -1 && oldestAgeSeconds > maxAge) {
        pieces.shift();
        await this.#discard(piece, 'RecordAgeExceeded', undefined, checkpointAsWeGo);
        continue;
      }
      const passing = piece.records.filter((r) => this.#filter(kinesisFilterView(this.#eventRecord(r))));
      if (passing.length === 0) {
        pieces.shift();
        if (checkpointAsWeGo) await this.#commit(piece.records[piece.records.length - 1]!.position);
        continue;
      }
      let result: EsmInvokeResult;
      try {
        const records = passing.map((r) => this.#eventRecord(r));
        const event = this.#window
          ? windowEvent({
              records,
              window: this.#window,
              shardId: this.#shard.shardId,
              streamArn: this.#stream.arn,
              final: false,
            })
          : { Records: records };
        result = await this.#deps.invoke(this.#mapping, Buffer.from(JSON.stringify(event)));
      } catch (error) {
        // Throttled or not runnable: retried without using up retries, until the records age out.
        this.#deps.log(`Event source mapping ${this.#mapping.uuid}: ${(error as Error).message}`);
        await this.#sleep(this.#deps.clock.now() + retryDelayMs);
        retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
        continue;
      }
      piece.invokeCount += 1;
      let failedFrom: number | undefined;
      let partial = false;
      // Tumbling windows: an answer without a `state` object is a failed invocation.
      const windowed = this.#window && !result.functionError ? readWindowResponse(result.payload) : undefined;
      if (result.functionError || windowed?.kind === 'failure') failedFrom = 0;
      else if (settings.functionResponseTypes.includes('ReportBatchItemFailures')) {
        const outcome = readBatchItemFailures(result.payload, new Set(passing.map((r) => r.sequenceNumber)));
        if (outcome.kind === 'failure') failedFrom = 0;
        if (outcome.kind === 'partial') {
          partial = true;
          const lowest = outcome.itemIdentifiers.reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b));
          failedFrom = piece.records.findIndex((r) => r.sequenceNumber === lowest);
        }
      }
      if (windowed?.kind === 'ok' && failedFrom !== 0) {
        // The state covers what succeeded; it is saved with the checkpoint that moves past those records.
        this.#window = { ...this.#window!, state: windowed.state, terminatedEarly: windowed.stateBytes > MAX_WINDOW_STATE_BYTES };
      }
      if (failedFrom === undefined) {
        pieces.shift();
        void this.#deps.mappings.setLastProcessingResult(this.#mapping.uuid, 'OK');
        if (checkpointAsWeGo) await this.#commit(piece.records[piece.records.length - 1]!.position);
        retryDelayMs = FIRST_RETRY_DELAY_MS;
        continue;
      }
      void this.#deps.mappings.setLastProcessingResult(this.#mapping.uuid, 'PROBLEM: Function call failed');
      if (failedFrom > 0) {
        // Checkpoint before the lowest reported record; the rest is the batch from now on.
        if (checkpointAsWeGo) await this.#commit(piece.records[failedFrom - 1]!.position);
        piece.records = piece.records.slice(failedFrom);
      }
      const step = afterFailure({
        size: piece.records.length,
        // A partial report already split the batch at the reported record; only whole failures bisect.
        bisect: (settings.bisectBatchOnFunctionError ?? false) && !partial,
        retriesUsed: piece.retriesUsed,
        maximumRetryAttempts: settings.maximumRetryAttempts ?? -1,
        oldestAgeSeconds: (this.#deps.clock.now() - piece.records[0]!.arrivalMs) / 1000,
        maximumRecordAgeInSeconds: maxAge,
      });
      if (step.kind === 'discard') {
        pieces.shift();
        await this.#discard(piece, step.condition, result, checkpointAsWeGo);
      } else if (step.kind === 'bisect') {
        pieces.shift();
        const [first] = step.halves;
        pieces.unshift(
          { records: piece.records.slice(0, first), retriesUsed: piece.retriesUsed, invokeCount: piece.invokeCount },
          { records: piece.records.slice(first), retriesUsed: piece.retriesUsed, invokeCount: piece.invokeCount },
        );
      } else {
        piece.retriesUsed += 1;
        await this.#sleep(this.#deps.clock.now() + retryDelayMs);
        retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }

  #eventRecord(record: PendingRecord): Record<string, unknown> {
    return kinesisEventRecord(record, {
      shardId: this.#shard.shardId,
      streamArn: this.#stream.arn,
      region: this.#stream.region,
      invokeIdentityArn: this.#deps.roleOf(this.#mapping.functionArn),
    });
  }

  /** Skips a piece: the failure record goes out in the same transaction as the checkpoint past it. */
  async #discard(
    piece: Piece,
    condition: StreamFailureCondition,
    last: EsmInvokeResult | undefined,
    checkpoint: boolean,
  ): Promise<void> {
    const destination = this.#mapping.settings.onFailureDestination;
    const writes: Promise<void>[] = [];
    if (destination) {
      const record = streamFailureRecord({
        requestId: last?.requestId ?? randomUUID(),
        functionArn: this.#mapping.functionArn.split(':').slice(0, 7).join(':'),
        condition,
        approximateInvokeCount: piece.invokeCount,
        ...(last && condition !== 'RecordAgeExceeded'
          ? { response: { executedVersion: last.executedVersion, functionError: last.functionError ?? null } }
          : {}),
        timestampMs: this.#deps.clock.now(),
        shardId: this.#shard.shardId,
        streamArn: this.#stream.arn,
        records: piece.records,
      });
      const body = JSON.stringify(record);
      writes.push(
        destination.split(':')[2] === 'sns'
          ? this.#deps.targets.publishToTopic(destination, body)
          : this.#deps.targets.sendToQueue(destination, body),
      );
    }
    if (checkpoint) writes.push(this.#commit(piece.records[piece.records.length - 1]!.position));
    const results = await Promise.allSettled(writes);
    for (const result of results) {
      if (result.status === 'rejected')
        this.#deps.log(`Event source mapping ${this.#mapping.uuid}: on-failure destination: ${(result.reason as Error).message}`);
    }
  }
}
