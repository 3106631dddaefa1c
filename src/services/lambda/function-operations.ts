/** Lambda operations on functions: create, get, list, update code and configuration, delete. */
import type { FunctionRecord, VersionConfig } from '../../store/lambda-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { classifyQualifier, functionNameViolations, LATEST, parseFunctionReference, violation } from './arn.ts';
import {
  functionNotFound,
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  throwViolations,
  validationMessage,
} from './errors.ts';
import { checkDeadLetterTarget } from './event-invoke-config-validation.ts';
import { previewCode, readCodeSource, storeCode } from './function-code.ts';
import { functionConfiguration } from './function-configuration.ts';
import {
  addressOf,
  arnOfAddress,
  checkRuntimeRunsHere,
  findFunction,
  newRevisionId,
  resolveQualifier,
  unqualified,
  type FunctionAddress,
  type LambdaContext,
} from './lambda-context.ts';
import { functionVersionEnum, optionalMarker, page, readMaxItems, versionSortKey } from './paging.ts';
import { jsonResponse, noContent } from './responses.ts';
import {
  checkConfigurationChange,
  checkRuntimeAndHandler,
  checkTagCount,
  DEFAULT_MEMORY_SIZE_MB,
  DEFAULT_TIMEOUT_SECONDS,
  readConfigurationChange,
  readTags,
  type ConfigurationChange,
} from './validate.ts';

const MAX_BARE_NAME_LENGTH = 64;

/** `$LATEST` with a change applied (the caller sets code, revision and time). */
function applyChange(config: VersionConfig, change: ConfigurationChange): VersionConfig {
  return {
    ...config,
    runtime: change.runtime ?? config.runtime,
    handler: change.handler ?? config.handler,
    role: change.role ?? config.role,
    description: change.description ?? config.description,
    timeoutSeconds: change.timeoutSeconds ?? config.timeoutSeconds,
    memorySizeMb: change.memorySizeMb ?? config.memorySizeMb,
    environment: change.environment ?? config.environment,
    deadLetterTargetArn: change.deadLetterTargetArn === undefined ? config.deadLetterTargetArn : change.deadLetterTargetArn,
  };
}

function checkRevision(expected: unknown, actual: string): void {
  if (expected !== undefined && expected !== null && String(expected) !== actual) throw PreconditionFailedException();
}

