/** GetAccountSettings: AWS's default limits beside what this account uses in the region. */
import type { OperationHandler, RequestContext } from '../service.ts';
import { ACCOUNT_CONCURRENT_EXECUTIONS } from './concurrency-operations.ts';
import type { LambdaContext } from './lambda-context.ts';
import { MAX_ZIPPED_BYTES } from './function-code.ts';
import { MAX_UNZIPPED_BYTES } from './zip-archive.ts';

/** 75 GB of code per region. */
const TOTAL_CODE_SIZE_BYTES = 80_530_636_800;

export function accountOperations(lambda: LambdaContext): Record<string, OperationHandler> {
  function GetAccountSettings(_input: Record<string, unknown>, request: RequestContext) {
    const usage = lambda.store.accountUsage(request.accountId, request.region);
    return {
      AccountLimit: {
        TotalCodeSize: TOTAL_CODE_SIZE_BYTES,
        CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
        CodeSizeZipped: MAX_ZIPPED_BYTES,
        ConcurrentExecutions: ACCOUNT_CONCURRENT_EXECUTIONS,
        UnreservedConcurrentExecutions: ACCOUNT_CONCURRENT_EXECUTIONS - usage.reservedConcurrency,
      },
      AccountUsage: { TotalCodeSize: usage.totalCodeSizeBytes, FunctionCount: usage.functionCount },
    };
  }

  return { GetAccountSettings };
}
