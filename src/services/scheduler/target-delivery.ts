/**
 * What one schedule fire sends and where: the target's Input with Scheduler's context attributes filled in,
 * handed to the target service through Onward's internal targets (Lambda Invoke as an async invocation,
 * SQS SendMessage, SNS Publish, EventBridge PutEvents), and the dead-letter message when every try failed.
 */
import type { ScheduleTargetDocument } from '../../store/scheduler-store.ts';
import {
  arnService,
  TargetUnavailableError,
  type InternalTargets,
  type QueueMessageAttribute,
} from '../targets/internal-targets.ts';

export interface FireContext {
  scheduleArn: string;
  /** The window this fire is for (not when it ran). */
  scheduledTimeMs: number;
  executionId: string;
  attemptNumber: number;
}

/** Input when the target has none: Onward sends an empty JSON object (AWS documents only "a default notification"). */
export const DEFAULT_INPUT = '{}';

/** ISO 8601 in UTC without milliseconds, as Scheduler writes `<aws.scheduler.scheduled-time>`. */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The Input with its context attributes (`<aws.scheduler.schedule-arn>`, ...) replaced. */
export function renderInput(input: string | undefined, context: FireContext): string {
  const values: Record<string, string> = {
    'schedule-arn': context.scheduleArn,
    'scheduled-time': isoSeconds(context.scheduledTimeMs),
    'execution-id': context.executionId,
    'attempt-number': String(context.attemptNumber),
  };
  return (input ?? DEFAULT_INPUT).replace(/<aws\.scheduler\.([a-z-]+)>/g, (whole, name: string) => values[name] ?? whole);
}

/** Onward's backoff between tries (AWS does not publish its own): 1 minute, doubling, at most 15 minutes. */
export function retryDelayMs(retryNumber: number): number {
  return Math.min(60_000 * 2 ** (retryNumber - 1), 15 * 60_000);
}

/** The error code a failed try reports (a target service's AWS code when it gave one). */
export function errorCode(error: unknown): string {
  if (error instanceof TargetUnavailableError) return 'ResourceNotFoundException';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : ((error as Error).name ?? 'InternalServerException');
}

export function deadLetterAttributes(
  error: unknown,
  context: FireContext,
  targetArn: string,
  retryAttempts: number,
): Record<string, QueueMessageAttribute> {
  const text = (value: string): QueueMessageAttribute => ({ DataType: 'String', StringValue: value });
  return {
    ERROR_CODE: text(errorCode(error)),
    ERROR_MESSAGE: text((error as Error).message || errorCode(error)),
    EXECUTION_ID: text(context.executionId),
    RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(retryAttempts) },
    SCHEDULE_ARN: text(context.scheduleArn),
    TARGET_ARN: text(targetArn),
  };
}

/** Sends one try to the target; rejects when the target does not take it. */
export function deliver(
  targets: InternalTargets,
  target: ScheduleTargetDocument,
  body: string,
  context: FireContext,
): Promise<void> {
  const service = arnService(target.Arn);
  switch (service) {
    case 'lambda':
      return targets.invokeAsync(target.Arn, body);
    case 'sqs': {
      const groupId = (target.SqsParameters as { MessageGroupId?: string } | undefined)?.MessageGroupId;
      // A FIFO target needs a deduplication id: one per fire, so retries of a fire are deduplicated.
      return targets.sendToQueue(target.Arn, body, groupId ? { groupId, deduplicationId: context.executionId } : {});
    }
    case 'sns':
      return targets.publishToTopic(target.Arn, body);
    case 'events': {
      const parameters = target.EventBridgeParameters as { DetailType?: string; Source?: string } | undefined;
      if (!parameters?.DetailType || !parameters.Source) {
        return Promise.reject(
          new TargetUnavailableError('An EventBridge target needs EventBridgeParameters (DetailType and Source).'),
        );
      }
      let detail: unknown;
      try {
        detail = JSON.parse(body);
      } catch {
        return Promise.reject(new TargetUnavailableError('The Input of an EventBridge target must be JSON.'));
      }
      return targets.putEvent(target.Arn, {
        source: parameters.Source,
        detailType: parameters.DetailType,
        detail,
        resources: [context.scheduleArn],
      });
    }
    default:
      return Promise.reject(
        new TargetUnavailableError(`Onward's Scheduler does not implement ${service || target.Arn} targets.`),
      );
  }
}
