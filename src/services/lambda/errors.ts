/**
 * Lambda errors, named after their AWS codes, with the statuses of the botocore model. REST-JSON
 * carries the code in `x-amzn-ErrorType`; the messages are AWS's recorded texts.
 */
import { ServiceError } from '../../aws/service-error.ts';

export const ResourceNotFoundException = (message: string): ServiceError =>
  new ServiceError({ code: 'ResourceNotFoundException', message, statusCode: 404 });

export const functionNotFound = (arn: string): ServiceError => ResourceNotFoundException(`Function not found: ${arn}`);

export const ResourceConflictException = (message: string): ServiceError =>
  new ServiceError({ code: 'ResourceConflictException', message, statusCode: 409 });

export const InvalidParameterValueException = (message: string): ServiceError =>
  new ServiceError({ code: 'InvalidParameterValueException', message, statusCode: 400 });

export const PreconditionFailedException = (): ServiceError =>
  new ServiceError({
    code: 'PreconditionFailedException',
    message:
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    statusCode: 412,
  });

export const RequestEntityTooLargeException = (message: string): ServiceError =>
  new ServiceError({ code: 'RequestEntityTooLargeException', message, statusCode: 413 });

export const ServiceException = (message: string): ServiceError =>
  new ServiceError({ code: 'ServiceException', message, statusCode: 500, senderFault: false });

/** Coral's input validation: "1 validation error detected: Value 'x' at 'path' failed to satisfy constraint: ...". */
export function validationMessage(violations: readonly string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

export const ValidationException = (violations: readonly string[]): ServiceError =>
  new ServiceError({ code: 'ValidationException', message: validationMessage(violations), statusCode: 400 });

/** Throws one ValidationException naming every violation, as Coral does. */
export function throwViolations(violations: readonly string[]): void {
  if (violations.length > 0) throw ValidationException(violations);
}
