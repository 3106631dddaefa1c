/** Lambda operations on published versions: publish and list (deletion is DeleteFunction with a Qualifier). */
import type { OperationHandler, RequestContext } from '../service.ts';
import { LATEST, violation } from './arn.ts';
import { InvalidParameterValueException, PreconditionFailedException, throwViolations } from './errors.ts';
import { functionConfiguration, sameCodeAndConfiguration } from './function-configuration.ts';
import { addressOf, findFunction, newRevisionId, unqualified, type LambdaContext } from './lambda-context.ts';
import { optionalMarker, page, readMaxItems, versionSortKey } from './paging.ts';
import { jsonResponse } from './responses.ts';

const MAX_DESCRIPTION_LENGTH = 256;

export function versionOperations(lambda: LambdaContext): Record<string, OperationHandler> {
  const { store, clock } = lambda;

  async function PublishVersion(input: Record<string, unknown>, request: RequestContext) {
    const description = input.Description === undefined || input.Description === null ? undefined : String(input.Description);
    if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
      throwViolations([
        violation(description, 'description', `Member must have length less than or equal to ${MAX_DESCRIPTION_LENGTH}`),
      ]);
    }
    const address = unqualified(addressOf(input, request, { shape: 'FunctionName' }));
    const fn = findFunction(lambda, address, LATEST);
    const codeSha256 = input.CodeSha256;
    if (codeSha256 !== undefined && codeSha256 !== null && String(codeSha256) !== fn.latest.code.sha256) {
      throw InvalidParameterValueException(
        `CodeSHA256 (${String(codeSha256)}) is different from current CodeSHA256 in $LATEST (${fn.latest.code.sha256}). Please try again with the CodeSHA256 in $LATEST.`,
      );
    }
    if (input.RevisionId !== undefined && input.RevisionId !== null && String(input.RevisionId) !== fn.latest.revisionId) {
      throw PreconditionFailedException();
    }
    // Nothing changed since the last published version: AWS answers with that version again.
    const last = store.listVersions(fn.id).at(-1);
    if (last && sameCodeAndConfiguration(last.config, fn.latest)) {
      const name = String(last.version);
      return jsonResponse(201, functionConfiguration({ fn, config: last.config, version: name, arnQualifier: name }));
    }
    const config = {
      ...fn.latest,
      description: description ?? fn.latest.description,
      revisionId: newRevisionId(),
      lastModifiedMs: clock.now(),
    };
    const version = await store.publishVersion(fn.id, config, newRevisionId());
    const name = String(version.version);
    return jsonResponse(201, functionConfiguration({ fn, config: version.config, version: name, arnQualifier: name }));
  }

  function ListVersionsByFunction(input: Record<string, unknown>, request: RequestContext) {
    const maxItems = readMaxItems(input.MaxItems);
    const address = unqualified(addressOf(input, request, { shape: 'NamespacedFunctionName' }));
    const fn = findFunction(lambda, address);
    const entries = [
      { version: LATEST, config: fn.latest },
      ...store.listVersions(fn.id).map((v) => ({ version: String(v.version), config: v.config })),
    ];
    const result = page(entries, (entry) => versionSortKey(entry.version), optionalMarker(input), maxItems);
    const output: Record<string, unknown> = {
      Versions: result.items.map((entry) =>
        functionConfiguration({ fn, config: entry.config, version: entry.version, arnQualifier: entry.version, listing: true }),
      ),
    };
    if (result.nextMarker) output.NextMarker = result.nextMarker;
    return output;
  }

  return { PublishVersion, ListVersionsByFunction };
}
