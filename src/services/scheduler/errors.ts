/**
 * EventBridge Scheduler errors, named after their AWS codes (REST-JSON: the code in `x-amzn-ErrorType`,
 * the message as the model's `Message` member).
 */
import { ServiceError } from '../../aws/service-error.ts';

const error = (code: string, statusCode: number, message: string): ServiceError =>
  new ServiceError({ code, statusCode, message, fields: { Message: message } });

export const ValidationException = (message: string): ServiceError => error('ValidationException', 400, message);
export const ResourceNotFoundException = (message: string): ServiceError => error('ResourceNotFoundException', 404, message);
export const ConflictException = (message: string): ServiceError => error('ConflictException', 409, message);

export const ScheduleNotFound = (name: string): ServiceError => ResourceNotFoundException(`Schedule ${name} does not exist.`);
export const GroupNotFound = (name: string): ServiceError => ResourceNotFoundException(`Schedule group ${name} does not exist.`);

/** Coral's constraint wording: `N validation error(s) detected: Value 'x' at 'member' failed to satisfy constraint: ...`. */
export function constraintViolations(violations: { member: string; value: unknown; constraint: string }[]): ServiceError {
  const count = violations.length;
  const details = violations
    .map(
      (v) =>
        `Value ${v.value === null ? 'null' : `'${String(v.value)}'`} at '${v.member}' failed to satisfy constraint: ${v.constraint}`,
    )
    .join('; ');
  return ValidationException(`${count} validation error${count === 1 ? '' : 's'} detected: ${details}`);
}
