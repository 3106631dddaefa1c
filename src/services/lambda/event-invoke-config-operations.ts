/**
 * The asynchronous-invocation settings of a function's qualifiers: Put/Update/Get/List/Delete
 * FunctionEventInvokeConfig. A config belongs to one qualifier (`$LATEST` when none is given, a version
 * or an alias); Put replaces it, Update merges into an existing one.
 */
import type { EventInvokeConfigRecord, EventInvokeConfigWrite, FunctionRecord } from '../../store/lambda-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { functionArn, functionNameViolations, LATEST, qualifierViolations, violation } from './arn.ts';
import { ResourceNotFoundException, throwViolations } from './errors.ts';
import {
  checkAnySetting,
  checkDestinations,
  readEventInvokeConfigInput,
  type EventInvokeConfigInput,
} from './event-invoke-config-validation.ts';
import { addressOf, arnOfAddress, resolveQualifier, type FunctionAddress, type LambdaContext } from './lambda-context.ts';
import { optionalMarker, page, versionSortKey } from './paging.ts';
import { noContent } from './responses.ts';
import { readInteger } from './validate.ts';

const MAX_LIST_ITEMS = 50;

/** The wire shape: LastModified in epoch seconds (a number), FunctionArn qualified, both destination sides. */
export function eventInvokeConfigOutput(config: EventInvokeConfigRecord): Record<string, unknown> {
  const output: Record<string, unknown> = {
    LastModified: config.lastModifiedMs / 1000,
    FunctionArn: `${config.functionArn}:${config.qualifier}`,
  };
  if (config.maximumRetryAttempts !== undefined) output.MaximumRetryAttempts = config.maximumRetryAttempts;
  if (config.maximumEventAgeInSeconds !== undefined) output.MaximumEventAgeInSeconds = config.maximumEventAgeInSeconds;
  output.DestinationConfig = {
    OnSuccess: config.onSuccessDestination === undefined ? {} : { Destination: config.onSuccessDestination },
    OnFailure: config.onFailureDestination === undefined ? {} : { Destination: config.onFailureDestination },
  };
  return output;
}

/** `$LATEST`, then versions by number, then aliases by name. */
function qualifierSortKey(qualifier: string): string {
  return qualifier === LATEST || /^\d+$/.test(qualifier) ? versionSortKey(qualifier) : `2${qualifier}`;
}

/** Coral's checks of FunctionName and Qualifier, with the body's violations, in one ValidationException. */
function throwInputViolations(input: Record<string, unknown>, bodyViolations: readonly string[], withQualifier = true): void {
  const violations: string[] = [];
  if (input.FunctionName === undefined || input.FunctionName === null) {
    violations.push(violation(null, 'functionName', 'Member must not be null'));
  } else {
    violations.push(...functionNameViolations(String(input.FunctionName), 'NamespacedFunctionName'));
  }
  if (withQualifier && input.Qualifier !== undefined && input.Qualifier !== null) {
    violations.push(...qualifierViolations(String(input.Qualifier)));
  }
  throwViolations([...violations, ...bodyViolations]);
}

