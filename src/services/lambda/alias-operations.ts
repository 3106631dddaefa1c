/** Lambda alias operations: create, get, update, delete, list (RoutingConfig accepted, stored and returned). */
import type { AliasRecord, FunctionRecord } from '../../store/lambda-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { aliasNameViolations, checkRouting, readAliasChange } from './alias-validation.ts';
import { functionArn, LATEST } from './arn.ts';
import {
  functionNotFound,
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  throwViolations,
} from './errors.ts';
import { aliasConfiguration } from './function-configuration.ts';
import { addressOf, findFunction, newRevisionId, unqualified, type LambdaContext } from './lambda-context.ts';
import { optionalMarker, page, readMaxItems } from './paging.ts';
import { jsonResponse, noContent } from './responses.ts';

/** ListAliases is not held to ListFunctions' 50 a page. */
const MAX_ALIAS_PAGE_ITEMS = 10_000;

export function aliasOperations(lambda: LambdaContext): Record<string, OperationHandler> {
  const { store } = lambda;

  function aliasArn(fn: FunctionRecord, name: string): string {
    return functionArn(fn.region, fn.accountId, fn.name, name);
  }

  /** The primary version and the routed versions must exist; `$LATEST` cannot share its traffic. */
  function checkTargets(fn: FunctionRecord, functionVersion: string, weights: Readonly<Record<string, number>> | null): void {
    checkRouting(functionVersion, weights);
    for (const version of [functionVersion, ...Object.keys(weights ?? {})]) {
      if (version === LATEST) continue;
      if (!/^\d+$/.test(version) || !store.getVersion(fn.id, Number(version))) throw functionNotFound(aliasArn(fn, version));
    }
    if (functionVersion === LATEST && weights && Object.keys(weights).length > 0) {
      throw InvalidParameterValueException('$LATEST is not supported for an alias pointing to more than 1 version');
    }
  }

  function nameOf(input: Record<string, unknown>): string {
    const name = input.Name === undefined || input.Name === null ? '' : String(input.Name);
    throwViolations(aliasNameViolations(name));
    return name;
  }

  async function CreateAlias(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const name = input.Name === undefined || input.Name === null ? '' : String(input.Name);
    violations.push(...aliasNameViolations(name));
    const change = readAliasChange(input, violations, true);
    throwViolations(violations);
    checkRouting(change.functionVersion!, change.routingConfig ?? null);
    const address = unqualified(addressOf(input, request, { shape: 'FunctionName' }));
    const fn = findFunction(lambda, address, change.functionVersion);
    const weights = change.routingConfig ?? null;
    checkTargets(fn, change.functionVersion!, weights);
    const alias: AliasRecord = {
      functionId: fn.id,
      name,
      functionVersion: change.functionVersion!,
      description: change.description ?? '',
      routingConfig: weights,
      revisionId: newRevisionId(),
    };
    if (store.getAlias(fn.id, name) || !(await store.createAlias(alias))) {
      throw ResourceConflictException(`Alias already exists: ${aliasArn(fn, name)}`);
    }
    return jsonResponse(201, aliasConfiguration(fn, alias));
  }

  function GetAlias(input: Record<string, unknown>, request: RequestContext) {
    const name = nameOf(input);
    const fn = findFunction(lambda, unqualified(addressOf(input, request, { shape: 'FunctionName' })));
    const alias = store.getAlias(fn.id, name);
    if (!alias) throw ResourceNotFoundException(`Cannot find alias arn: ${aliasArn(fn, name)}`);
    return aliasConfiguration(fn, alias);
  }

  async function UpdateAlias(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const name = input.Name === undefined || input.Name === null ? '' : String(input.Name);
    violations.push(...aliasNameViolations(name));
    const change = readAliasChange(input, violations, false);
    throwViolations(violations);
    const fn = findFunction(lambda, unqualified(addressOf(input, request, { shape: 'FunctionName' })));
    const alias = store.getAlias(fn.id, name);
    if (!alias) throw ResourceNotFoundException(`Alias not found: ${aliasArn(fn, name)}`);
    if (input.RevisionId !== undefined && input.RevisionId !== null && String(input.RevisionId) !== alias.revisionId) {
      throw PreconditionFailedException();
    }
    const updated: AliasRecord = {
      ...alias,
      functionVersion: change.functionVersion ?? alias.functionVersion,
      description: change.description ?? alias.description,
      routingConfig: change.routingConfig === undefined ? alias.routingConfig : change.routingConfig,
      revisionId: newRevisionId(),
    };
    checkTargets(fn, updated.functionVersion, updated.routingConfig);
    await store.updateAlias(updated);
    return aliasConfiguration(fn, updated);
  }

  async function DeleteAlias(input: Record<string, unknown>, request: RequestContext) {
    const name = nameOf(input);
    const fn = findFunction(lambda, unqualified(addressOf(input, request, { shape: 'FunctionName' })));
    // Deleting an alias that does not exist succeeds (AWS-recorded).
    if (store.getAlias(fn.id, name)) await store.deleteAlias(fn.id, name);
    return noContent();
  }

  function ListAliases(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const filter = readAliasChange({ FunctionVersion: input.FunctionVersion }, violations, false).functionVersion;
    throwViolations(violations);
    const maxItems = readMaxItems(input.MaxItems, MAX_ALIAS_PAGE_ITEMS);
    const address = unqualified(addressOf(input, request, { shape: 'FunctionName' }));
    const fn = findFunction(lambda, address);
    const aliases = store.listAliases(fn.id).filter((alias) => filter === undefined || alias.functionVersion === filter);
    const result = page(aliases, (alias) => alias.name, optionalMarker(input), maxItems);
    const output: Record<string, unknown> = { Aliases: result.items.map((alias) => aliasConfiguration(fn, alias)) };
    if (result.nextMarker) output.NextMarker = result.nextMarker;
    return output;
  }

  return { CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases };
}
