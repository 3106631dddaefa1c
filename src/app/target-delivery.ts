import type { RuleTargetSpec } from './app-description.ts';
import type { PropertyReader } from './template-values.ts';

/** RetryPolicy, DeadLetterConfig and SqsParameters: the same on EventBridge rule and Scheduler targets. */
export function targetDelivery(t: PropertyReader): Pick<RuleTargetSpec, 'retryPolicy' | 'deadLetterArn' | 'sqsMessageGroupId'> {
  const delivery: Pick<RuleTargetSpec, 'retryPolicy' | 'deadLetterArn' | 'sqsMessageGroupId'> = {};
  const retry = t.optObject('RetryPolicy');
  if (retry) {
    const maximumRetryAttempts = retry.optNumber('MaximumRetryAttempts');
    const maximumEventAgeSeconds = retry.optNumber('MaximumEventAgeInSeconds');
    delivery.retryPolicy = {
      ...(maximumRetryAttempts !== undefined ? { maximumRetryAttempts } : {}),
      ...(maximumEventAgeSeconds !== undefined ? { maximumEventAgeSeconds } : {}),
    };
  }
  const dlq = t.optObject('DeadLetterConfig')?.optString('Arn');
  if (dlq !== undefined) delivery.deadLetterArn = dlq;
  const groupId = t.optObject('SqsParameters')?.optString('MessageGroupId');
  if (groupId !== undefined) delivery.sqsMessageGroupId = groupId;
  return delivery;
}
