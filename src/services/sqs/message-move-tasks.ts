/**
 * Message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask): redrive the
 * messages of a dead-letter queue back to a queue, at most N per second of the clock. Tasks are durable
 * and a restarted process resumes the running ones.
 */
import { randomUUID } from 'node:crypto';
import type { MoveDestination, MoveTaskRecord } from '../../store/sqs-store.ts';
import { optionalInteger, optionalString, requiredString } from '../input.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { InvalidParameterValue, ResourceNotFoundException } from './errors.ts';
import { parseRedrivePolicy } from './queue-attributes.ts';
import { parseQueueArn } from './queue-url.ts';
import { SQS_INPUT_ERRORS, arnOf, type SqsContext } from './sqs-context.ts';

/** Messages moved per step when the task has no rate limit. */
const UNLIMITED_BATCH = 1000;
const ARN_FORMAT = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

interface TaskHandle {
  taskId: string;
  sourceArn: string;
}

export function encodeTaskHandle(handle: TaskHandle): string {
  return Buffer.from(JSON.stringify(handle), 'utf8').toString('base64');
}

export function decodeTaskHandle(raw: string): TaskHandle | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Partial<TaskHandle>;
    if (typeof parsed.taskId === 'string' && typeof parsed.sourceArn === 'string')
      return { taskId: parsed.taskId, sourceArn: parsed.sourceArn };
  } catch {
    // not a handle Onward made
  }
  return undefined;
}

/** A task as ListMessageMoveTasks shows it: the handle only while running, optional members only when set. */
export function moveTaskResult(task: MoveTaskRecord): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (task.status === 'RUNNING') result.TaskHandle = encodeTaskHandle({ taskId: task.taskId, sourceArn: task.sourceArn });
  result.Status = task.status;
  result.SourceArn = task.sourceArn;
  if (task.destinationArn) result.DestinationArn = task.destinationArn;
  if (task.maxNumberOfMessagesPerSecond !== null) result.MaxNumberOfMessagesPerSecond = task.maxNumberOfMessagesPerSecond;
  result.ApproximateNumberOfMessagesMoved = task.movedCount;
  result.ApproximateNumberOfMessagesToMove = task.toMoveCount;
  if (task.failureReason) result.FailureReason = task.failureReason;
  result.StartedTimestamp = task.startedAtMs;
  return result;
}

export interface MoveTaskRunner {
  operations: Record<string, OperationHandler>;
  /** Resumes the tasks a previous process left running. */
  resume(): void;
  stop(): void;
}

