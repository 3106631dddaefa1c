/** Assembles event source mappings for the composition root: the API operations, the pollers, the invoker. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import { parseFunctionReference } from '../services/lambda/arn.ts';
import { eventSourceMappingOperations } from '../services/lambda/event-source-mapping-operations.ts';
import { internalRequest, type AwsService, type OperationHandler, type RawResponse } from '../services/service.ts';
import type { InternalTargets } from '../services/targets/internal-targets.ts';
import type { Store } from '../store/store.ts';
import { EsmManager } from './esm-manager.ts';
import type { EsmInvoker, PatternCompiler } from './esm-ports.ts';

export interface EventSourceMappingsSetup {
  operations: Record<string, OperationHandler>;
  manager: EsmManager;
}

export function createEventSourceMappings(deps: {
  store: Store;
  clock: Clock;
  sqs: AwsService;
  targets: InternalTargets;
  /** Lambda's Invoke operation (bound late: the Lambda service is built with these operations). */
  invoke: OperationHandler;
  compilePattern?: PatternCompiler;
  log: (line: string) => void;
}): EventSourceMappingsSetup {
  const invoke: EsmInvoker = async (mapping, payload) => {
    const request = internalRequest(mapping.accountId, mapping.region, randomUUID());
    const response = (await deps.invoke(
      { FunctionName: mapping.functionArn, InvocationType: 'RequestResponse', Payload: payload },
      request,
    )) as RawResponse;
    const headers = response.headers ?? {};
    return {
      requestId: request.requestId,
      payload: Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body ?? ''),
      functionError: headers['X-Amz-Function-Error'],
      executedVersion: headers['X-Amz-Executed-Version'] ?? '$LATEST',
    };
  };
  const roleOf = (functionArn: string): string => {
    const reference = parseFunctionReference(functionArn, 'NamespacedFunctionName');
    const fn = reference
      ? deps.store.lambda.getFunction({ accountId: reference.accountId!, region: reference.region!, name: reference.name })
      : undefined;
    return fn?.latest.role ?? '';
  };
  const manager = new EsmManager({
    mappings: deps.store.eventSourceMappings,
    sqs: deps.sqs,
    sqsStore: deps.store.sqs,
    kinesisStore: deps.store.kinesis,
    clock: deps.clock,
    invoke,
    targets: deps.targets,
    ...(deps.compilePattern ? { compilePattern: deps.compilePattern } : {}),
    roleOf,
    log: deps.log,
  });
  const compile = deps.compilePattern;
  const operations = eventSourceMappingOperations({
    store: deps.store.eventSourceMappings,
    lambda: deps.store.lambda,
    sqs: deps.store.sqs,
    kinesis: deps.store.kinesis,
    clock: deps.clock,
    ...(compile
      ? {
          checkFilterPattern: (pattern: string) => {
            try {
              compile(pattern);
              return undefined;
            } catch (error) {
              return (error as Error).message;
            }
          },
        }
      : {}),
    changed: (uuid) => manager.changed(uuid),
  });
  return { operations, manager };
}
