/**
 * CreateSchedule/UpdateSchedule input -> the schedule's fields, validated as AWS does: the model's
 * constraints first (Coral's `N validation error(s) detected` wording, camelCase member paths), then
 * the service's own checks. Pure: the caller gives the time.
 */
import type { ScheduleRecord, ScheduleTargetDocument } from '../../store/scheduler-store.ts';
import { constraintViolations, ValidationException } from './errors.ts';
import { isKnownTimezone, parseSchedulerExpression, type SchedulerSchedule } from './schedule-expression.ts';

export const NAME_PATTERN = /^[0-9a-zA-Z-_.]+$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const DLQ_ARN = /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/;
const KMS_ARN = /^arn:aws(-[a-z]+)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[0-9a-zA-Z-_]*$/;
/** AWS refuses a StartDate further back than this. */
const START_DATE_GRACE_MS = 5 * 60_000;
/** Templated targets whose Input must be JSON (Lambda Invoke, Step Functions StartExecution, EventBridge PutEvents). */
const JSON_INPUT_SERVICES = new Set(['lambda', 'states', 'events']);

export const DEFAULT_RETRY_POLICY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } as const;

export type ScheduleFields = Pick<
  ScheduleRecord,
  | 'scheduleExpression'
  | 'timezone'
  | 'state'
  | 'description'
  | 'startMs'
  | 'endMs'
  | 'flexibleTimeWindow'
  | 'actionAfterCompletion'
  | 'kmsKeyArn'
  | 'target'
> & { schedule: SchedulerSchedule };

interface Violation {
  member: string;
  value: unknown;
  constraint: string;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function checkString(
  violations: Violation[],
  member: string,
  value: unknown,
  rules: { min?: number; max?: number; pattern?: RegExp; patternText?: string; required?: boolean },
): void {
  if (value === undefined || value === null) {
    if (rules.required) violations.push({ member, value: null, constraint: 'Member must not be null' });
    return;
  }
  const text = String(value);
  if (rules.min !== undefined && text.length < rules.min) {
    violations.push({ member, value: text, constraint: `Member must have length greater than or equal to ${rules.min}` });
  } else if (rules.max !== undefined && text.length > rules.max) {
    violations.push({ member, value: text, constraint: `Member must have length less than or equal to ${rules.max}` });
  } else if (rules.pattern && !rules.pattern.test(text)) {
    violations.push({
      member,
      value: text,
      constraint: `Member must satisfy regular expression pattern: ${rules.patternText ?? rules.pattern.source}`,
    });
  }
}

function checkEnum(violations: Violation[], member: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && value !== null && !allowed.includes(String(value))) {
    violations.push({ member, value, constraint: `Member must satisfy enum value set: [${allowed.join(', ')}]` });
  }
}

function checkInteger(violations: Violation[], member: string, value: unknown, min: number, max: number): void {
  if (value === undefined || value === null) return;
  const n = Number(value);
  if (n < min) violations.push({ member, value, constraint: `Member must have value greater than or equal to ${min}` });
  else if (n > max) violations.push({ member, value, constraint: `Member must have value less than or equal to ${max}` });
}

/** A timestamp member: epoch seconds (what the SDKs and CLIs send) or an ISO 8601 string. */
export function timestampMs(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw ValidationException(`Invalid ${member}: ${String(value)}.`);
  return ms;
}

export function validateName(violations: Violation[], member: string, value: unknown, required = true): void {
  checkString(violations, member, value, { min: 1, max: 64, pattern: NAME_PATTERN, patternText: NAME_PATTERN.source, required });
}

export function throwIfAny(violations: Violation[]): void {
  if (violations.length > 0) throw constraintViolations(violations);
}

