/**
 * SQS errors, named after their JSON-protocol codes. Each knows its legacy Query code (sent in
 * `x-amzn-query-error` and as `<Code>` over Query) and its HTTP status, as in the botocore model.
 */
import { ServiceError } from '../../aws/service-error.ts';

const SQS_NAMESPACE = 'com.amazonaws.sqs';
const CORAL_NAMESPACE = 'com.amazon.coral.service';

function sqsError(code: string, message: string, queryCode: string, statusCode = 400, queryMessage?: string): ServiceError {
  return new ServiceError({
    code,
    message,
    statusCode,
    typeNamespace: SQS_NAMESPACE,
    queryCode,
    ...(queryMessage ? { queryMessage } : {}),
  });
}

export const QueueDoesNotExist = (): ServiceError =>
  sqsError(
    'QueueDoesNotExist',
    'The specified queue does not exist.',
    'AWS.SimpleQueueService.NonExistentQueue',
    400,
    'The specified queue does not exist for this wsdl version.',
  );

export const QueueNameExists = (message: string): ServiceError => sqsError('QueueNameExists', message, 'QueueAlreadyExists');

export const InvalidAttributeName = (message: string): ServiceError =>
  sqsError('InvalidAttributeName', message, 'InvalidAttributeName');

export const InvalidAttributeValue = (message: string): ServiceError =>
  sqsError('InvalidAttributeValue', message, 'InvalidAttributeValue');

export const InvalidMessageContents = (message: string): ServiceError =>
  sqsError('InvalidMessageContents', message, 'InvalidMessageContents');

/** Batch entries say "is not valid."; single operations "is not a valid receipt handle.". */
export const ReceiptHandleIsInvalid = (handle: string, inBatch = false): ServiceError =>
  sqsError(
    'ReceiptHandleIsInvalid',
    inBatch
      ? `The input receipt handle "${handle}" is not valid.`
      : `The input receipt handle "${handle}" is not a valid receipt handle.`,
    'ReceiptHandleIsInvalid',
  );

export const PurgeQueueInProgress = (queueName: string): ServiceError =>
  sqsError(
    'PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    403,
  );

export const EmptyBatchRequest = (kind: string): ServiceError =>
  sqsError(
    'EmptyBatchRequest',
    `There should be at least one ${kind} in the request.`,
    'AWS.SimpleQueueService.EmptyBatchRequest',
  );

export const TooManyEntriesInBatchRequest = (count: number): ServiceError =>
  sqsError(
    'TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  );

export const BatchEntryIdsNotDistinct = (id: string): ServiceError =>
  sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct');

export const InvalidBatchEntryId = (): ServiceError =>
  sqsError(
    'InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    'AWS.SimpleQueueService.InvalidBatchEntryId',
  );

export const BatchRequestTooLong = (totalBytes: number, limitBytes: number): ServiceError =>
  sqsError(
    'BatchRequestTooLong',
    `Batch requests cannot be longer than ${limitBytes} bytes. You have sent ${totalBytes} bytes.`,
    'AWS.SimpleQueueService.BatchRequestTooLong',
  );

export const ResourceNotFoundException = (message: string): ServiceError =>
  sqsError('ResourceNotFoundException', message, 'ResourceNotFoundException', 404);

export const UnsupportedOperation = (message: string): ServiceError =>
  sqsError('UnsupportedOperation', message, 'AWS.SimpleQueueService.UnsupportedOperation');

export const InvalidParameterValue = (message: string): ServiceError =>
  new ServiceError({
    code: 'InvalidParameterValueException',
    message,
    typeNamespace: CORAL_NAMESPACE,
    queryCode: 'InvalidParameterValue',
  });

export const MissingParameter = (parameter: string): ServiceError =>
  new ServiceError({
    code: 'MissingRequiredParameterException',
    message: `The request must contain the parameter ${parameter}.`,
    typeNamespace: CORAL_NAMESPACE,
    queryCode: 'MissingParameter',
  });

export const InvalidAddress = (): ServiceError =>
  new ServiceError({
    code: 'InvalidAddress',
    message: 'The address is not valid for this endpoint.',
    typeNamespace: CORAL_NAMESPACE,
    queryCode: 'InvalidAddress',
  });

/** A parameter outside its range, in the words AWS uses: "Value X for parameter Y is invalid. Reason: Z." */
export function invalidParameter(parameter: string, value: unknown, reason: string): ServiceError {
  return InvalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);
}
