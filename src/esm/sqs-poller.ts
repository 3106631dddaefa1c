/**
 * One SQS event source mapping at work: `lanes` concurrent loops, each receiving a batch through SQS's
 * own ReceiveMessage (long polling, redrive included), invoking the function synchronously and deleting
 * what succeeded. FIFO ordering comes from SQS itself: a group with messages in flight is not received
 * again, so no two lanes ever hold the same group.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { EventSourceMappingRecord } from '../store/event-source-mapping-store.ts';
import type { SqsStore } from '../store/sqs-store.ts';
import { internalRequest, type AwsService } from '../services/service.ts';
import { parseQueueArn } from '../services/sqs/queue-url.ts';
import { readBatchItemFailures } from './batch-item-failures.ts';
import { recordFilter, type EsmInvoker, type PatternCompiler } from './esm-ports.ts';
import { sqsEventRecord, sqsFilterView, type ReceivedSqsMessage } from './sqs-event.ts';

/** Concurrent batches of a standard queue before ScalingConfig caps it (AWS starts with 5 pollers). */
export const DEFAULT_SQS_CONCURRENCY = 5;
const RECEIVE_MAX = 10;
const LONG_POLL_SECONDS = 20;
/** Real time between attempts when the queue cannot be read (deleted, say). */
const ERROR_PAUSE_MS = 1000;

export interface SqsPollerDependencies {
  sqs: AwsService;
  sqsStore: SqsStore;
  clock: Clock;
  invoke: EsmInvoker;
  compilePattern: PatternCompiler | undefined;
  log: (line: string) => void;
}

export class SqsPoller {
  readonly #mapping: EventSourceMappingRecord;
  readonly #deps: SqsPollerDependencies;
  readonly #abort = new AbortController();
  /** Whether each lane holds work (receiving, gathering a batch, invoking, deleting). */
  readonly #busy: boolean[] = [];
  /** The queue's counts when a lane last found nothing to receive. */
  #countsWhenIdle = '';
  /** Ends each idle lane's wait. */
  readonly #waits: Array<AbortController | undefined> = [];
  readonly #queueUrl: string;
  readonly #filter: (view: unknown) => boolean;
  #running: Promise<void>[] = [];

  constructor(mapping: EventSourceMappingRecord, deps: SqsPollerDependencies) {
    this.#mapping = mapping;
    this.#deps = deps;
    const queue = parseQueueArn(mapping.eventSourceArn)!;
    this.#queueUrl = `/${queue.accountId}/${queue.name}`;
    this.#filter = recordFilter(mapping.settings.filterCriteria, deps.compilePattern);
  }

  start(): void {
    const lanes = this.#mapping.settings.scalingConfig?.MaximumConcurrency ?? DEFAULT_SQS_CONCURRENCY;
    for (let i = 0; i < lanes; i += 1) {
      this.#busy.push(true);
      this.#running.push(this.#lane(i));
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#running);
  }

  /**
   * Idle: no lane holds work, and the queue's counts are what the last lane to go idle saw when it found
   * nothing to receive (a send, receive or delete since then means work may be under way). When the
   * counts moved while every lane waits (a long poll moved a message to the dead-letter queue and went
   * on waiting), the waiting lanes are woken to look again rather than left until their poll times out.
   */
  isIdle(): boolean {
    if (this.#abort.signal.aborted) return true;
    if (this.#busy.some((busy) => busy)) return false;
    if (this.#counts() === this.#countsWhenIdle) return true;
    this.#waits.forEach((wait, index) => {
      if (!wait) return;
      this.#busy[index] = true;
      wait.abort();
    });
    return false;
  }

  #counts(): string {
    const queue = this.#queue();
    if (!queue) return 'gone';
    const { visible, notVisible, delayed } = this.#deps.sqsStore.countMessages(queue.id, this.#deps.clock.now());
    return `${visible}/${notVisible}/${delayed}`;
  }

  #queue() {
    const key = parseQueueArn(this.#mapping.eventSourceArn)!;
    return this.#deps.sqsStore.getQueue({ accountId: key.accountId, region: key.region, name: key.name });
  }

  #request(signal: AbortSignal = this.#abort.signal) {
    return { ...internalRequest(this.#mapping.accountId, this.#mapping.region, randomUUID()), signal };
  }

  async #receive(maxMessages: number, waitSeconds: number, signal?: AbortSignal): Promise<ReceivedSqsMessage[]> {
    const output = (await this.#deps.sqs.operations.ReceiveMessage!(
      {
        QueueUrl: this.#queueUrl,
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitSeconds,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      },
      this.#request(signal),
    )) as { Messages?: ReceivedSqsMessage[] } | undefined;
    return output?.Messages ?? [];
  }

