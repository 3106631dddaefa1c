/** Validation of CreateAlias / UpdateAlias inputs, with AWS's recorded messages. Pure. */
import { violation } from './arn.ts';
import { InvalidParameterValueException } from './errors.ts';

const ALIAS_NAME = /^(?!\d+$)[a-zA-Z0-9_-]+$/;
const MAX_ALIAS_NAME_LENGTH = 128;
const FUNCTION_VERSION = /^(?:\$LATEST(?:\.PUBLISHED)?|\d+)$/;
const MAX_DESCRIPTION_LENGTH = 256;
const WEIGHT_KEY = /^\d{1,1024}$/;

export function aliasNameViolations(name: string): string[] {
  const violations: string[] = [];
  if (name.length > MAX_ALIAS_NAME_LENGTH) {
    violations.push(violation(name, 'name', `Member must have length less than or equal to ${MAX_ALIAS_NAME_LENGTH}`));
  }
  if (!ALIAS_NAME.test(name)) {
    violations.push(violation(name, 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)'));
  }
  return violations;
}

export interface AliasChange {
  functionVersion?: string;
  description?: string;
  /** Null: RoutingConfig given without weights (no routing); undefined: RoutingConfig not given. */
  routingConfig?: Record<string, number> | null;
}

/** Java's rendering of a double in Coral messages: `2.0`, `-1.0`, `0.5`. */
function javaDouble(value: unknown): string {
  return typeof value === 'number' && Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function javaMap(weights: Record<string, unknown>): string {
  return `{${Object.entries(weights)
    .map(([key, value]) => `${key}=${javaDouble(value)}`)
    .join(', ')}}`;
}

export function readAliasChange(input: Record<string, unknown>, violations: string[], versionRequired: boolean): AliasChange {
  const change: AliasChange = {};
  const version = input.FunctionVersion;
  if (version === undefined || version === null) {
    if (versionRequired) violations.push(violation(null, 'functionVersion', 'Member must not be null'));
  } else if (!FUNCTION_VERSION.test(String(version))) {
    violations.push(
      violation(
        version,
        'functionVersion',
        String.raw`Member must satisfy regular expression pattern: (\$LATEST(\.PUBLISHED)?|[0-9]+)`,
      ),
    );
  } else change.functionVersion = String(version);
  if (input.Description !== undefined && input.Description !== null) {
    const description = String(input.Description);
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      violations.push(
        violation(description, 'description', `Member must have length less than or equal to ${MAX_DESCRIPTION_LENGTH}`),
      );
    } else change.description = description;
  }
  if (input.RoutingConfig !== undefined && input.RoutingConfig !== null) {
    const weights = (input.RoutingConfig as Record<string, unknown>).AdditionalVersionWeights;
    if (weights === undefined || weights === null || typeof weights !== 'object') {
      change.routingConfig = null;
    } else {
      const entries = weights as Record<string, unknown>;
      const rendered = javaMap(entries);
      const before = violations.length;
      if (Object.keys(entries).some((key) => !WEIGHT_KEY.test(key))) {
        violations.push(
          violation(
            rendered,
            'routingConfig.additionalVersionWeights',
            'Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]',
          ),
        );
      }
      if (Object.values(entries).some((weight) => typeof weight !== 'number' || weight < 0 || weight > 1)) {
        violations.push(
          violation(
            rendered,
            'routingConfig.additionalVersionWeights',
            'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]',
          ),
        );
      }
      if (violations.length === before) change.routingConfig = entries as Record<string, number>;
    }
  }
  return change;
}

/** Lambda's own routing checks, once both the primary version and the weights are known. */
export function checkRouting(functionVersion: string, weights: Readonly<Record<string, number>> | null): void {
  if (!weights) return;
  const versions = Object.keys(weights);
  if (versions.length > 1) {
    throw InvalidParameterValueException('Number of items in AdditionalVersionWeights cannot be greater than 1');
  }
  if (versions.length === 0) return;
  if (versions[0] === functionVersion) {
    throw InvalidParameterValueException(
      `Invalid function version ${functionVersion}. Function version ${functionVersion} is already included in routing configuration.`,
    );
  }
}

/** Weighted alias routing: the additional version takes `weight` of the invocations. */
export function pickRoutedVersion(
  primaryVersion: string,
  weights: Readonly<Record<string, number>> | null,
  random: () => number = Math.random,
): string {
  if (!weights) return primaryVersion;
  for (const [version, weight] of Object.entries(weights)) {
    if (random() < weight) return version;
  }
  return primaryVersion;
}