export function messageMoveTasks(sqs: SqsContext): MoveTaskRunner {
  const { store, clock } = sqs;
  let stopped = false;

  function queueByArn(arn: string, parameter: 'SourceArn' | 'DestinationArn') {
    if (!ARN_FORMAT.test(arn)) {
      throw InvalidParameterValue(
        `You must use this format to specify the ${parameter}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`,
      );
    }
    const parsed = parseQueueArn(arn);
    const queue = parsed && store.getQueue({ accountId: parsed.accountId, region: parsed.region, name: parsed.name });
    if (!queue) throw ResourceNotFoundException(`The resource that you specified for the ${parameter} parameter doesn't exist.`);
    return queue;
  }

  /** The queues messages go to; undefined when a queue they came from no longer exists. */
  function destinationOf(task: MoveTaskRecord): MoveDestination | undefined {
    if (task.destinationArn) {
      const parsed = parseQueueArn(task.destinationArn);
      const queue = parsed && store.getQueue({ accountId: parsed.accountId, region: parsed.region, name: parsed.name });
      return queue ? { queueId: queue.id } : undefined;
    }
    const bySourceArn: Record<string, number> = {};
    for (const arn of store.deadLetterSourcesOf(task.sourceQueueId, clock.now())) {
      if (arn === null) continue;
      const parsed = parseQueueArn(arn);
      const queue = parsed && store.getQueue({ accountId: parsed.accountId, region: parsed.region, name: parsed.name });
      if (!queue) return undefined;
      bySourceArn[arn] = queue.id;
    }
    return { bySourceArn };
  }

  async function step(taskId: string): Promise<void> {
    if (stopped) return;
    const task = store.getMoveTask(taskId);
    if (!task || task.status !== 'RUNNING') return;
    const destination = destinationOf(task);
    if (!destination) {
      await store.updateMoveTask(taskId, { status: 'FAILED', failureReason: 'AWS.SimpleQueueService.NonExistentQueue' });
      return;
    }
    const remaining = task.toMoveCount - task.movedCount;
    const batch = Math.min(task.maxNumberOfMessagesPerSecond ?? UNLIMITED_BATCH, remaining);
    const moved = batch > 0 ? await store.moveMessages(task.sourceQueueId, destination, batch, clock.now()) : 0;
    const movedCount = task.movedCount + moved;
    if (moved > 0) {
      if ('queueId' in destination) sqs.waiters.notify(destination.queueId);
      else for (const queueId of Object.values(destination.bySourceArn)) sqs.waiters.notify(queueId);
    }
    if (moved === 0 || movedCount >= task.toMoveCount) {
      await store.updateMoveTask(taskId, { status: 'COMPLETED', movedCount });
      return;
    }
    await store.updateMoveTask(taskId, { movedCount });
    schedule(task);
  }

  function schedule(task: MoveTaskRecord): void {
    const run = () => void step(task.taskId).catch(() => undefined);
    // A rate-limited task moves its next batch one second of the clock later; others go on at once.
    if (task.maxNumberOfMessagesPerSecond !== null) clock.at(clock.now() + 1000, run);
    else setImmediate(run);
  }

  async function StartMessageMoveTask(input: Record<string, unknown>, _request: RequestContext) {
    const sourceArn = requiredString(input, 'SourceArn', SQS_INPUT_ERRORS);
    const source = queueByArn(sourceArn, 'SourceArn');
    const destinationArn = optionalString(input, 'DestinationArn');
    if (destinationArn !== undefined) {
      if (destinationArn === sourceArn)
        throw InvalidParameterValue('Source queue arn and destination queue arn cannot be the same.');
      const destination = queueByArn(destinationArn, 'DestinationArn');
      if (destination.fifo !== source.fifo)
        throw InvalidParameterValue('The source queue and destination queue must be of the same queue type.');
    }
    const isDeadLetterQueue = store
      .listQueues(source.accountId, source.region, '')
      .some(
        (q) => q.attributes.RedrivePolicy && parseRedrivePolicy(q.attributes.RedrivePolicy).deadLetterTargetArn === sourceArn,
      );
    if (!isDeadLetterQueue) throw InvalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    const rawRate = input.MaxNumberOfMessagesPerSecond;
    const maxPerSecond = rawRate === undefined || rawRate === null ? undefined : Number(rawRate);
    if (maxPerSecond !== undefined && (!Number.isInteger(maxPerSecond) || maxPerSecond < 1 || maxPerSecond > 500)) {
      throw InvalidParameterValue(
        "Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.",
      );
    }
    if (store.listMoveTasks(sourceArn).some((t) => t.status === 'RUNNING')) {
      throw InvalidParameterValue(
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    }
    const task: MoveTaskRecord = {
      taskId: randomUUID(),
      sourceArn,
      sourceQueueId: source.id,
      destinationArn: destinationArn ?? null,
      maxNumberOfMessagesPerSecond: maxPerSecond ?? null,
      status: 'RUNNING',
      movedCount: 0,
      toMoveCount: store.countMessages(source.id, clock.now()).visible,
      startedAtMs: clock.now(),
      failureReason: null,
    };
    await store.createMoveTask(task);
    // The first batch moves before the answer, so the task's progress is visible as soon as it started.
    await step(task.taskId);
    return { TaskHandle: encodeTaskHandle({ taskId: task.taskId, sourceArn }) };
  }

  async function CancelMessageMoveTask(input: Record<string, unknown>) {
    const handle = decodeTaskHandle(requiredString(input, 'TaskHandle', SQS_INPUT_ERRORS));
    if (!handle) throw InvalidParameterValue('Value for parameter TaskHandle is invalid.');
    queueByArn(handle.sourceArn, 'SourceArn');
    const task = store.getMoveTask(handle.taskId);
    if (!task || task.status !== 'RUNNING') throw ResourceNotFoundException('Task does not exist.');
    await store.updateMoveTask(task.taskId, { status: 'CANCELLED' });
    return { ApproximateNumberOfMessagesMoved: task.movedCount };
  }

  function ListMessageMoveTasks(input: Record<string, unknown>) {
    const sourceArn = requiredString(input, 'SourceArn', SQS_INPUT_ERRORS);
    const source = queueByArn(sourceArn, 'SourceArn');
    const maxResults =
      optionalInteger(input, 'MaxResults', SQS_INPUT_ERRORS, {
        min: 1,
        max: 10,
        reason: "You must enter a number that's between 1 and 10.",
      }) ?? 1;
    const tasks = store.listMoveTasks(arnOf(source)).slice(0, maxResults);
    return { Results: tasks.map(moveTaskResult) };
  }

  return {
    operations: { StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks },
    resume: () => {
      for (const task of store.runningMoveTasks()) schedule(task);
    },
    stop: () => {
      stopped = true;
    },
  };
}
