/** SQS operations on queues: create, find, list, attributes, tags, permissions, purge, delete. */
import type { QueueRecord } from '../../store/sqs-store.ts';
import { optionalInteger, optionalString, optionalStringList, optionalStringMap, requiredString } from '../input.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { InvalidParameterValue, PurgeQueueInProgress, QueueDoesNotExist, QueueNameExists, invalidParameter } from './errors.ts';
import {
  ALL_ATTRIBUTE_NAMES,
  applyAttributeChanges,
  canonicalAttributes,
  effectiveAttributes,
  firstDifferingAttribute,
  parseRedrivePolicy,
  redriveAllowed,
  unknownAttribute,
} from './queue-attributes.ts';
import { parseQueueArn, queueArn } from './queue-url.ts';
import { SQS_INPUT_ERRORS, arnOf, resolveQueue, urlOf, type SqsContext } from './sqs-context.ts';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
const PURGE_INTERVAL_MS = 60_000;
const MAX_TAGS = 50;

function validateQueueName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!FIFO_QUEUE_NAME.test(name)) {
      throw InvalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
    }
    return;
  }
  if (!QUEUE_NAME.test(name)) {
    throw InvalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
}

/** A RedrivePolicy must name an existing queue of the same kind that allows this source. */
function checkRedriveTarget(
  sqs: SqsContext,
  attributes: Record<string, string>,
  source: { region: string; accountId: string; name: string; fifo: boolean },
): void {
  const raw = attributes.RedrivePolicy;
  if (!raw) return;
  const policy = parseRedrivePolicy(raw);
  const target = parseQueueArn(policy.deadLetterTargetArn)!;
  const queue = sqs.store.getQueue({ accountId: target.accountId, region: target.region, name: target.name });
  if (!queue) throw invalidParameter('RedrivePolicy', raw, 'Dead letter target does not exist.');
  if (queue.fifo !== source.fifo) {
    throw invalidParameter('RedrivePolicy', raw, 'Dead-letter queue must be same type of queue as the source..');
  }
  if (
    !redriveAllowed(effectiveAttributes(queue.fifo, queue.attributes), queueArn(source.region, source.accountId, source.name))
  ) {
    throw invalidParameter('RedrivePolicy', raw, 'Dead letter target does not allow this source queue.');
  }
}

function validateTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128)
      throw InvalidParameterValue(`Tag keys must be between 1 and 128 characters in length.`);
    const text = value === null || value === undefined ? '' : String(value);
    if (text.length > 256) throw InvalidParameterValue(`Tag values may not be longer than 256 characters.`);
    out[key] = text;
  }
  return out;
}

