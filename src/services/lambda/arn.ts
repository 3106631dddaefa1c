/**
 * Function ARNs and the forms a caller may name a function by: `my-fn`, `my-fn:alias`, `my-fn:3`, the full
 * ARN with or without a qualifier, and the partial `000000000000:function:my-fn`. Pure.
 */

export const LATEST = '$LATEST';

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

export interface FunctionReference {
  name: string;
  /** The qualifier written into the name (`my-fn:live`), if any. */
  qualifier: string | undefined;
  region: string | undefined;
  accountId: string | undefined;
  /** True when the caller gave only a name, no ARN parts or qualifier (CreateFunction limits those to 64 characters). */
  bareName: boolean;
}

/**
 * The two name shapes of the Lambda model: `FunctionName` (create, update, publish, aliases, concurrency;
 * at most 140 characters, no dots) and `NamespacedFunctionName` (get, delete, invoke, list versions).
 */
export type FunctionNameShape = 'FunctionName' | 'NamespacedFunctionName';

const REGION = String.raw`(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d`;
const PATTERNS: Record<FunctionNameShape, RegExp> = {
  FunctionName: new RegExp(
    String.raw`^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(${REGION}):)?(?:(\d{12}):)?(function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$`,
  ),
  NamespacedFunctionName: new RegExp(
    String.raw`^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(${REGION}):)?(?:(\d{12}):)?(function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$`,
  ),
};

/** The patterns as AWS prints them in its ValidationException messages (AWS-recorded, 2025-11). */
const PATTERN_TEXT: Record<FunctionNameShape, string> = {
  FunctionName: String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`,
  NamespacedFunctionName: String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`,
};

const MAX_LENGTH: Record<FunctionNameShape, number> = { FunctionName: 140, NamespacedFunctionName: 170 };

/** "Value 'v' at 'member' failed to satisfy constraint: c" (Coral's wording; `null` unquoted). */
export function violation(value: unknown, member: string, constraint: string): string {
  const shown = value === null || value === undefined ? 'null' : `'${String(value)}'`;
  return `Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}

export function parseFunctionReference(value: string, shape: FunctionNameShape): FunctionReference | undefined {
  const match = PATTERNS[shape].exec(value);
  if (!match) return undefined;
  const [, region, accountId, , name, qualifier] = match;
  return { name: name!, qualifier, region, accountId, bareName: value === name };
}

/**
 * The Coral violations of a function name. Only CreateFunction reports pattern and length together;
 * the other operations stop at a pattern mismatch (AWS-recorded).
 */
export function functionNameViolations(value: string, shape: FunctionNameShape, reportAll = false): string[] {
  const violations: string[] = [];
  if (!PATTERNS[shape].test(value)) {
    violations.push(violation(value, 'functionName', `Member must satisfy regular expression pattern: ${PATTERN_TEXT[shape]}`));
    if (!reportAll) return violations;
  }
  if (value.length > MAX_LENGTH[shape]) {
    violations.push(violation(value, 'functionName', `Member must have length less than or equal to ${MAX_LENGTH[shape]}`));
  }
  return violations;
}

const QUALIFIER = /^(?:\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_$-]+)$/;
const MAX_QUALIFIER_LENGTH = 128;

/** The Coral violations of a `Qualifier` parameter. */
export function qualifierViolations(qualifier: string): string[] {
  const violations: string[] = [];
  if (qualifier.length > MAX_QUALIFIER_LENGTH) {
    violations.push(violation(qualifier, 'qualifier', `Member must have length less than or equal to ${MAX_QUALIFIER_LENGTH}`));
  }
  if (!QUALIFIER.test(qualifier)) {
    violations.push(
      violation(
        qualifier,
        'qualifier',
        String.raw`Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`,
      ),
    );
  }
  return violations;
}

export type Qualifier = { kind: 'latest' } | { kind: 'version'; version: number } | { kind: 'alias'; name: string };

/** `$LATEST`, a version number, or else an alias name. */
export function classifyQualifier(qualifier: string): Qualifier {
  if (qualifier === LATEST) return { kind: 'latest' };
  if (/^\d+$/.test(qualifier)) return { kind: 'version', version: Number(qualifier) };
  return { kind: 'alias', name: qualifier };
}

/**
 * The qualifier an operation applies: from the name or the `Qualifier` parameter. Undefined when they
 * disagree (AWS: "The derived qualifier from the function name does not match the specified qualifier.").
 */
export function effectiveQualifier(
  fromName: string | undefined,
  fromParameter: string | undefined,
): { qualifier: string | undefined } | undefined {
  if (fromName !== undefined && fromParameter !== undefined && fromName !== fromParameter) return undefined;
  return { qualifier: fromName ?? fromParameter };
}

/** A taggable function ARN (`TagResource` and friends take ARNs only), or undefined. */
export function parseTaggableArn(
  arn: string,
): { region: string; accountId: string; name: string; qualifier: string | undefined } | undefined {
  const match = new RegExp(
    String.raw`^arn:aws[a-zA-Z-]*:lambda:(${REGION}):(\d{12}):function:([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$`,
  ).exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, name: match[3]!, qualifier: match[4] };
}

/** The Resource pattern AWS prints when a tag operation gets something that is not a Lambda ARN (AWS-recorded). */
export const TAGGABLE_RESOURCE_PATTERN_TEXT = String.raw`arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`;

const OTHER_TAGGABLE = new RegExp(
  String.raw`^arn:aws[a-zA-Z-]*:lambda:${REGION}:\d{12}:(?:layer:[a-zA-Z0-9_-]+|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F-]{36}|capacity-provider:[a-zA-Z0-9_-]+)$`,
);

/** A valid taggable ARN of a resource Onward does not have (layers, event source mappings, ...). */
export function isOtherTaggableArn(arn: string): boolean {
  return OTHER_TAGGABLE.test(arn);
}

const FUNCTION_ARN_PATTERN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;

export interface ParsedFunctionArn {
  region: string;
  accountId: string;
  functionName: string;
  qualifier: string | undefined;
}

/** A function ARN's parts (qualified or not), or undefined when it is not one. */
export function parseFunctionArn(arn: string): ParsedFunctionArn | undefined {
  const match = FUNCTION_ARN_PATTERN.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, functionName: match[3]!, qualifier: match[4] };
}
