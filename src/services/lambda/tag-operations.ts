/** Tags on functions (TagResource, UntagResource, ListTags): by unqualified function ARN only, as AWS. */
import type { FunctionRecord } from '../../store/lambda-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { functionArn, isOtherTaggableArn, parseTaggableArn, TAGGABLE_RESOURCE_PATTERN_TEXT, violation } from './arn.ts';
import { functionNotFound, InvalidParameterValueException, ResourceNotFoundException, throwViolations } from './errors.ts';
import type { LambdaContext } from './lambda-context.ts';
import { noContent } from './responses.ts';
import { checkTagCount, readTags } from './validate.ts';

export function tagOperations(lambda: LambdaContext): Record<string, OperationHandler> {
  const { store } = lambda;

  function taggedFunction(input: Record<string, unknown>, request: RequestContext, violations: string[] = []): FunctionRecord {
    const resource = input.Resource === undefined || input.Resource === null ? '' : String(input.Resource);
    const arn = parseTaggableArn(resource);
    if (!arn && !isOtherTaggableArn(resource)) {
      violations.unshift(
        violation(resource, 'resource', `Member must satisfy regular expression pattern: ${TAGGABLE_RESOURCE_PATTERN_TEXT}`),
      );
    }
    throwViolations(violations);
    // Layers, event source mappings...: Onward has none of them.
    if (!arn) throw ResourceNotFoundException(`The resource you requested does not exist. (Resource: ${resource})`);
    if (arn.qualifier !== undefined) {
      throw InvalidParameterValueException(
        'Tags on function aliases and versions are not supported. Please specify a function ARN.',
      );
    }
    const fn = arn.region === request.region ? store.getFunction(arn) : undefined;
    if (!fn) throw functionNotFound(functionArn(arn.region, arn.accountId, arn.name));
    return fn;
  }

  async function TagResource(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    if (input.Tags === undefined || input.Tags === null) violations.push(violation(null, 'tags', 'Member must not be null'));
    const fn = taggedFunction(input, request, violations);
    const tags = readTags(input.Tags);
    if (Object.keys(tags).length === 0) {
      throw InvalidParameterValueException('An error occurred and the request cannot be processed.');
    }
    const merged = { ...fn.tags, ...tags };
    checkTagCount(Object.keys(merged).length);
    await store.setTags(fn.id, merged);
    return noContent();
  }

  async function UntagResource(input: Record<string, unknown>, request: RequestContext) {
    const violations: string[] = [];
    const keys = input.TagKeys;
    if (keys === undefined || keys === null) violations.push(violation(null, 'tagKeys', 'Member must not be null'));
    const fn = taggedFunction(input, request, violations);
    const remaining = { ...fn.tags };
    for (const key of Array.isArray(keys) ? keys : [keys]) delete remaining[String(key)];
    await store.setTags(fn.id, remaining);
    return noContent();
  }

  function ListTags(input: Record<string, unknown>, request: RequestContext) {
    return { Tags: { ...taggedFunction(input, request).tags } };
  }

  return { TagResource, UntagResource, ListTags };
}
