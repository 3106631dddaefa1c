/** What the Lambda operations share: the store, the clock, code storage, and finding the function a request names. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock.ts';
import type { AliasRecord, FunctionRecord, LambdaStore, VersionConfig } from '../../store/lambda-store.ts';
import type { RequestContext } from '../service.ts';
import {
  classifyQualifier,
  effectiveQualifier,
  functionArn,
  functionNameViolations,
  LATEST,
  parseFunctionReference,
  qualifierViolations,
  violation,
  type FunctionNameShape,
} from './arn.ts';
import type { CodeStorage } from './code-storage.ts';
import { functionNotFound, InvalidParameterValueException, ResourceNotFoundException, throwViolations } from './errors.ts';

export interface LambdaContext {
  store: LambdaStore;
  clock: Clock;
  code: CodeStorage;
  /** Runtimes CreateFunction accepts (default: the runner's list). */
  runtimes?: readonly string[];
  /** Why a runtime cannot run on this machine (no python3...), undefined when it can. */
  runtimeProblem?: (runtime: string) => Promise<string | undefined>;
}

/** Refuses a runtime this machine cannot run: a clear error now rather than a failed invoke later. */
export async function checkRuntimeRunsHere(lambda: LambdaContext, runtime: string | undefined): Promise<void> {
  if (runtime === undefined || !lambda.runtimeProblem) return;
  const problem = await lambda.runtimeProblem(runtime);
  if (problem !== undefined) throw InvalidParameterValueException(problem);
}

export const newRevisionId = (): string => randomUUID();

export interface FunctionAddress {
  accountId: string;
  region: string;
  name: string;
  /** From the name or the Qualifier parameter. */
  qualifier: string | undefined;
}

export interface AddressOptions {
  shape: FunctionNameShape;
  /** The input member holding a qualifier (`Qualifier`), for the operations that take one. */
  qualifierMember?: string;
}

/** Validates and parses the function an input names, without looking it up. */
export function addressOf(input: Record<string, unknown>, request: RequestContext, options: AddressOptions): FunctionAddress {
  const raw = input.FunctionName;
  if (raw === undefined || raw === null) throwViolations([violation(null, 'functionName', 'Member must not be null')]);
  const value = String(raw);
  const violations = functionNameViolations(value, options.shape);
  const qualifierParameter =
    options.qualifierMember !== undefined &&
    input[options.qualifierMember] !== undefined &&
    input[options.qualifierMember] !== null
      ? String(input[options.qualifierMember])
      : undefined;
  if (qualifierParameter !== undefined) violations.push(...qualifierViolations(qualifierParameter));
  throwViolations(violations);
  const reference = parseFunctionReference(value, options.shape)!;
  const qualifier = effectiveQualifier(reference.qualifier, qualifierParameter);
  if (!qualifier) {
    throw InvalidParameterValueException('The derived qualifier from the function name does not match the specified qualifier.');
  }
  if (reference.region !== undefined && reference.region !== request.region) {
    throw ResourceNotFoundException(
      `Functions from '${reference.region}' are not reachable in this region ('${request.region}')`,
    );
  }
  return {
    // A function of another account is reachable by its ARN: Onward does not model resource policies.
    accountId: reference.accountId ?? request.accountId,
    region: request.region,
    name: reference.name,
    qualifier: qualifier.qualifier,
  };
}

export function arnOfAddress(address: FunctionAddress, qualifier?: string): string {
  return functionArn(address.region, address.accountId, address.name, qualifier);
}

/** The function an input names; `notFoundQualifier` is what the not-found ARN is qualified with. */
export function findFunction(
  lambda: LambdaContext,
  address: FunctionAddress,
  notFoundQualifier: string | undefined = address.qualifier,
): FunctionRecord {
  const fn = lambda.store.getFunction(address);
  if (!fn) throw functionNotFound(arnOfAddress(address, notFoundQualifier));
  return fn;
}

/** For operations on the function itself (not a version or alias): a qualified name is refused. */
export function unqualified(address: FunctionAddress): FunctionAddress {
  if (address.qualifier !== undefined) {
    throw InvalidParameterValueException(
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    );
  }
  return address;
}

export interface ResolvedQualifier {
  /** `$LATEST` or the version number. */
  version: string;
  config: VersionConfig;
  alias: AliasRecord | undefined;
}

/** The version a qualifier designates (an alias resolves to its primary version), or undefined. */
export function resolveQualifier(
  store: LambdaStore,
  fn: FunctionRecord,
  qualifier: string | undefined,
): ResolvedQualifier | undefined {
  if (qualifier === undefined) return { version: LATEST, config: fn.latest, alias: undefined };
  const kind = classifyQualifier(qualifier);
  if (kind.kind === 'latest') return { version: LATEST, config: fn.latest, alias: undefined };
  if (kind.kind === 'version') {
    const version = store.getVersion(fn.id, kind.version);
    return version && { version: String(version.version), config: version.config, alias: undefined };
  }
  const alias = store.getAlias(fn.id, kind.name);
  if (!alias) return undefined;
  // An alias points at `$LATEST` or a version number, never at another alias.
  const target = resolveQualifier(store, fn, alias.functionVersion);
  return target && { ...target, alias };
}
