/**
 * HTTP/HTTPS deliveries in the background: rows of the store's delivery table are posted when due (the
 * clock says when), retried per the subscription's effective delivery policy, and moved to the
 * subscription's dead-letter queue (or dropped) when the retries are spent. Rows survive restarts.
 */
import type { Clock, ClockTimer } from '../../clock/clock.ts';
import type { SnsHttpDelivery, SnsStore } from '../../store/sns-store.ts';
import { effectiveRetryPolicy, retryDelaySeconds } from './delivery-policy.ts';
import { redrive } from './fan-out.ts';
import type { SnsContext } from './sns-context.ts';

/** AWS waits 15 s for an endpoint's answer. */
const REQUEST_TIMEOUT_MS = 15_000;
const BATCH = 16;

export class HttpDeliveries {
  readonly #context: () => SnsContext;
  readonly #store: SnsStore;
  readonly #clock: Clock;
  #timer: (ClockTimer & { atMs: number }) | undefined;
  #draining: Promise<void> | undefined;
  #again = false;
  #kickScheduled = false;
  #stopped = false;
  readonly #abort = new AbortController();

  constructor(store: SnsStore, clock: Clock, context: () => SnsContext) {
    this.#store = store;
    this.#clock = clock;
    this.#context = context;
  }

  /** Resumes what a previous process left. */
  start(): void {
    this.kick();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#abort.abort();
  }

  /** Drains once the current turn (whose writes enqueued rows) has committed. */
  kick(): void {
    if (this.#kickScheduled || this.#stopped) return;
    this.#kickScheduled = true;
    setImmediate(() => {
      this.#kickScheduled = false;
      void this.drain();
    });
  }

  /** Resolves when nothing due is left to post (the manual clock's quiescer). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#kickScheduled) await new Promise((resolve) => setImmediate(resolve));
      if (this.#draining) {
        await this.#draining;
        continue;
      }
      if (this.#stopped) return;
      const next = this.#store.nextDeliveryDueAtMs();
      if (next === undefined || next > this.#clock.now()) return;
      await this.drain();
    }
  }

  drain(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    const run = this.#drainDue().catch((error: unknown) => {
      this.#context().log(`SNS HTTP deliveries failed: ${(error as Error).message}`);
    });
    this.#draining = run;
    void run.finally(() => {
      if (this.#draining === run) this.#draining = undefined;
      this.#arm();
    });
    return run;
  }

  async #drainDue(): Promise<void> {
    do {
      this.#again = false;
      for (;;) {
        const due = this.#store.dueDeliveries(this.#clock.now(), BATCH);
        if (due.length === 0 || this.#stopped) break;
        await Promise.all(due.map((delivery) => this.#attempt(delivery)));
      }
    } while (this.#again && !this.#stopped);
  }

  #arm(): void {
    if (this.#stopped) return;
    const next = this.#store.nextDeliveryDueAtMs();
    if (next === undefined) return;
    if (this.#timer && this.#timer.atMs <= next) return;
    this.#timer?.cancel();
    const timer = this.#clock.at(next, () => {
      if (this.#timer === handle) this.#timer = undefined;
      return this.drain();
    });
    const handle = { atMs: next, cancel: () => timer.cancel() };
    this.#timer = handle;
  }

  async #attempt(delivery: SnsHttpDelivery): Promise<void> {
    const context = this.#context();
    const subscription = this.#store.getSubscription(delivery.subscriptionArn);
    if (!subscription) {
      await this.#store.finishDelivery(delivery.id);
      return;
    }
    const raw = delivery.kind === 'Notification' && subscription.attributes.RawMessageDelivery === 'true';
    const headers: Record<string, string> = {
      'Content-Type': delivery.contentType,
      'User-Agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': delivery.kind,
      'x-amz-sns-message-id': delivery.messageId,
      'x-amz-sns-topic-arn': delivery.topicArn,
    };
    if (delivery.kind === 'Notification') headers['x-amz-sns-subscription-arn'] = delivery.subscriptionArn;
    if (raw) headers['x-amz-sns-rawdelivery'] = 'true';
    let problem: string | undefined;
    try {
      const response = await fetch(delivery.endpoint, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status > 299) problem = `HTTP ${response.status}`;
    } catch (error) {
      problem = (error as Error).message;
    }
    if (this.#stopped) return;
    if (problem === undefined) {
      await this.#store.finishDelivery(delivery.id);
      return;
    }
    const topic = this.#store.getTopic(delivery.topicArn);
    const policy = effectiveRetryPolicy(subscription.attributes.DeliveryPolicy, topic?.attributes.DeliveryPolicy);
    const attempts = delivery.attempts + 1;
    const delaySeconds = retryDelaySeconds(policy, attempts);
    if (delaySeconds !== undefined) {
      await this.#store.rescheduleDelivery(delivery.id, attempts, this.#clock.now() + delaySeconds * 1000);
      return;
    }
    // Retries spent: the row goes and, for notifications, the message moves to the DLQ in the same commit.
    const writes: Promise<unknown>[] = [this.#store.finishDelivery(delivery.id)];
    if (delivery.kind === 'Notification') {
      writes.push(redrive(context, subscription, delivery.body, {}, new Error(`${delivery.endpoint} answered ${problem}`)));
    } else {
      context.log(
        `SNS could not deliver the SubscriptionConfirmation of ${subscription.arn} to ${delivery.endpoint}: ${problem}`,
      );
    }
    await Promise.all(writes);
  }
}