export function queueOperations(sqs: SqsContext): Record<string, OperationHandler> {
  const { store, clock } = sqs;

  async function CreateQueue(input: Record<string, unknown>, request: RequestContext) {
    const name = optionalString(input, 'QueueName');
    if (!name) throw InvalidParameterValue('Value for parameter QueueName is invalid. Reason: Must specify a queue name.');
    const given = optionalStringMap(input, 'Attributes') ?? {};
    // FifoQueue=false is refused like any FIFO attribute on a standard queue (AWS-recorded).
    const fifo = given.FifoQueue !== undefined && String(given.FifoQueue).toLowerCase() === 'true';
    validateQueueName(name, fifo);
    const attributes = canonicalAttributes(given, fifo, true);
    // Stored attributes hold only what differs from the defaults' shape; the kind is on the record.
    delete attributes.FifoQueue;
    const tags = validateTags(optionalStringMap(input, 'tags') ?? {});

    const existing = store.getQueue({ accountId: request.accountId, region: request.region, name });
    if (existing) {
      const differing = firstDifferingAttribute(effectiveAttributes(existing.fifo, existing.attributes), {
        ...attributes,
        ...(fifo ? { FifoQueue: 'true' } : {}),
      });
      if (differing) {
        throw QueueNameExists(`A queue already exists with the same name and a different value for attribute ${differing}`);
      }
      return { QueueUrl: urlOf(existing, request) };
    }
    checkRedriveTarget(sqs, attributes, { region: request.region, accountId: request.accountId, name, fifo });
    const nowMs = clock.now();
    const queue = await store.createQueue({
      accountId: request.accountId,
      region: request.region,
      name,
      fifo,
      attributes,
      tags,
      createdAtMs: nowMs,
      lastModifiedAtMs: nowMs,
      lastPurgedAtMs: null,
    });
    return { QueueUrl: urlOf(queue, request) };
  }

  function GetQueueUrl(input: Record<string, unknown>, request: RequestContext) {
    const name = requiredString(input, 'QueueName', SQS_INPUT_ERRORS);
    const accountId = optionalString(input, 'QueueOwnerAWSAccountId') ?? request.accountId;
    const queue = store.getQueue({ accountId, region: request.region, name });
    if (!queue) throw QueueDoesNotExist();
    return { QueueUrl: urlOf(queue, request) };
  }

  function ListQueues(input: Record<string, unknown>, request: RequestContext) {
    const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
    const maxResults = optionalInteger(input, 'MaxResults', SQS_INPUT_ERRORS, {
      min: 1,
      max: 1000,
      reason: 'MaxResults must be an integer between 1 and 1000.',
    });
    const queues = store.listQueues(request.accountId, request.region, prefix);
    return page(
      queues.map((q) => urlOf(q, request)),
      'QueueUrls',
      optionalString(input, 'NextToken'),
      maxResults,
    );
  }

  function GetQueueAttributes(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const requested = optionalStringList(input, 'AttributeNames') ?? [];
    for (const name of requested) if (name !== 'All' && !ALL_ATTRIBUTE_NAMES.has(name)) unknownAttribute(name);
    if (requested.length === 0) return {};
    const all = allAttributes(queue);
    const wanted = requested.includes('All') ? Object.keys(all) : requested;
    const attributes: Record<string, string> = {};
    for (const name of wanted) if (all[name] !== undefined) attributes[name] = all[name];
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  }

  function allAttributes(queue: QueueRecord): Record<string, string> {
    const counts = store.countMessages(queue.id, clock.now());
    const settable = effectiveAttributes(queue.fifo, queue.attributes);
    return {
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
      CreatedTimestamp: String(Math.floor(queue.createdAtMs / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAtMs / 1000)),
      QueueArn: arnOf(queue),
      ...settable,
    };
  }

  async function SetQueueAttributes(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const given = optionalStringMap(input, 'Attributes') ?? {};
    const attributes = canonicalAttributes(given, queue.fifo, false);
    delete attributes.FifoQueue;
    checkRedriveTarget(sqs, attributes, queue);
    await store.updateQueue(queue.id, {
      attributes: applyAttributeChanges(queue.attributes, attributes),
      lastModifiedAtMs: clock.now(),
    });
    // A shorter wait or a cleared delay can make messages receivable for waiting clients.
    sqs.waiters.notify(queue.id);
    return undefined;
  }

  async function DeleteQueue(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    await store.deleteQueue(queue.id);
    sqs.waiters.notify(queue.id);
    return undefined;
  }

  async function PurgeQueue(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const nowMs = clock.now();
    if (queue.lastPurgedAtMs !== null && nowMs - queue.lastPurgedAtMs < PURGE_INTERVAL_MS) {
      throw PurgeQueueInProgress(queue.name);
    }
    await store.purgeQueue(queue.id, nowMs);
    return undefined;
  }

  function ListQueueTags(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
  }

  async function TagQueue(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const tags = { ...queue.tags, ...validateTags(optionalStringMap(input, 'Tags') ?? {}) };
    if (Object.keys(tags).length > MAX_TAGS) {
      throw InvalidParameterValue(`Too many tags added for queue ${queue.name}.`);
    }
    await store.updateQueue(queue.id, { tags });
    return undefined;
  }

  async function UntagQueue(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const tags = { ...queue.tags };
    for (const key of optionalStringList(input, 'TagKeys') ?? []) delete tags[key];
    await store.updateQueue(queue.id, { tags });
    return undefined;
  }

  function ListDeadLetterSourceQueues(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const arn = arnOf(queue);
    const sources = store
      .listQueues(queue.accountId, queue.region, '')
      .filter((q) => {
        const policy = q.attributes.RedrivePolicy;
        return policy ? parseRedrivePolicy(policy).deadLetterTargetArn === arn : false;
      })
      .map((q) => urlOf(q, request));
    const maxResults = optionalInteger(input, 'MaxResults', SQS_INPUT_ERRORS, {
      min: 1,
      max: 1000,
      reason: 'MaxResults must be an integer between 1 and 1000.',
    });
    const result = page(sources, 'queueUrls', optionalString(input, 'NextToken'), maxResults);
    return { queueUrls: [], ...result };
  }

  async function AddPermission(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const label = requiredString(input, 'Label', SQS_INPUT_ERRORS);
    const accounts = optionalStringList(input, 'AWSAccountIds') ?? [];
    const actions = optionalStringList(input, 'Actions') ?? [];
    if (accounts.length === 0) throw SQS_INPUT_ERRORS.missing('AWSAccountIds');
    if (actions.length === 0) throw SQS_INPUT_ERRORS.missing('Actions');
    const policy = readPolicy(queue);
    if (policy.Statement.some((s) => s.Sid === label)) {
      throw invalidParameter('Label', label, 'Already exists.');
    }
    // A single principal or action is written as a string, several as a list (AWS-recorded).
    const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
    const actionNames = actions.map((a) => `SQS:${a}`);
    policy.Statement.push({
      Sid: label,
      Effect: 'Allow',
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: actionNames.length === 1 ? actionNames[0] : actionNames,
      Resource: arnOf(queue),
    });
    await store.updateQueue(queue.id, {
      attributes: { ...queue.attributes, Policy: JSON.stringify(policy) },
      lastModifiedAtMs: clock.now(),
    });
    return undefined;
  }

  async function RemovePermission(input: Record<string, unknown>, request: RequestContext) {
    const queue = resolveQueue(sqs, input, request);
    const label = requiredString(input, 'Label', SQS_INPUT_ERRORS);
    const policy = readPolicy(queue);
    const remaining = policy.Statement.filter((s) => s.Sid !== label);
    if (remaining.length === policy.Statement.length) {
      throw invalidParameter('Label', label, "can't find label.");
    }
    const attributes = { ...queue.attributes };
    if (remaining.length === 0) delete attributes.Policy;
    else attributes.Policy = JSON.stringify({ ...policy, Statement: remaining });
    await store.updateQueue(queue.id, { attributes, lastModifiedAtMs: clock.now() });
    return undefined;
  }

  return {
    CreateQueue,
    GetQueueUrl,
    ListQueues,
    GetQueueAttributes,
    SetQueueAttributes,
    DeleteQueue,
    PurgeQueue,
    ListQueueTags,
    TagQueue,
    UntagQueue,
    ListDeadLetterSourceQueues,
    AddPermission,
    RemovePermission,
  };
}

