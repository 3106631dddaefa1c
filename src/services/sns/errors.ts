/** SNS errors, named after their codes in the 2010-03-31 model (Query protocol only: no JSON namespace). */
import { ServiceError } from '../../aws/service-error.ts';

export const InvalidParameter = (message: string): ServiceError =>
  new ServiceError({ code: 'InvalidParameter', message, statusCode: 400 });

/** `Invalid parameter: <what>`, AWS's form for most SNS validation failures. */
export const invalidParameter = (what: string): ServiceError => InvalidParameter(`Invalid parameter: ${what}`);

/** Subscribe/SetSubscriptionAttributes/CreateTopic attribute problems: `Invalid parameter: Attributes Reason: ...`. */
export const invalidAttributes = (reason: string): ServiceError => invalidParameter(`Attributes Reason: ${reason}`);

export const NotFound = (message: string): ServiceError => new ServiceError({ code: 'NotFound', message, statusCode: 404 });

export const TopicNotFound = (): ServiceError => NotFound('Topic does not exist');
export const SubscriptionNotFound = (): ServiceError => NotFound('Subscription does not exist');

export const ResourceNotFound = (): ServiceError =>
  new ServiceError({ code: 'ResourceNotFound', message: 'Resource does not exist', statusCode: 404 });

/** What coral answers for a missing required member. */
export const ValidationError = (member: string): ServiceError =>
  new ServiceError({
    code: 'ValidationError',
    message: `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    statusCode: 400,
  });

export const TagLimitExceeded = (): ServiceError =>
  new ServiceError({
    code: 'TagLimitExceeded',
    message: 'Could not complete request: tag quota of per resource exceeded',
    statusCode: 400,
  });

export const FilterPolicyLimitExceeded = (): ServiceError =>
  new ServiceError({
    code: 'FilterPolicyLimitExceeded',
    message: 'Filter policy limit exceeded',
    statusCode: 403,
  });

export const EmptyBatchRequest = (): ServiceError =>
  new ServiceError({ code: 'EmptyBatchRequest', message: "The batch request doesn't contain any entries.", statusCode: 400 });

export const TooManyEntriesInBatchRequest = (): ServiceError =>
  new ServiceError({
    code: 'TooManyEntriesInBatchRequest',
    message: 'The batch request contains more entries than permissible.',
    statusCode: 400,
  });

export const BatchEntryIdsNotDistinct = (): ServiceError =>
  new ServiceError({
    code: 'BatchEntryIdsNotDistinct',
    message: 'Two or more batch entries in the request have the same Id.',
    statusCode: 400,
  });

export const InvalidBatchEntryId = (): ServiceError =>
  new ServiceError({
    code: 'InvalidBatchEntryId',
    message:
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    statusCode: 400,
  });

export const BatchRequestTooLong = (): ServiceError =>
  new ServiceError({
    code: 'BatchRequestTooLong',
    message: 'The length of all the messages put together is more than the limit.',
    statusCode: 400,
  });
