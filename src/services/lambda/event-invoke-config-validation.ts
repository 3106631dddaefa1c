/**
 * Validation of the EventInvokeConfig API's inputs (PutFunctionEventInvokeConfig and
 * UpdateFunctionEventInvokeConfig) and of a function's DeadLetterConfig target, in AWS's layers:
 * Coral's model checks (ranges, the destination pattern; one ValidationException), then Lambda's own
 * (InvalidParameterValueException, AWS-recorded texts). Pure: whether a Lambda destination exists is
 * asked through a callback.
 */
import { parseTaggableArn, violation } from './arn.ts';
import { InvalidParameterValueException } from './errors.ts';
import { readInteger } from './validate.ts';

export const MAX_RETRY_ATTEMPTS = 2;
export const MIN_EVENT_AGE_SECONDS = 60;
export const MAX_EVENT_AGE_SECONDS = 21600;
const MAX_DESTINATION_LENGTH = 350;

/** DestinationArn as the model has it; Coral matches the whole value. */
export const DESTINATION_PATTERN_TEXT = String.raw`$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`;
const DESTINATION_PATTERN = new RegExp(`^(?:${DESTINATION_PATTERN_TEXT})$`);

/** The settings a Put/Update request gave. */
export interface EventInvokeConfigInput {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  /** Present when DestinationConfig was given; an empty or absent side is undefined. */
  destinationConfig?: { onSuccess?: string; onFailure?: string };
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function readDestination(raw: unknown, member: string, violations: string[]): string | undefined {
  if (!isGiven(raw) || typeof raw !== 'object') return undefined;
  const destination = (raw as Record<string, unknown>).Destination;
  if (!isGiven(destination)) return undefined;
  const value = String(destination);
  const before = violations.length;
  if (value.length > MAX_DESTINATION_LENGTH) {
    violations.push(violation(value, member, `Member must have length less than or equal to ${MAX_DESTINATION_LENGTH}`));
  }
  if (!DESTINATION_PATTERN.test(value)) {
    violations.push(violation(value, member, `Member must satisfy regular expression pattern: ${DESTINATION_PATTERN_TEXT}`));
  }
  if (violations.length > before) return undefined;
  // `{"Destination": ""}` is accepted and stored as no destination.
  return value === '' ? undefined : value;
}

/**
 * Reads the settings of a Put/Update input, pushing Coral violations into `violations` (the caller
 * throws them before using the result).
 */
export function readEventInvokeConfigInput(input: Record<string, unknown>, violations: string[]): EventInvokeConfigInput {
  const result: EventInvokeConfigInput = {};
  const retries = readInteger(
    input.MaximumRetryAttempts,
    'maximumRetryAttempts',
    { min: 0, max: MAX_RETRY_ATTEMPTS },
    violations,
  );
  if (retries !== undefined) result.maximumRetryAttempts = retries;
  const age = readInteger(
    input.MaximumEventAgeInSeconds,
    'maximumEventAgeInSeconds',
    { min: MIN_EVENT_AGE_SECONDS, max: MAX_EVENT_AGE_SECONDS },
    violations,
  );
  if (age !== undefined) result.maximumEventAgeInSeconds = age;
  if (isGiven(input.DestinationConfig)) {
    const config = (typeof input.DestinationConfig === 'object' ? input.DestinationConfig : {}) as Record<string, unknown>;
    const destinations: { onSuccess?: string; onFailure?: string } = {};
    const onSuccess = readDestination(config.OnSuccess, 'destinationConfig.onSuccess.destination', violations);
    if (onSuccess !== undefined) destinations.onSuccess = onSuccess;
    const onFailure = readDestination(config.OnFailure, 'destinationConfig.onFailure.destination', violations);
    if (onFailure !== undefined) destinations.onFailure = onFailure;
    result.destinationConfig = destinations;
  }
  return result;
}

/** Put and Update need one of MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationConfig (checked before existence). */
export function checkAnySetting(input: Record<string, unknown>): void {
  if (!isGiven(input.MaximumRetryAttempts) && !isGiven(input.MaximumEventAgeInSeconds) && !isGiven(input.DestinationConfig)) {
    throw InvalidParameterValueException('You must specify at least one of error handling or destination setting.');
  }
}

/** The service of a destination ARN (`sqs`, `sns`, `lambda`, `events`, `s3`, ...), or undefined (`kafka://`). */
export function destinationService(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  return arn.split(':')[2];
}

/** The function owning the EventInvokeConfig, and a lookup of Lambda destinations. */
export interface DestinationContext {
  region: string;
  accountId: string;
  name: string;
  /** Whether the function (and the version or alias, if qualified) an ARN names exists. */
  lambdaExists: (target: { region: string; accountId: string; name: string; qualifier: string | undefined }) => boolean;
}

const EVENT_BUS = /^arn:aws[a-zA-Z0-9-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._\-/]+$/;

/**
 * Whether a destination is of a kind its side supports: SQS, SNS, Lambda and EventBridge buses on
 * either side, S3 buckets on failure only. Throws AWS's errors for a Lambda destination that is the
 * function itself or does not exist. SQS, SNS and bus existence is not checked (as AWS).
 */
function destinationSupported(arn: string, side: 'onSuccess' | 'onFailure', context: DestinationContext): boolean {
  switch (destinationService(arn)) {
    case 'sqs':
    case 'sns':
      return true;
    case 'events':
      return EVENT_BUS.test(arn);
    case 's3':
      return side === 'onFailure';
    case 'lambda': {
      const target = parseTaggableArn(arn);
      if (!target || !context.lambdaExists(target)) {
        throw InvalidParameterValueException(`The destination ARN ${arn} is invalid.`);
      }
      if (target.region === context.region && target.accountId === context.accountId && target.name === context.name) {
        throw InvalidParameterValueException("You can't specify the function as a destination for itself.");
      }
      return true;
    }
    default:
      return false;
  }
}

/** Lambda's checks of a DestinationConfig that passed Coral's: on-failure first, as AWS. */
export function checkDestinations(destinations: { onSuccess?: string; onFailure?: string }, context: DestinationContext): void {
  const { onSuccess, onFailure } = destinations;
  const valid =
    (onFailure === undefined || destinationSupported(onFailure, 'onFailure', context)) &&
    (onSuccess === undefined || destinationSupported(onSuccess, 'onSuccess', context));
  if (!valid) throw InvalidParameterValueException(invalidDestinationConfigMessage(onSuccess, onFailure));
}

/** "The provided destination config DestinationConfig(onSuccess=..., onFailure=...) is invalid." (`null` for an absent side). */
export function invalidDestinationConfigMessage(onSuccess: string | undefined, onFailure: string | undefined): string {
  const success = onSuccess === undefined ? 'null' : `OnSuccess(destination=${onSuccess})`;
  const failure = onFailure === undefined ? 'null' : `OnFailure(destination=${onFailure})`;
  return `The provided destination config DestinationConfig(onSuccess=${success}, onFailure=${failure}) is invalid.`;
}

/**
 * A function's dead-letter target must be an SQS queue or an SNS topic (`""` removes it and never
 * reaches this check). Other services: InvalidParameterValueException.
 */
export function checkDeadLetterTarget(targetArn: string): void {
  const service = destinationService(targetArn);
  if (service === 'sqs' || service === 'sns') return;
  throw InvalidParameterValueException(
    `The provided target arn ${targetArn} is invalid: a dead-letter target must be an SQS queue or an SNS topic.`,
  );
}
