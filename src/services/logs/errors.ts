/** CloudWatch Logs errors, named after their AWS codes (JSON 1.1, no namespace in `__type`). */
import { ServiceError } from '../../aws/service-error.ts';

export const ResourceNotFoundException = (message: string): ServiceError =>
  new ServiceError({ code: 'ResourceNotFoundException', message });

export const ResourceAlreadyExistsException = (message: string): ServiceError =>
  new ServiceError({ code: 'ResourceAlreadyExistsException', message });

export const InvalidParameterException = (message: string): ServiceError =>
  new ServiceError({ code: 'InvalidParameterException', message });

export const LogGroupDoesNotExist = (): ServiceError => ResourceNotFoundException('The specified log group does not exist.');
export const LogStreamDoesNotExist = (): ServiceError => ResourceNotFoundException('The specified log stream does not exist.');

/** Coral's validation wording, as the Logs API uses it for out-of-range members. */
export function validationException(member: string, value: unknown, constraint: string): ServiceError {
  return new ServiceError({
    code: 'ValidationException',
    message: `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  });
}
