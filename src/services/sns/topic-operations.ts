/** CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes and the tag operations. */
import { optionalList, optionalString, optionalStringList, optionalStringMap, requiredString } from '../input.ts';
import type { OperationHandler } from '../service.ts';
import { isValidTopicName, parseTopicArn, topicArn } from './arns.ts';
import { invalidParameter, ResourceNotFound, TagLimitExceeded, TopicNotFound } from './errors.ts';
import { decodeNextToken, encodeNextToken, snsInputErrors, type SnsContext } from './sns-context.ts';
import { checkTopicAttribute, initialTopicAttributes, reportedTopicAttributes, sameGivenAttributes } from './topic-attributes.ts';
import type { SnsTopic } from '../../store/sns-store.ts';

const TOPICS_PER_PAGE = 100;
const MAX_TAGS = 50;

function stringMap(raw: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) out[key] = value === undefined || value === null ? '' : String(value);
  return out;
}

function readTags(input: Record<string, unknown>): Record<string, string> | undefined {
  const list = optionalList(input, 'Tags');
  if (!list) return undefined;
  const tags: Record<string, string> = {};
  for (const tag of list) {
    const key = typeof tag.Key === 'string' ? tag.Key : '';
    const value = typeof tag.Value === 'string' ? tag.Value : tag.Value === undefined ? undefined : String(tag.Value);
    if (key.length < 1 || key.length > 128) throw invalidParameter('Tags.Key');
    if (value === undefined) throw invalidParameter('Tags.Value');
    if (value.length > 256) throw invalidParameter('Tags.Value');
    tags[key] = value;
  }
  return tags;
}

/** The topic an ARN parameter names: InvalidParameter for a malformed ARN, NotFound for a missing topic. */
export function requireTopic(context: SnsContext, arn: string, parameter = 'TopicArn'): SnsTopic {
  if (!parseTopicArn(arn)) throw invalidParameter(parameter);
  const topic = context.store.getTopic(arn);
  if (!topic) throw TopicNotFound();
  return topic;
}

/** Tag operations name the topic as ResourceArn and answer ResourceNotFound. */
function requireTaggedTopic(context: SnsContext, arn: string): SnsTopic {
  if (!parseTopicArn(arn)) throw invalidParameter('ResourceArn');
  const topic = context.store.getTopic(arn);
  if (!topic) throw ResourceNotFound();
  return topic;
}

export function topicOperations(context: SnsContext): Record<string, OperationHandler> {
  const { store } = context;
  return {
    async CreateTopic(input, request) {
      const name = requiredString(input, 'Name', snsInputErrors);
      const given = stringMap(optionalStringMap(input, 'Attributes'));
      const tags = readTags(input);
      const fifo = given.FifoTopic?.toLowerCase() === 'true';
      if (fifo && !name.endsWith('.fifo')) {
        throw invalidParameter(
          'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
        );
      }
      if (!isValidTopicName(name, fifo)) throw invalidParameter('Topic Name');
      for (const [attribute, value] of Object.entries(given)) checkTopicAttribute(attribute, value, fifo, true);
      if (tags && Object.keys(tags).length > MAX_TAGS) throw TagLimitExceeded();
      const arn = topicArn(request.region, request.accountId, name);
      const existing = store.getTopic(arn);
      if (existing) {
        if (!sameGivenAttributes(existing.attributes, given)) {
          throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
        }
        if (tags && Object.entries(tags).some(([key, value]) => existing.tags[key] !== value)) {
          throw invalidParameter('Tags Reason: Topic already exists with different tags');
        }
        return { TopicArn: arn };
      }
      await store.createTopic({
        arn,
        accountId: request.accountId,
        region: request.region,
        name,
        fifo,
        attributes: initialTopicAttributes(arn, request.accountId, fifo, given),
        tags: tags ?? {},
        createdAtMs: context.clock.now(),
      });
      return { TopicArn: arn };
    },

    async DeleteTopic(input) {
      const arn = requiredString(input, 'TopicArn', snsInputErrors);
      if (!parseTopicArn(arn)) throw invalidParameter('TopicArn');
      // Idempotent: deleting a topic that is not there succeeds.
      if (store.getTopic(arn)) await store.deleteTopic(arn);
      return undefined;
    },

    ListTopics(input, request) {
      const after = decodeNextToken(optionalString(input, 'NextToken'));
      const page = store.listTopics(request.accountId, request.region, after, TOPICS_PER_PAGE + 1);
      const shown = page.slice(0, TOPICS_PER_PAGE);
      return {
        Topics: shown.map((topic) => ({ TopicArn: topic.arn })),
        ...(page.length > TOPICS_PER_PAGE ? { NextToken: encodeNextToken(shown[shown.length - 1]!.position) } : {}),
      };
    },

    GetTopicAttributes(input) {
      const topic = requireTopic(context, requiredString(input, 'TopicArn', snsInputErrors));
      return { Attributes: reportedTopicAttributes(topic, store.topicSubscriptions(topic.arn)) };
    },

    async SetTopicAttributes(input) {
      const arn = requiredString(input, 'TopicArn', snsInputErrors);
      const name = requiredString(input, 'AttributeName', snsInputErrors);
      const value = optionalString(input, 'AttributeValue') ?? '';
      const topic = requireTopic(context, arn);
      checkTopicAttribute(name, value, topic.fifo, false);
      await store.updateTopic(arn, { attributes: { ...topic.attributes, [name]: value } });
      return undefined;
    },

    async TagResource(input) {
      const topic = requireTaggedTopic(context, requiredString(input, 'ResourceArn', snsInputErrors));
      const tags = readTags(input);
      if (!tags) throw snsInputErrors.missing('Tags');
      const merged = { ...topic.tags, ...tags };
      if (Object.keys(merged).length > MAX_TAGS) throw TagLimitExceeded();
      await store.updateTopic(topic.arn, { tags: merged });
      return {};
    },

    async UntagResource(input) {
      const topic = requireTaggedTopic(context, requiredString(input, 'ResourceArn', snsInputErrors));
      const keys = optionalStringList(input, 'TagKeys');
      if (!keys) throw snsInputErrors.missing('TagKeys');
      const remaining = { ...topic.tags };
      for (const key of keys) delete remaining[key];
      await store.updateTopic(topic.arn, { tags: remaining });
      return {};
    },

    ListTagsForResource(input) {
      const topic = requireTaggedTopic(context, requiredString(input, 'ResourceArn', snsInputErrors));
      return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
    },
  };
}