export function eventInvokeConfigOperations(lambda: LambdaContext): Record<string, OperationHandler> {
  const { store, clock } = lambda;

  const address = (input: Record<string, unknown>, request: RequestContext): FunctionAddress =>
    addressOf(input, request, { shape: 'NamespacedFunctionName', qualifierMember: 'Qualifier' });

  const noConfig = (at: FunctionAddress) =>
    ResourceNotFoundException(`The function ${arnOfAddress(at, at.qualifier ?? LATEST)} doesn't have an EventInvokeConfig`);

  const functionDoesNotExist = () => ResourceNotFoundException("The function doesn't exist.");

  /** Put/Update: the function and the qualifier's version or alias must exist. */
  function existingTarget(at: FunctionAddress): { fn: FunctionRecord; qualifier: string } {
    const fn = store.getFunction(at);
    if (!fn || !resolveQualifier(store, fn, at.qualifier)) throw functionDoesNotExist();
    return { fn, qualifier: at.qualifier ?? LATEST };
  }

  function checkDestinationsOf(fn: FunctionRecord, settings: EventInvokeConfigInput): void {
    if (!settings.destinationConfig) return;
    checkDestinations(settings.destinationConfig, {
      region: fn.region,
      accountId: fn.accountId,
      name: fn.name,
      lambdaExists: (target) => {
        const destination = store.getFunction(target);
        return destination !== undefined && resolveQualifier(store, destination, target.qualifier) !== undefined;
      },
    });
  }

  function readSettings(input: Record<string, unknown>): EventInvokeConfigInput {
    const violations: string[] = [];
    const settings = readEventInvokeConfigInput(input, violations);
    throwInputViolations(input, violations);
    checkAnySetting(input);
    return settings;
  }

  async function write(fn: FunctionRecord, config: EventInvokeConfigWrite) {
    await store.putEventInvokeConfig(fn.id, config);
    return eventInvokeConfigOutput({ ...config, functionArn: functionArn(fn.region, fn.accountId, fn.name) });
  }

  async function PutFunctionEventInvokeConfig(input: Record<string, unknown>, request: RequestContext) {
    const settings = readSettings(input);
    const { fn, qualifier } = existingTarget(address(input, request));
    checkDestinationsOf(fn, settings);
    return write(fn, {
      qualifier,
      maximumRetryAttempts: settings.maximumRetryAttempts,
      maximumEventAgeInSeconds: settings.maximumEventAgeInSeconds,
      onSuccessDestination: settings.destinationConfig?.onSuccess,
      onFailureDestination: settings.destinationConfig?.onFailure,
      lastModifiedMs: clock.now(),
    });
  }

  async function UpdateFunctionEventInvokeConfig(input: Record<string, unknown>, request: RequestContext) {
    const settings = readSettings(input);
    const at = address(input, request);
    const { fn, qualifier } = existingTarget(at);
    const existing = store.listEventInvokeConfigs(fn.id).find((config) => config.qualifier === qualifier);
    if (!existing) throw noConfig(at);
    checkDestinationsOf(fn, settings);
    // A given DestinationConfig replaces both sides; omitted settings keep their values.
    const destinations = settings.destinationConfig ?? {
      onSuccess: existing.onSuccessDestination,
      onFailure: existing.onFailureDestination,
    };
    return write(fn, {
      qualifier,
      maximumRetryAttempts: settings.maximumRetryAttempts ?? existing.maximumRetryAttempts,
      maximumEventAgeInSeconds: settings.maximumEventAgeInSeconds ?? existing.maximumEventAgeInSeconds,
      onSuccessDestination: destinations.onSuccess,
      onFailureDestination: destinations.onFailure,
      lastModifiedMs: clock.now(),
    });
  }

  /** Get/Delete: the config, or "doesn't have an EventInvokeConfig" (also for a function that does not exist). */
  function existingConfig(input: Record<string, unknown>, request: RequestContext) {
    throwInputViolations(input, []);
    const at = address(input, request);
    const fn = store.getFunction(at);
    const qualifier = at.qualifier ?? LATEST;
    const config = fn && store.listEventInvokeConfigs(fn.id).find((candidate) => candidate.qualifier === qualifier);
    if (!fn || !config) throw noConfig(at);
    return { fn, config };
  }

  function GetFunctionEventInvokeConfig(input: Record<string, unknown>, request: RequestContext) {
    return eventInvokeConfigOutput(existingConfig(input, request).config);
  }

  async function DeleteFunctionEventInvokeConfig(input: Record<string, unknown>, request: RequestContext) {
    const { fn, config } = existingConfig(input, request);
    await store.deleteEventInvokeConfig(fn.id, config.qualifier);
    return noContent();
  }

  function ListFunctionEventInvokeConfigs(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const maxItems = readInteger(input.MaxItems, 'maxItems', { min: 1, max: MAX_LIST_ITEMS }, violations);
    throwInputViolations(input, violations, false);
    // The list covers the whole function: a qualifier in the name is not a filter.
    const at = addressOf(input, request, { shape: 'NamespacedFunctionName' });
    const fn = store.getFunction(at);
    if (!fn) throw functionDoesNotExist();
    const configs = store
      .listEventInvokeConfigs(fn.id)
      .map((config) => ({ config, key: qualifierSortKey(config.qualifier) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const result = page(configs, (entry) => entry.key, optionalMarker(input), maxItems ?? MAX_LIST_ITEMS);
    const output: Record<string, unknown> = {
      FunctionEventInvokeConfigs: result.items.map((entry) => eventInvokeConfigOutput(entry.config)),
    };
    if (result.nextMarker) output.NextMarker = result.nextMarker;
    return output;
  }

  return {
    PutFunctionEventInvokeConfig,
    UpdateFunctionEventInvokeConfig,
    GetFunctionEventInvokeConfig,
    ListFunctionEventInvokeConfigs,
    DeleteFunctionEventInvokeConfig,
  };
}
