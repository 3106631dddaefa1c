/** AWS Lambda's function-management API over REST-JSON; Invoke is handed in by the composition root. */
import { RestRouter } from '../../aws/protocols/rest-json.ts';
import { ServiceError } from '../../aws/service-error.ts';
import type { Clock } from '../../clock/clock.ts';
import type { LambdaStore } from '../../store/lambda-store.ts';
import type { AwsService, OperationHandler } from '../service.ts';
import { accountOperations } from './account-operations.ts';
import { aliasOperations } from './alias-operations.ts';
import { CodeStorage } from './code-storage.ts';
import { concurrencyOperations } from './concurrency-operations.ts';
import { eventInvokeConfigOperations } from './event-invoke-config-operations.ts';
import { functionOperations } from './function-operations.ts';
import type { LambdaContext } from './lambda-context.ts';
import { LAMBDA_ROUTES } from './routes.ts';
import { tagOperations } from './tag-operations.ts';
import { versionOperations } from './version-operations.ts';

export interface LambdaServiceDependencies {
  store: LambdaStore;
  clock: Clock;
  /** Onward's data directory: uploaded code is kept under `<dataDir>/lambda/code/`. */
  dataDir: string;
  /** The Invoke operation (and legacy InvokeAsync, when given); without it both answer 501. */
  invoke?: OperationHandler;
  invokeAsync?: OperationHandler;
  /** Operations wired by the composition root (the event source mapping API). */
  extraOperations?: Readonly<Record<string, OperationHandler>>;
  /** Runtimes CreateFunction accepts; defaults to the runner's list. */
  runtimes?: readonly string[];
  /** Why a runtime cannot run on this machine (the runner's checkRuntimeAvailable); no check when absent. */
  runtimeProblem?: (runtime: string) => Promise<string | undefined>;
}

export interface LambdaService extends AwsService {
  readonly codeStorage: CodeStorage;
}

function invocationUnavailable(): never {
  throw new ServiceError({
    code: 'NotImplemented',
    message: "Onward's Lambda cannot invoke functions in this build yet: Invoke is not wired.",
    statusCode: 501,
    senderFault: false,
  });
}

export function createLambdaService(deps: LambdaServiceDependencies): LambdaService {
  const code = new CodeStorage(deps.dataDir);
  // Before any request: extracted code no version uses any more (or half-extracted) goes.
  code.sweep(deps.store.referencedCodeDirs());
  const lambda: LambdaContext = {
    store: deps.store,
    clock: deps.clock,
    code,
    runtimes: deps.runtimes,
    runtimeProblem: deps.runtimeProblem,
  };
  return {
    signingName: 'lambda',
    operations: {
      ...functionOperations(lambda),
      ...versionOperations(lambda),
      ...aliasOperations(lambda),
      ...concurrencyOperations(lambda),
      ...eventInvokeConfigOperations(lambda),
      ...tagOperations(lambda),
      ...accountOperations(lambda),
      Invoke: deps.invoke ?? invocationUnavailable,
      InvokeAsync: deps.invokeAsync ?? invocationUnavailable,
      ...deps.extraOperations,
    },
    rest: { router: new RestRouter(LAMBDA_ROUTES) },
    codeStorage: code,
  };
}