export function functionOperations(lambda: LambdaContext): Record<string, OperationHandler> {
  const { store, clock } = lambda;

  /** Re-reads the function after an await: it may have been deleted or changed meanwhile. */
  function current(address: FunctionAddress): FunctionRecord {
    return findFunction(lambda, address, LATEST);
  }

  async function CreateFunction(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const rawName = input.FunctionName;
    if (rawName === undefined || rawName === null) violations.push(violation(null, 'functionName', 'Member must not be null'));
    else violations.push(...functionNameViolations(String(rawName), 'FunctionName', true));
    if (input.Role === undefined || input.Role === null) violations.push(violation(null, 'role', 'Member must not be null'));
    if (input.Code === undefined || input.Code === null) violations.push(violation(null, 'code', 'Member must not be null'));
    const change = readConfigurationChange(input, violations);
    throwViolations(violations);

    const reference = parseFunctionReference(String(rawName), 'FunctionName')!;
    if (reference.bareName && reference.name.length > MAX_BARE_NAME_LENGTH) {
      throw InvalidParameterValueException(
        validationMessage([
          violation(reference.name, 'functionName', `Member must have length less than or equal to ${MAX_BARE_NAME_LENGTH}`),
        ]),
      );
    }
    if (input.PackageType !== undefined && input.PackageType !== null && input.PackageType !== 'Zip') {
      throw InvalidParameterValueException(
        'Onward runs Zip packages only: container images (PackageType Image) are not supported.',
      );
    }
    checkConfigurationChange(change, lambda.runtimes);
    if (change.deadLetterTargetArn) checkDeadLetterTarget(change.deadLetterTargetArn);
    checkRuntimeAndHandler(change.runtime, change.handler);
    const tags = readTags(input.Tags);
    checkTagCount(Object.keys(tags).length);
    const address = addressOf({ FunctionName: rawName }, request, { shape: 'FunctionName' });
    const source = readCodeSource(input.Code as Record<string, unknown>);
    if (store.getFunction(address)) throw ResourceConflictException(`Function already exist: ${address.name}`);
    await checkRuntimeRunsHere(lambda, change.runtime);

    const code = await storeCode(lambda.code, source);
    const nowMs = clock.now();
    const latest: VersionConfig = applyChange(
      {
        runtime: change.runtime!,
        handler: null,
        role: change.role!,
        description: '',
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
        memorySizeMb: DEFAULT_MEMORY_SIZE_MB,
        environment: null,
        deadLetterTargetArn: null,
        code,
        revisionId: newRevisionId(),
        lastModifiedMs: nowMs,
      },
      change,
    );
    const firstVersion = input.Publish === true ? { ...latest, revisionId: newRevisionId() } : undefined;
    const fn = await store.createFunction({ ...address, latest, tags, createdAtMs: nowMs, firstVersion });
    if (!fn) throw ResourceConflictException(`Function already exist: ${address.name}`);
    // With Publish, AWS answers with version 1's configuration under the unqualified ARN.
    if (firstVersion) return jsonResponse(201, functionConfiguration({ fn, config: firstVersion, version: '1' }));
    return jsonResponse(201, functionConfiguration({ fn, config: fn.latest, version: LATEST }));
  }

  /** The function and the version a Get* request designates. */
  function designated(input: Record<string, unknown>, request: RequestContext) {
    const address = addressOf(input, request, { shape: 'NamespacedFunctionName', qualifierMember: 'Qualifier' });
    const fn = findFunction(lambda, address);
    const resolved = resolveQualifier(store, fn, address.qualifier);
    if (!resolved) throw functionNotFound(arnOfAddress(address, address.qualifier));
    return {
      fn,
      configuration: functionConfiguration({
        fn,
        config: resolved.config,
        version: resolved.version,
        arnQualifier: address.qualifier,
      }),
      config: resolved.config,
    };
  }

  function GetFunction(input: Record<string, unknown>, request: RequestContext) {
    const { fn, configuration, config } = designated(input, request);
    const output: Record<string, unknown> = {
      Configuration: configuration,
      Code: { RepositoryType: 'S3', Location: lambda.code.locationUrl(config.code, request.origin) },
    };
    if (Object.keys(fn.tags).length > 0) output.Tags = { ...fn.tags };
    if (fn.reservedConcurrency !== null) output.Concurrency = { ReservedConcurrentExecutions: fn.reservedConcurrency };
    return output;
  }

  function GetFunctionConfiguration(input: Record<string, unknown>, request: RequestContext) {
    return designated(input, request).configuration;
  }

  function ListFunctions(input: Record<string, unknown>, request: RequestContext) {
    const all = functionVersionEnum(input.FunctionVersion) === 'ALL';
    const maxItems = readMaxItems(input.MaxItems);
    const entries: { key: string; configuration: () => Record<string, unknown> }[] = [];
    for (const fn of store.listFunctions(request.accountId, request.region)) {
      entries.push({
        key: `${fn.name}\u0000${versionSortKey(LATEST)}`,
        configuration: () =>
          functionConfiguration({
            fn,
            config: fn.latest,
            version: LATEST,
            arnQualifier: all ? LATEST : undefined,
            listing: true,
          }),
      });
      if (!all) continue;
      for (const version of store.listVersions(fn.id)) {
        const name = String(version.version);
        entries.push({
          key: `${fn.name}\u0000${versionSortKey(name)}`,
          configuration: () =>
            functionConfiguration({ fn, config: version.config, version: name, arnQualifier: name, listing: true }),
        });
      }
    }
    const result = page(entries, (entry) => entry.key, optionalMarker(input), maxItems);
    const output: Record<string, unknown> = { Functions: result.items.map((entry) => entry.configuration()) };
    if (result.nextMarker) output.NextMarker = result.nextMarker;
    return output;
  }

  async function UpdateFunctionCode(input: Record<string, unknown>, request: RequestContext) {
    const address = unqualified(addressOf(input, request, { shape: 'FunctionName' }));
    const before = current(address);
    checkRevision(input.RevisionId, before.latest.revisionId);
    const source = readCodeSource(input);
    if (input.DryRun === true) {
      const code = previewCode(lambda.code, source);
      return functionConfiguration({ fn: before, config: { ...before.latest, code }, version: LATEST });
    }
    const code = await storeCode(lambda.code, source);
    // Decided on a fresh read, in the same turn as the write.
    const fn = current(address);
    checkRevision(input.RevisionId, fn.latest.revisionId);
    const latest: VersionConfig = { ...fn.latest, code, revisionId: newRevisionId(), lastModifiedMs: clock.now() };
    const publish = input.Publish === true ? { ...latest, revisionId: newRevisionId() } : undefined;
    const version = await store.updateLatest(fn.id, latest, publish);
    if (version) {
      const name = String(version.version);
      return functionConfiguration({ fn, config: version.config, version: name, arnQualifier: name });
    }
    return functionConfiguration({ fn, config: latest, version: LATEST });
  }

  async function UpdateFunctionConfiguration(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const change = readConfigurationChange(input, violations);
    throwViolations(violations);
    const address = unqualified(addressOf(input, request, { shape: 'FunctionName' }));
    checkConfigurationChange(change, lambda.runtimes);
    if (change.deadLetterTargetArn) checkDeadLetterTarget(change.deadLetterTargetArn);
    await checkRuntimeRunsHere(lambda, change.runtime);
    // Decided on a fresh read, after the await.
    const fn = current(address);
    checkRevision(input.RevisionId, fn.latest.revisionId);
    const latest: VersionConfig = {
      ...applyChange(fn.latest, change),
      revisionId: newRevisionId(),
      lastModifiedMs: clock.now(),
    };
    checkRuntimeAndHandler(latest.runtime, latest.handler);
    await store.updateLatest(fn.id, latest);
    return functionConfiguration({ fn, config: latest, version: LATEST });
  }

  async function DeleteFunction(input: Record<string, unknown>, request: RequestContext) {
    const address = addressOf(input, request, { shape: 'NamespacedFunctionName', qualifierMember: 'Qualifier' });
    const qualifier = address.qualifier === undefined ? undefined : classifyQualifier(address.qualifier);
    if (qualifier?.kind === 'latest') {
      throw InvalidParameterValueException('$LATEST version cannot be deleted without deleting the function.');
    }
    if (qualifier?.kind === 'alias') throw InvalidParameterValueException('Deletion of aliases is not currently supported.');
    const fn = findFunction(lambda, address, undefined);
    if (qualifier === undefined) {
      await store.deleteFunction(fn.id);
      return noContent();
    }
    // Deleting a version that does not exist succeeds (AWS-recorded).
    if (!store.getVersion(fn.id, qualifier.version)) return noContent();
    const version = String(qualifier.version);
    const referencing = store
      .listAliases(fn.id)
      .filter((alias) => alias.functionVersion === version || (alias.routingConfig && version in alias.routingConfig))
      .map((alias) => alias.name);
    if (referencing.length > 0) {
      throw ResourceConflictException(
        `Unable to delete version because the following aliases reference it: [${referencing.join(', ')}]`,
      );
    }
    await store.deleteVersion(fn.id, qualifier.version);
    return noContent();
  }

  return {
    CreateFunction,
    GetFunction,
    GetFunctionConfiguration,
    ListFunctions,
    UpdateFunctionCode,
    UpdateFunctionConfiguration,
    DeleteFunction,
  };
}
