/**
 * Resolution for the Invoke path: the function and the exact version a caller's name (and Qualifier)
 * designates, with everything needed to run it. Aliases resolve to their version, following a
 * RoutingConfig's weights.
 */
import type { CodeKind, LambdaStore } from '../../store/lambda-store.ts';
import { pickRoutedVersion } from './alias-validation.ts';
import {
  effectiveQualifier,
  functionArn,
  functionNameViolations,
  LATEST,
  parseFunctionReference,
  qualifierViolations,
} from './arn.ts';
import { functionNotFound, InvalidParameterValueException, ResourceNotFoundException, throwViolations } from './errors.ts';
import { resolveQualifier } from './lambda-context.ts';

export interface ResolvedConfiguration {
  runtime: string;
  /** Empty for a `provided` runtime created without one. */
  handler: string;
  /** Absolute directory of the code (extracted zip, or the live directory of a hot-reload function). */
  codeDir: string;
  /** `directory`: hot reload (the directory can change under a running instance). */
  codeKind: CodeKind;
  codeSha256: string;
  memorySizeMb: number;
  timeoutSeconds: number;
  environment: Readonly<Record<string, string>>;
  revisionId: string;
  /** The function's dead-letter target ($LATEST's: AWS treats it as function-level). */
  deadLetterConfig: { targetArn: string } | undefined;
  lastModifiedMs: number;
}

export interface ResolvedFunction {
  functionName: string;
  accountId: string;
  region: string;
  /** Unqualified function ARN. */
  functionArn: string;
  /** The ARN as the caller used it: qualified with its alias, version or `$LATEST`, unqualified if it gave none. */
  invokedArn: string;
  /** The qualifier the caller gave (from the name or the Qualifier parameter), if any. */
  qualifier: string | undefined;
  /** `$LATEST` or the version number that runs. */
  resolvedVersion: string;
  configuration: ResolvedConfiguration;
  reservedConcurrency: number | undefined;
}

/**
 * Resolves `functionName` (`my-fn`, `my-fn:alias`, `my-fn:3`, full or partial ARN) with an optional
 * Qualifier. Throws the AWS errors: ValidationException (malformed name or qualifier),
 * InvalidParameterValueException (name and Qualifier disagree), ResourceNotFoundException
 * ("Function not found: arn:aws:lambda:<region>:<account>:function:<name>:<qualifier or $LATEST>").
 * Synchronous (reads only); `random` picks between an alias's weighted versions.
 */
export function resolveFunction(
  store: LambdaStore,
  accountId: string,
  region: string,
  functionName: string,
  qualifier?: string,
  random: () => number = Math.random,
): ResolvedFunction {
  const violations = functionNameViolations(functionName, 'NamespacedFunctionName');
  if (qualifier !== undefined) violations.push(...qualifierViolations(qualifier));
  throwViolations(violations);
  const reference = parseFunctionReference(functionName, 'NamespacedFunctionName')!;
  const effective = effectiveQualifier(reference.qualifier, qualifier);
  if (!effective) {
    throw InvalidParameterValueException('The derived qualifier from the function name does not match the specified qualifier.');
  }
  if (reference.region !== undefined && reference.region !== region) {
    throw ResourceNotFoundException(`Functions from '${reference.region}' are not reachable in this region ('${region}')`);
  }
  const owner = reference.accountId ?? accountId;
  const used = effective.qualifier;
  const notFound = () => functionNotFound(functionArn(region, owner, reference.name, used ?? LATEST));
  const fn = store.getFunction({ accountId: owner, region, name: reference.name });
  if (!fn) throw notFound();
  let resolved = resolveQualifier(store, fn, used);
  if (!resolved) throw notFound();
  if (resolved.alias?.routingConfig) {
    const routed = pickRoutedVersion(resolved.version, resolved.alias.routingConfig, random);
    if (routed !== resolved.version) resolved = resolveQualifier(store, fn, routed) ?? resolved;
  }
  const config = resolved.config;
  return {
    functionName: fn.name,
    accountId: fn.accountId,
    region: fn.region,
    functionArn: functionArn(fn.region, fn.accountId, fn.name),
    invokedArn: functionArn(fn.region, fn.accountId, fn.name, used),
    qualifier: used,
    resolvedVersion: resolved.version,
    configuration: {
      runtime: config.runtime,
      handler: config.handler ?? '',
      codeDir: config.code.dir,
      codeKind: config.code.kind,
      codeSha256: config.code.sha256,
      memorySizeMb: config.memorySizeMb,
      timeoutSeconds: config.timeoutSeconds,
      environment: config.environment ?? {},
      revisionId: config.revisionId,
      // Function-level, as current AWS docs say: versions use $LATEST's dead-letter target.
      deadLetterConfig: fn.latest.deadLetterTargetArn === null ? undefined : { targetArn: fn.latest.deadLetterTargetArn },
      lastModifiedMs: config.lastModifiedMs,
    },
    reservedConcurrency: fn.reservedConcurrency ?? undefined,
  };
}
