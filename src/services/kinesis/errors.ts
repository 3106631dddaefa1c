/** Kinesis Data Streams errors, named after their AWS codes (JSON 1.1, plain `__type`). */
import { ServiceError } from '../../aws/service-error.ts';

export const ResourceNotFoundException = (message: string): ServiceError =>
  new ServiceError({ code: 'ResourceNotFoundException', message });

export const ResourceInUseException = (message: string): ServiceError =>
  new ServiceError({ code: 'ResourceInUseException', message });

export const InvalidArgumentException = (message: string): ServiceError =>
  new ServiceError({ code: 'InvalidArgumentException', message });

export const LimitExceededException = (message: string): ServiceError =>
  new ServiceError({ code: 'LimitExceededException', message });

export const ExpiredIteratorException = (message: string): ServiceError =>
  new ServiceError({ code: 'ExpiredIteratorException', message });

export const streamNotFound = (name: string, accountId: string): ServiceError =>
  ResourceNotFoundException(`Stream ${name} under account ${accountId} not found.`);

/** Coral's validation wording for out-of-range or missing members. */
export function validationException(violations: readonly string[]): ServiceError {
  const count = violations.length;
  return new ServiceError({
    code: 'ValidationException',
    message: `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
  });
}

export function violation(value: unknown, member: string, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return `Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}
