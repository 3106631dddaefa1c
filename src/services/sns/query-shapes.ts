/**
 * SNS speaks only the Query protocol (every SDK and CLI): the wire names of each operation's input and
 * output members, as in the 2010-03-31 model. Maps are not flattened (`Attributes.entry.N.key`), lists
 * use `member` (`Tags.member.N.Key`).
 */
import { boolean, string, structure, type ListShape, type MapShape, type Shape } from '../../aws/protocols/shape.ts';
import type { QueryOperationShapes } from '../service.ts';

export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

const attributeMap: MapShape = { type: 'map', value: string };
const list = (member: Shape): ListShape => ({ type: 'list', member });
const tag = structure({ Key: string, Value: string });
const tags = list(tag);
const messageAttributeMap: MapShape = {
  type: 'map',
  value: structure({ DataType: string, StringValue: string, BinaryValue: string }),
  keyName: 'Name',
  valueName: 'Value',
};
const subscription = structure({ SubscriptionArn: string, Owner: string, Protocol: string, Endpoint: string, TopicArn: string });
const subscriptionList = structure({ Subscriptions: list(subscription), NextToken: string });
const empty = structure({});

export const SNS_QUERY_SHAPES: Readonly<Record<string, QueryOperationShapes>> = {
  CreateTopic: {
    input: structure({ Name: string, Attributes: attributeMap, Tags: tags, DataProtectionPolicy: string }),
    output: structure({ TopicArn: string }),
  },
  DeleteTopic: { input: structure({ TopicArn: string }) },
  ListTopics: {
    input: structure({ NextToken: string }),
    output: structure({ Topics: list(structure({ TopicArn: string })), NextToken: string }),
  },
  GetTopicAttributes: { input: structure({ TopicArn: string }), output: structure({ Attributes: attributeMap }) },
  SetTopicAttributes: { input: structure({ TopicArn: string, AttributeName: string, AttributeValue: string }) },
  Subscribe: {
    input: structure({
      TopicArn: string,
      Protocol: string,
      Endpoint: string,
      Attributes: attributeMap,
      ReturnSubscriptionArn: boolean,
    }),
    output: structure({ SubscriptionArn: string }),
  },
  ConfirmSubscription: {
    input: structure({ TopicArn: string, Token: string, AuthenticateOnUnsubscribe: string }),
    output: structure({ SubscriptionArn: string }),
  },
  Unsubscribe: { input: structure({ SubscriptionArn: string }) },
  ListSubscriptions: { input: structure({ NextToken: string }), output: subscriptionList },
  ListSubscriptionsByTopic: { input: structure({ TopicArn: string, NextToken: string }), output: subscriptionList },
  GetSubscriptionAttributes: { input: structure({ SubscriptionArn: string }), output: structure({ Attributes: attributeMap }) },
  SetSubscriptionAttributes: {
    input: structure({ SubscriptionArn: string, AttributeName: string, AttributeValue: string }),
  },
  Publish: {
    input: structure({
      TopicArn: string,
      TargetArn: string,
      PhoneNumber: string,
      Message: string,
      Subject: string,
      MessageStructure: string,
      MessageAttributes: messageAttributeMap,
      MessageDeduplicationId: string,
      MessageGroupId: string,
    }),
    output: structure({ MessageId: string, SequenceNumber: string }),
  },
  PublishBatch: {
    input: structure({
      TopicArn: string,
      PublishBatchRequestEntries: list(
        structure({
          Id: string,
          Message: string,
          Subject: string,
          MessageStructure: string,
          MessageAttributes: messageAttributeMap,
          MessageDeduplicationId: string,
          MessageGroupId: string,
        }),
      ),
    }),
    output: structure({
      Successful: list(structure({ Id: string, MessageId: string, SequenceNumber: string })),
      Failed: list(structure({ Id: string, Code: string, Message: string, SenderFault: boolean })),
    }),
  },
  TagResource: { input: structure({ ResourceArn: string, Tags: tags }), output: empty },
  UntagResource: { input: structure({ ResourceArn: string, TagKeys: list(string) }), output: empty },
  ListTagsForResource: { input: structure({ ResourceArn: string }), output: structure({ Tags: tags }) },
};