interface PolicyDocument {
  Version: string;
  Id: string;
  Statement: Array<{ Sid?: string; [key: string]: unknown }>;
}

function readPolicy(queue: QueueRecord): PolicyDocument {
  const raw = queue.attributes.Policy;
  if (raw) {
    const parsed = JSON.parse(raw) as Partial<PolicyDocument>;
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
    return {
      Version: parsed.Version ?? '2008-10-17',
      Id: parsed.Id ?? `${arnOf(queue)}/SQSDefaultPolicy`,
      Statement: statements,
    };
  }
  return { Version: '2008-10-17', Id: `${arnOf(queue)}/SQSDefaultPolicy`, Statement: [] };
}

/** Paging as ListQueues does it: only with MaxResults, the token is the position of the next page. */
function page(
  items: string[],
  key: string,
  nextToken: string | undefined,
  maxResults: number | undefined,
): Record<string, unknown> {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = Number(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0)
      throw invalidParameter('NextToken', nextToken, 'Invalid or expired next token.');
    start = decoded;
  }
  const limit = maxResults ?? 1000;
  const slice = items.slice(start, start + limit);
  const out: Record<string, unknown> = {};
  if (slice.length > 0) out[key] = slice;
  if (maxResults !== undefined && start + limit < items.length) {
    out.NextToken = Buffer.from(String(start + limit), 'utf8').toString('base64');
  }
  return out;
}
