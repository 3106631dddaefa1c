/** PutTargets checks, in AWS's order and words; pure. */
import type { EventTargetDocument } from '../../store/events-store.ts';
import { constraintViolations, NAME_CONSTRAINT, NAME_PATTERN, ValidationException } from './errors.ts';
import { parseJsonPath } from './json-path.ts';
import { RESERVED_PLACEHOLDERS, templatePlaceholders } from './input-shaping.ts';

const MAX_TARGETS_PER_REQUEST = 100;
const MAX_TARGET_ID_LENGTH = 64;
const MAX_INPUT_PATHS = 100;
const ARN = /^arn:aws[\w-]*:[a-z0-9-]+:[^:]*:[^:]*:.+$/;

/** Members of a Target Onward keeps (everything the model has; unknown keys are dropped). */
const TARGET_MEMBERS = [
  'Id',
  'Arn',
  'RoleArn',
  'Input',
  'InputPath',
  'InputTransformer',
  'KinesisParameters',
  'RunCommandParameters',
  'EcsParameters',
  'BatchParameters',
  'SqsParameters',
  'HttpParameters',
  'RedshiftDataParameters',
  'SageMakerPipelineParameters',
  'AppSyncParameters',
  'DeadLetterConfig',
  'RetryPolicy',
];

export interface TargetFailure {
  TargetId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

export interface CheckedTargets {
  accepted: EventTargetDocument[];
  failed: TargetFailure[];
}

function clean(target: Record<string, unknown>): EventTargetDocument {
  const document: Record<string, unknown> = {};
  for (const member of TARGET_MEMBERS) {
    const value = target[member];
    if (value !== undefined && value !== null) document[member] = value;
  }
  return document as EventTargetDocument;
}

export function checkTargets(raw: unknown): CheckedTargets {
  if (!Array.isArray(raw))
    throw constraintViolations([{ member: 'targets', value: 'null', constraint: 'Member must not be null' }]);
  const targets = raw as Record<string, unknown>[];
  if (targets.length < 1 || targets.length > MAX_TARGETS_PER_REQUEST) {
    throw constraintViolations([
      {
        member: 'targets',
        value: JSON.stringify(targets),
        constraint:
          targets.length < 1
            ? 'Member must have length greater than or equal to 1'
            : `Member must have length less than or equal to ${MAX_TARGETS_PER_REQUEST}`,
      },
    ]);
  }
  const violations: { member: string; value: unknown; constraint: string }[] = [];
  targets.forEach((target, index) => {
    const member = `targets.${index + 1}.member`;
    const id = target.Id;
    if (typeof id !== 'string') {
      violations.push({ member: `${member}.id`, value: 'null', constraint: 'Member must not be null' });
    } else {
      if (!NAME_PATTERN.test(id)) violations.push({ member: `${member}.id`, value: id, constraint: NAME_CONSTRAINT });
      if (id.length > MAX_TARGET_ID_LENGTH) {
        violations.push({
          member: `${member}.id`,
          value: id,
          constraint: `Member must have length less than or equal to ${MAX_TARGET_ID_LENGTH}`,
        });
      }
    }
    if (typeof target.Arn !== 'string')
      violations.push({ member: `${member}.arn`, value: 'null', constraint: 'Member must not be null' });
    const retry = target.RetryPolicy as { MaximumRetryAttempts?: unknown; MaximumEventAgeInSeconds?: unknown } | undefined;
    violations.push(
      ...range(`${member}.retryPolicy.maximumRetryAttempts`, retry?.MaximumRetryAttempts, 0, 185),
      ...range(`${member}.retryPolicy.maximumEventAgeInSeconds`, retry?.MaximumEventAgeInSeconds, 60, 86_400),
    );
  });
  if (violations.length > 0) throw constraintViolations(violations);

  const accepted: EventTargetDocument[] = [];
  const failed: TargetFailure[] = [];
  for (const target of targets) {
    const id = target.Id as string;
    const arn = target.Arn as string;
    const shapers = ['Input', 'InputPath', 'InputTransformer'].filter((m) => target[m] !== undefined && target[m] !== null);
    if (shapers.length > 1)
      throw ValidationException(`Only one of Input, InputPath, or InputTransformer must be provided for target ${id}.`);
    if (typeof target.InputPath === 'string' && !parseJsonPath(target.InputPath)) {
      throw ValidationException(`Parameter InputPath for target ${id} is not valid.`);
    }
    checkTransformer(id, target.InputTransformer);
    if (arn.startsWith('arn:aws:sqs:') && arn.endsWith('.fifo')) {
      const groupId = (target.SqsParameters as { MessageGroupId?: unknown } | undefined)?.MessageGroupId;
      if (typeof groupId !== 'string' || groupId === '') {
        throw ValidationException(`Parameter(s) SqsParameters must be specified for target: ${id}.`);
      }
    }
    if (!ARN.test(arn)) {
      failed.push({
        TargetId: id,
        ErrorCode: 'ValidationException',
        ErrorMessage: `Parameter ${arn} is not valid. Reason: Provided Arn is not in correct format.`,
      });
      continue;
    }
    accepted.push(clean(target));
  }
  return { accepted, failed };
}

function range(
  member: string,
  value: unknown,
  min: number,
  max: number,
): { member: string; value: unknown; constraint: string }[] {
  if (value === undefined || value === null) return [];
  const n = Number(value);
  if (n < min) return [{ member, value, constraint: `Member must have value greater than or equal to ${min}` }];
  if (n > max) return [{ member, value, constraint: `Member must have value less than or equal to ${max}` }];
  return [];
}

function checkTransformer(id: string, raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const transformer = raw as { InputPathsMap?: unknown; InputTemplate?: unknown };
  if (typeof transformer.InputTemplate !== 'string') {
    throw constraintViolations([
      { member: 'targets.member.inputTransformer.inputTemplate', value: 'null', constraint: 'Member must not be null' },
    ]);
  }
  const paths =
    typeof transformer.InputPathsMap === 'object' && transformer.InputPathsMap !== null
      ? (transformer.InputPathsMap as Record<string, unknown>)
      : {};
  if (Object.keys(paths).length > MAX_INPUT_PATHS) {
    throw ValidationException(`InputPathsMap for target ${id} exceeds the maximum of ${MAX_INPUT_PATHS} entries.`);
  }
  for (const [name, path] of Object.entries(paths)) {
    if (RESERVED_PLACEHOLDERS.has(name)) {
      throw ValidationException(`InputTransformer for target ${id} contains a reserved key ${name} in InputPathsMap.`);
    }
    if (typeof path !== 'string' || !parseJsonPath(path)) {
      throw ValidationException(
        `Parameter InputPathsMap for target ${id} is not valid. Reason: ${String(path)} is not a valid JSON path.`,
      );
    }
  }
  for (const placeholder of templatePlaceholders(transformer.InputTemplate)) {
    if (!Object.hasOwn(paths, placeholder) && !RESERVED_PLACEHOLDERS.has(placeholder)) {
      throw ValidationException(`InputTemplate for target ${id} contains invalid placeholder ${placeholder}.`);
    }
  }
}