  /**
   * Waits for messages as an idle lane: a long poll (woken by sends), cut short by a clock timer when a
   * message in flight becomes visible again or the batching window ends. The timer marks the lane busy
   * inside the clock task, so an advance never sees it idle between the wake-up and the receive.
   */
  async #idleReceive(index: number, maxMessages: number, untilMs: number | undefined): Promise<ReceivedSqsMessage[]> {
    const { clock, sqsStore } = this.#deps;
    const queue = this.#queue();
    if (!queue) return [];
    this.#countsWhenIdle = this.#counts();
    this.#busy[index] = false;
    const wakeAtMs = [sqsStore.nextVisibleAtMs(queue.id, clock.now()), untilMs].filter((t) => t !== undefined);
    const wait = new AbortController();
    this.#waits[index] = wait;
    const onStop = () => wait.abort();
    this.#abort.signal.addEventListener('abort', onStop);
    const timer =
      wakeAtMs.length > 0
        ? clock.at(Math.min(...wakeAtMs), () => {
            this.#busy[index] = true;
            wait.abort();
          })
        : undefined;
    try {
      return await this.#receive(maxMessages, LONG_POLL_SECONDS, wait.signal);
    } finally {
      this.#waits[index] = undefined;
      timer?.cancel();
      this.#abort.signal.removeEventListener('abort', onStop);
      this.#busy[index] = true;
    }
  }

  async #lane(index: number): Promise<void> {
    const { clock } = this.#deps;
    const settings = this.#mapping.settings;
    while (!this.#abort.signal.aborted) {
      try {
        this.#busy[index] = true;
        const batch = await this.#receive(Math.min(RECEIVE_MAX, settings.batchSize), 0);
        if (batch.length === 0) {
          batch.push(...(await this.#idleReceive(index, Math.min(RECEIVE_MAX, settings.batchSize), undefined)));
          if (batch.length === 0) continue;
        }
        const windowEndMs = clock.now() + settings.maximumBatchingWindowInSeconds * 1000;
        while (batch.length < settings.batchSize && !this.#abort.signal.aborted) {
          const wanted = Math.min(RECEIVE_MAX, settings.batchSize - batch.length);
          const more = await this.#receive(wanted, 0);
          if (more.length > 0) {
            batch.push(...more);
            continue;
          }
          if (clock.now() >= windowEndMs) break;
          // Gathering: more messages or the end of the window (clock time), whichever comes first.
          batch.push(...(await this.#idleReceive(index, wanted, windowEndMs)));
        }
        await this.#process(batch);
      } catch (error) {
        if (this.#abort.signal.aborted) break;
        // The queue is gone or unreadable: say so, look again in a second (or once the queue changes).
        this.#deps.log(`Event source mapping ${this.#mapping.uuid}: ${(error as Error).message}`);
        this.#countsWhenIdle = this.#counts();
        this.#busy[index] = false;
        const pause = new AbortController();
        this.#waits[index] = pause;
        const onStop = () => pause.abort();
        this.#abort.signal.addEventListener('abort', onStop);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ERROR_PAUSE_MS);
          pause.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        this.#abort.signal.removeEventListener('abort', onStop);
        this.#waits[index] = undefined;
      }
    }
    this.#busy[index] = false;
  }

  async #process(messages: ReceivedSqsMessage[]): Promise<void> {
    const mapping = this.#mapping;
    const records = messages.map((m) => sqsEventRecord(m, mapping.eventSourceArn, parseQueueArn(mapping.eventSourceArn)!.region));
    const passing = records.filter((r) => this.#filter(sqsFilterView(r)));
    // Records a filter drops are deleted, as Lambda does.
    const filteredOut = records.filter((r) => !passing.includes(r)).map((r) => r.receiptHandle as string);
    if (passing.length === 0) {
      await this.#delete(filteredOut);
      return;
    }
    let result;
    try {
      result = await this.#deps.invoke(mapping, Buffer.from(JSON.stringify({ Records: passing })));
    } catch (error) {
      // Throttled or unable to run: the batch comes back after the visibility timeout.
      this.#deps.log(`Event source mapping ${mapping.uuid}: ${(error as Error).message}`);
      await this.#delete(filteredOut);
      return;
    }
    if (result.functionError) {
      await this.#delete(filteredOut);
      return;
    }
    let failedIds = new Set<string>();
    if (mapping.settings.functionResponseTypes.includes('ReportBatchItemFailures')) {
      const outcome = readBatchItemFailures(result.payload, new Set(passing.map((r) => r.messageId as string)));
      if (outcome.kind === 'failure') {
        await this.#delete(filteredOut);
        return;
      }
      if (outcome.kind === 'partial') failedIds = new Set(outcome.itemIdentifiers);
    }
    const succeeded = passing.filter((r) => !failedIds.has(r.messageId as string)).map((r) => r.receiptHandle as string);
    await this.#delete([...filteredOut, ...succeeded]);
  }

  async #delete(receiptHandles: string[]): Promise<void> {
    for (let i = 0; i < receiptHandles.length; i += RECEIVE_MAX) {
      const entries = receiptHandles.slice(i, i + RECEIVE_MAX).map((handle, n) => ({ Id: String(n), ReceiptHandle: handle }));
      await this.#deps.sqs.operations.DeleteMessageBatch!({ QueueUrl: this.#queueUrl, Entries: entries }, this.#request());
    }
  }
}
