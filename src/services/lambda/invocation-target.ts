/** From the function-management model to what Invoke runs: the resolved version, with live code fingerprinted. */
import type { LambdaStore } from '../../store/lambda-store.ts';
import type { RequestContext } from '../service.ts';
import { codeFingerprint } from './code-fingerprint.ts';
import { resolveFunction } from './function-resolver.ts';
import type { InvocationTarget } from './invoke.ts';

export function invocationTargetResolver(store: LambdaStore) {
  return (request: RequestContext, functionName: string, qualifier: string | undefined): InvocationTarget => {
    const resolved = resolveFunction(store, request.accountId, request.region, functionName, qualifier);
    const configuration = resolved.configuration;
    return {
      functionName: resolved.functionName,
      functionArn: resolved.functionArn,
      invokedArn: resolved.invokedArn,
      qualifier: resolved.qualifier,
      resolvedVersion: resolved.resolvedVersion,
      runtime: configuration.runtime,
      handler: configuration.handler,
      codeDir: configuration.codeDir,
      // A live directory has no fixed hash: its fingerprint makes edited code a new pool.
      codeSha256: configuration.codeKind === 'directory' ? codeFingerprint(configuration.codeDir) : configuration.codeSha256,
      revisionId: configuration.revisionId,
      memorySizeMb: configuration.memorySizeMb,
      timeoutSeconds: configuration.timeoutSeconds,
      environment: configuration.environment,
      reservedConcurrency: resolved.reservedConcurrency,
      ...(configuration.deadLetterConfig?.targetArn ? { deadLetterTargetArn: configuration.deadLetterConfig.targetArn } : {}),
    };
  };
}
