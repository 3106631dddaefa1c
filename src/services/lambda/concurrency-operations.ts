/** Reserved concurrency: Put/Get/DeleteFunctionConcurrency, held against the account's limits. */
import type { OperationHandler, RequestContext } from '../service.ts';
import { LATEST, violation } from './arn.ts';
import { InvalidParameterValueException, throwViolations } from './errors.ts';
import { addressOf, findFunction, unqualified, type LambdaContext } from './lambda-context.ts';
import { noContent } from './responses.ts';
import { readInteger } from './validate.ts';

/** AWS's default account concurrency, and the part that can never be reserved. */
export const ACCOUNT_CONCURRENT_EXECUTIONS = 1000;
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

export function concurrencyOperations(lambda: LambdaContext): Record<string, OperationHandler> {
  const { store } = lambda;

  async function PutFunctionConcurrency(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    if (input.ReservedConcurrentExecutions === undefined || input.ReservedConcurrentExecutions === null) {
      violations.push(violation(null, 'reservedConcurrentExecutions', 'Member must not be null'));
    }
    const reserved = readInteger(input.ReservedConcurrentExecutions, 'reservedConcurrentExecutions', { min: 0 }, violations);
    throwViolations(violations);
    const address = unqualified(addressOf(input, request, { shape: 'FunctionName' }));
    const fn = findFunction(lambda, address, LATEST);
    const reservedElsewhere = store.accountUsage(fn.accountId, fn.region).reservedConcurrency - (fn.reservedConcurrency ?? 0);
    if (ACCOUNT_CONCURRENT_EXECUTIONS - reservedElsewhere - reserved! < MINIMUM_UNRESERVED_CONCURRENCY) {
      throw InvalidParameterValueException(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
      );
    }
    await store.setReservedConcurrency(fn.id, reserved!);
    return { ReservedConcurrentExecutions: reserved };
  }

  function GetFunctionConcurrency(input: Record<string, unknown>, request: RequestContext) {
    const fn = findFunction(lambda, unqualified(addressOf(input, request, { shape: 'FunctionName' })));
    return fn.reservedConcurrency === null ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
  }

  async function DeleteFunctionConcurrency(input: Record<string, unknown>, request: RequestContext) {
    const fn = findFunction(lambda, unqualified(addressOf(input, request, { shape: 'FunctionName' })));
    await store.setReservedConcurrency(fn.id, null);
    return noContent();
  }

  return { PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency };
}
