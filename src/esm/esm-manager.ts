/**
 * Runs the pollers of every enabled event source mapping: started with Onward, restarted when a mapping
 * changes, stopped when it is disabled or deleted. Under the manual clock it is a quiescer: an advance
 * waits until every batch that can run has run.
 */
import type { Clock } from '../clock/clock.ts';
import type { EventSourceMappingRecord, EventSourceMappingStore } from '../store/event-source-mapping-store.ts';
import type { KinesisStore } from '../store/kinesis-store.ts';
import type { SqsStore } from '../store/sqs-store.ts';
import type { AwsService } from '../services/service.ts';
import { parseStreamArn } from '../services/kinesis/kinesis-context.ts';
import type { InternalTargets } from '../services/targets/internal-targets.ts';
import { nextTurn, type EsmInvoker, type PatternCompiler } from './esm-ports.ts';
import { KinesisShardPoller } from './kinesis-poller.ts';
import { SqsPoller } from './sqs-poller.ts';

export interface EsmManagerDependencies {
  mappings: EventSourceMappingStore;
  sqs: AwsService;
  sqsStore: SqsStore;
  kinesisStore: KinesisStore;
  clock: Clock;
  invoke: EsmInvoker;
  targets: InternalTargets;
  compilePattern?: PatternCompiler;
  roleOf: (functionArn: string) => string;
  log: (line: string) => void;
}

interface Running {
  /** The mapping as the pollers were started with it (a change restarts them). */
  version: string;
  streamId: number | undefined;
  pollers: Array<SqsPoller | KinesisShardPoller>;
}

export class EsmManager {
  readonly #deps: EsmManagerDependencies;
  readonly #running = new Map<string, Running>();
  /** Serialises starts and stops per mapping. */
  #syncing: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(deps: EsmManagerDependencies) {
    this.#deps = deps;
  }

  start(): void {
    for (const mapping of this.#deps.mappings.listAll()) this.changed(mapping.uuid);
  }

  /** A mapping was created, updated or deleted. */
  changed(uuid: string): void {
    this.#syncing = this.#syncing
      .then(() => this.#sync(uuid))
      .catch((error: unknown) => this.#deps.log(`Event source mapping ${uuid}: ${(error as Error).message}`));
  }

  /** Records were appended to a Kinesis stream. */
  recordsAppended(streamId: number): void {
    for (const running of this.#running.values()) {
      if (running.streamId !== streamId) continue;
      for (const poller of running.pollers) if (poller instanceof KinesisShardPoller) poller.notify();
    }
  }

  async idle(): Promise<void> {
    for (;;) {
      await this.#syncing;
      const busy = [...this.#running.values()].some((r) => r.pollers.some((p) => !p.isIdle()));
      if (!busy) return;
      await nextTurn();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#syncing;
    await Promise.all([...this.#running.values()].flatMap((r) => r.pollers.map((p) => p.stop())));
    this.#running.clear();
  }

  async #sync(uuid: string): Promise<void> {
    if (this.#stopped) return;
    const mapping = this.#deps.mappings.get(uuid);
    const version = mapping ? JSON.stringify([mapping.functionArn, mapping.enabled, mapping.settings]) : '';
    const current = this.#running.get(uuid);
    if (current && current.version === version) return;
    if (current) {
      this.#running.delete(uuid);
      await Promise.all(current.pollers.map((p) => p.stop()));
    }
    if (!mapping || !mapping.enabled) return;
    const running = this.#pollersFor(mapping, version);
    if (!running) return;
    this.#running.set(uuid, running);
    for (const poller of running.pollers) poller.start();
  }

  #pollersFor(mapping: EventSourceMappingRecord, version: string): Running | undefined {
    const d = this.#deps;
    if (mapping.kind === 'sqs') {
      const poller = new SqsPoller(mapping, {
        sqs: d.sqs,
        sqsStore: d.sqsStore,
        clock: d.clock,
        invoke: d.invoke,
        compilePattern: d.compilePattern,
        log: d.log,
      });
      return { version, streamId: undefined, pollers: [poller] };
    }
    const key = parseStreamArn(mapping.eventSourceArn);
    const stream = key ? d.kinesisStore.getStream(key) : undefined;
    if (!stream) return undefined;
    const pollers = stream.shards.map(
      (shard) =>
        new KinesisShardPoller(mapping, stream, shard, {
          kinesisStore: d.kinesisStore,
          mappings: d.mappings,
          clock: d.clock,
          invoke: d.invoke,
          targets: d.targets,
          compilePattern: d.compilePattern,
          roleOf: d.roleOf,
          log: d.log,
        }),
    );
    return { version, streamId: stream.id, pollers };
  }
}
