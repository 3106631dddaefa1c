/**
 * Reading operation inputs that arrive typed (JSON) or as text (Query). Each reader names the parameter
 * in its error, as AWS does; `missing` and `invalid` build the service's own error shapes.
 */
import type { ServiceError } from '../aws/service-error.ts';

export interface InputErrors {
  missing(parameter: string): ServiceError;
  invalid(parameter: string, value: unknown, reason: string): ServiceError;
}

export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function requiredString(input: Record<string, unknown>, name: string, errors: InputErrors): string {
  const value = optionalString(input, name);
  if (value === undefined) throw errors.missing(name);
  return value;
}

/** An integer within [min, max], or undefined when absent. */
export function optionalInteger(
  input: Record<string, unknown>,
  name: string,
  errors: InputErrors,
  range: { min: number; max: number; reason: string },
): number | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw errors.invalid(name, raw, range.reason);
  }
  return value;
}

export function optionalStringList(input: Record<string, unknown>, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

export function optionalStringMap(input: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return {};
  return value as Record<string, unknown>;
}

export function optionalList(input: Record<string, unknown>, name: string): Record<string, unknown>[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}