export function parseScheduleInput(input: Record<string, unknown>, nowMs: number): ScheduleFields {
  const violations: Violation[] = [];
  validateName(violations, 'name', input.Name);
  validateName(violations, 'groupName', input.GroupName, false);
  checkString(violations, 'scheduleExpression', input.ScheduleExpression, { min: 1, max: 256, required: true });
  checkString(violations, 'scheduleExpressionTimezone', input.ScheduleExpressionTimezone, { min: 1, max: 50 });
  checkString(violations, 'description', input.Description, { max: 512 });
  checkEnum(violations, 'state', input.State, ['ENABLED', 'DISABLED']);
  checkEnum(violations, 'actionAfterCompletion', input.ActionAfterCompletion, ['NONE', 'DELETE']);
  checkString(violations, 'kmsKeyArn', input.KmsKeyArn, { min: 1, max: 2048, pattern: KMS_ARN });
  const window = obj(input.FlexibleTimeWindow);
  if (!window) violations.push({ member: 'flexibleTimeWindow', value: null, constraint: 'Member must not be null' });
  else {
    if (window.Mode === undefined || window.Mode === null)
      violations.push({ member: 'flexibleTimeWindow.mode', value: null, constraint: 'Member must not be null' });
    checkEnum(violations, 'flexibleTimeWindow.mode', window.Mode, ['OFF', 'FLEXIBLE']);
    checkInteger(violations, 'flexibleTimeWindow.maximumWindowInMinutes', window.MaximumWindowInMinutes, 1, 1440);
  }
  const target = obj(input.Target);
  if (!target) violations.push({ member: 'target', value: null, constraint: 'Member must not be null' });
  else {
    checkString(violations, 'target.arn', target.Arn, { min: 1, max: 1600, required: true });
    checkString(violations, 'target.roleArn', target.RoleArn, { min: 1, max: 1600, pattern: ROLE_ARN, required: true });
    checkString(violations, 'target.input', target.Input, { min: 1 });
    const dlq = obj(target.DeadLetterConfig);
    if (dlq) checkString(violations, 'target.deadLetterConfig.arn', dlq.Arn, { min: 1, max: 1600, pattern: DLQ_ARN });
    const retry = obj(target.RetryPolicy);
    if (retry) {
      checkInteger(violations, 'target.retryPolicy.maximumEventAgeInSeconds', retry.MaximumEventAgeInSeconds, 60, 86_400);
      checkInteger(violations, 'target.retryPolicy.maximumRetryAttempts', retry.MaximumRetryAttempts, 0, 185);
    }
    const sqs = obj(target.SqsParameters);
    if (sqs) checkString(violations, 'target.sqsParameters.messageGroupId', sqs.MessageGroupId, { min: 1, max: 128 });
    const events = obj(target.EventBridgeParameters);
    if (events) {
      checkString(violations, 'target.eventBridgeParameters.detailType', events.DetailType, { min: 1, max: 128, required: true });
      checkString(violations, 'target.eventBridgeParameters.source', events.Source, { min: 1, max: 256, required: true });
    }
  }
  throwIfAny(violations);

  const expression = String(input.ScheduleExpression);
  const timezone = str(input.ScheduleExpressionTimezone);
  if (timezone !== undefined && !isKnownTimezone(timezone)) throw ValidationException(`Invalid time zone: ${timezone}.`);
  const schedule = parseSchedulerExpression(expression, timezone ?? 'UTC');
  if (!schedule) throw ValidationException(`Invalid Schedule Expression ${expression}.`);

  const flexible = window as { Mode: string; MaximumWindowInMinutes?: number };
  if (flexible.Mode === 'FLEXIBLE' && flexible.MaximumWindowInMinutes === undefined) {
    throw ValidationException('MaximumWindowInMinutes is required when Mode is FLEXIBLE.');
  }
  if (flexible.Mode === 'OFF' && flexible.MaximumWindowInMinutes !== undefined) {
    throw ValidationException('MaximumWindowInMinutes must not be set when Mode is OFF.');
  }

  const startMs = timestampMs(input.StartDate, 'StartDate');
  const endMs = timestampMs(input.EndDate, 'EndDate');
  if (startMs !== undefined && startMs < nowMs - START_DATE_GRACE_MS) {
    throw ValidationException('The StartDate you specify cannot be earlier than 5 minutes prior to the current time.');
  }
  if (endMs !== undefined && endMs <= nowMs)
    throw ValidationException('The EndDate you specify cannot be earlier than the current time.');
  if (startMs !== undefined && endMs !== undefined && endMs <= startMs)
    throw ValidationException('The EndDate must be after the StartDate.');

  const targetDocument = target as ScheduleTargetDocument;
  const service = targetDocument.Arn.split(':')[2] ?? '';
  if (typeof targetDocument.Input === 'string' && JSON_INPUT_SERVICES.has(service)) {
    try {
      JSON.parse(targetDocument.Input);
    } catch {
      throw ValidationException('Invalid Input: the input must be well-formed JSON for this target.');
    }
  }

  return {
    schedule,
    scheduleExpression: expression,
    timezone,
    state: (str(input.State) ?? 'ENABLED') as ScheduleFields['state'],
    description: str(input.Description),
    startMs,
    endMs,
    flexibleTimeWindow: {
      Mode: flexible.Mode,
      ...(flexible.MaximumWindowInMinutes !== undefined
        ? { MaximumWindowInMinutes: Number(flexible.MaximumWindowInMinutes) }
        : {}),
    },
    actionAfterCompletion: (str(input.ActionAfterCompletion) ?? 'NONE') as ScheduleFields['actionAfterCompletion'],
    kmsKeyArn: str(input.KmsKeyArn),
    target: { ...targetDocument, RetryPolicy: { ...DEFAULT_RETRY_POLICY, ...obj(targetDocument.RetryPolicy) } },
  };
}
