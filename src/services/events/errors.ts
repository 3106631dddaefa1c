/** EventBridge errors, named after their AWS codes (JSON 1.1, plain `__type`, all 400 but InternalException). */
import { ServiceError } from '../../aws/service-error.ts';

const error = (code: string, message: string): ServiceError => new ServiceError({ code, message });

export const ValidationException = (message: string): ServiceError => error('ValidationException', message);
export const ResourceNotFoundException = (message: string): ServiceError => error('ResourceNotFoundException', message);
export const ResourceAlreadyExistsException = (message: string): ServiceError => error('ResourceAlreadyExistsException', message);
export const LimitExceededException = (): ServiceError =>
  error('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
export const InvalidEventPatternException = (reason: string): ServiceError =>
  error('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);

export const EventBusNotFound = (name: string): ServiceError => ResourceNotFoundException(`Event bus ${name} does not exist.`);
export const RuleNotFound = (rule: string, bus: string): ServiceError =>
  ResourceNotFoundException(`Rule ${rule} does not exist on EventBus ${bus}.`);

/** Coral's constraint wording, one or more members: `N validation error(s) detected: ...`. */
export function constraintViolations(violations: { member: string; value: unknown; constraint: string }[]): ServiceError {
  const count = violations.length;
  const details = violations
    .map((v) => `Value '${String(v.value)}' at '${v.member}' failed to satisfy constraint: ${v.constraint}`)
    .join('; ');
  return ValidationException(`${count} validation error${count === 1 ? '' : 's'} detected: ${details}`);
}

export const NAME_PATTERN = /^[.\-_A-Za-z0-9]+$/;
export const NAME_CONSTRAINT = 'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+';
export const BUS_NAME_PATTERN = /^[/.\-_A-Za-z0-9]+$/;
export const BUS_NAME_CONSTRAINT = 'Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+';
