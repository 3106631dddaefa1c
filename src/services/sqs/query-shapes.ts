/**
 * SQS over the Query protocol (Debian's AWS CLI 2.9, older SDKs): the wire names of each operation's
 * input and output members, as in the 2012-11-05 Query model. JSON requests need none of this.
 */
import {
  boolean,
  integer,
  string,
  structure,
  wire,
  type MapShape,
  type Shape,
  type StructureShape,
} from '../../aws/protocols/shape.ts';
import type { QueryOperationShapes } from '../service.ts';

export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

const attributeMap: MapShape = { type: 'map', value: string, flattened: true, keyName: 'Name', valueName: 'Value' };
const tagMap: MapShape = { type: 'map', value: string, flattened: true, keyName: 'Key', valueName: 'Value' };
const flatList = (member: Shape): Shape => ({ type: 'list', member, flattened: true });

const messageAttributeValue = structure({
  StringValue: string,
  BinaryValue: string,
  StringListValues: wire('StringListValue', flatList(string)),
  BinaryListValues: wire('BinaryListValue', flatList(string)),
  DataType: string,
});
const messageAttributeMap: MapShape = {
  type: 'map',
  value: messageAttributeValue,
  flattened: true,
  keyName: 'Name',
  valueName: 'Value',
};

const batchError = structure({ Id: string, SenderFault: boolean, Code: string, Message: string });

const sendMessageMembers = {
  MessageBody: string,
  DelaySeconds: integer,
  MessageAttributes: wire('MessageAttribute', messageAttributeMap),
  MessageSystemAttributes: wire('MessageSystemAttribute', messageAttributeMap),
  MessageDeduplicationId: string,
  MessageGroupId: string,
};

const sendResultMembers = {
  MD5OfMessageBody: string,
  MD5OfMessageAttributes: string,
  MD5OfMessageSystemAttributes: string,
  MessageId: string,
  SequenceNumber: string,
};

const message = structure({
  MessageId: string,
  ReceiptHandle: string,
  MD5OfBody: string,
  Body: string,
  Attributes: wire('Attribute', attributeMap),
  MD5OfMessageAttributes: string,
  MessageAttributes: wire('MessageAttribute', messageAttributeMap),
});

function batchResult(successName: string, success: StructureShape): StructureShape {
  return structure({
    Successful: wire(successName, flatList(success)),
    Failed: wire('BatchResultErrorEntry', flatList(batchError)),
  });
}

export const SQS_QUERY_SHAPES: Readonly<Record<string, QueryOperationShapes>> = {
  CreateQueue: {
    input: structure({
      QueueName: string,
      Attributes: wire('Attribute', attributeMap),
      tags: wire('Tag', tagMap),
    }),
    output: structure({ QueueUrl: string }),
  },
  GetQueueUrl: {
    input: structure({ QueueName: string, QueueOwnerAWSAccountId: string }),
    output: structure({ QueueUrl: string }),
  },
  ListQueues: {
    input: structure({ QueueNamePrefix: string, NextToken: string, MaxResults: integer }),
    output: structure({ QueueUrls: wire('QueueUrl', flatList(string)), NextToken: string }),
  },
  GetQueueAttributes: {
    input: structure({ QueueUrl: string, AttributeNames: wire('AttributeName', flatList(string)) }),
    output: structure({ Attributes: wire('Attribute', attributeMap) }),
  },
  SetQueueAttributes: { input: structure({ QueueUrl: string, Attributes: wire('Attribute', attributeMap) }) },
  DeleteQueue: { input: structure({ QueueUrl: string }) },
  PurgeQueue: { input: structure({ QueueUrl: string }) },
  SendMessage: {
    input: structure({ QueueUrl: string, ...sendMessageMembers }),
    output: structure(sendResultMembers),
  },
  SendMessageBatch: {
    input: structure({
      QueueUrl: string,
      Entries: wire('SendMessageBatchRequestEntry', flatList(structure({ Id: string, ...sendMessageMembers }))),
    }),
    output: batchResult('SendMessageBatchResultEntry', structure({ Id: string, ...sendResultMembers })),
  },
  ReceiveMessage: {
    input: structure({
      QueueUrl: string,
      AttributeNames: wire('AttributeName', flatList(string)),
      MessageSystemAttributeNames: wire('MessageSystemAttributeName', flatList(string)),
      MessageAttributeNames: wire('MessageAttributeName', flatList(string)),
      MaxNumberOfMessages: integer,
      VisibilityTimeout: integer,
      WaitTimeSeconds: integer,
      ReceiveRequestAttemptId: string,
    }),
    output: structure({ Messages: wire('Message', flatList(message)) }),
  },
  DeleteMessage: { input: structure({ QueueUrl: string, ReceiptHandle: string }) },
  DeleteMessageBatch: {
    input: structure({
      QueueUrl: string,
      Entries: wire('DeleteMessageBatchRequestEntry', flatList(structure({ Id: string, ReceiptHandle: string }))),
    }),
    output: batchResult('DeleteMessageBatchResultEntry', structure({ Id: string })),
  },
  ChangeMessageVisibility: {
    input: structure({ QueueUrl: string, ReceiptHandle: string, VisibilityTimeout: integer }),
  },
  ChangeMessageVisibilityBatch: {
    input: structure({
      QueueUrl: string,
      Entries: wire(
        'ChangeMessageVisibilityBatchRequestEntry',
        flatList(structure({ Id: string, ReceiptHandle: string, VisibilityTimeout: integer })),
      ),
    }),
    output: batchResult('ChangeMessageVisibilityBatchResultEntry', structure({ Id: string })),
  },
  ListQueueTags: {
    input: structure({ QueueUrl: string }),
    output: structure({ Tags: wire('Tag', tagMap) }),
  },
  TagQueue: { input: structure({ QueueUrl: string, Tags: wire('Tag', tagMap) }) },
  UntagQueue: { input: structure({ QueueUrl: string, TagKeys: wire('TagKey', flatList(string)) }) },
  ListDeadLetterSourceQueues: {
    input: structure({ QueueUrl: string, NextToken: string, MaxResults: integer }),
    output: structure({ queueUrls: wire('QueueUrl', flatList(string)), NextToken: string }),
  },
  AddPermission: {
    input: structure({
      QueueUrl: string,
      Label: string,
      AWSAccountIds: wire('AWSAccountId', flatList(string)),
      Actions: wire('ActionName', flatList(string)),
    }),
  },
  RemovePermission: { input: structure({ QueueUrl: string, Label: string }) },
  StartMessageMoveTask: {
    input: structure({ SourceArn: string, DestinationArn: string, MaxNumberOfMessagesPerSecond: integer }),
    output: structure({ TaskHandle: string }),
  },
  CancelMessageMoveTask: {
    input: structure({ TaskHandle: string }),
    output: structure({ ApproximateNumberOfMessagesMoved: integer }),
  },
  ListMessageMoveTasks: {
    input: structure({ SourceArn: string, MaxResults: integer }),
    output: structure({
      Results: wire(
        'ListMessageMoveTasksResultEntry',
        flatList(
          structure({
            TaskHandle: string,
            Status: string,
            SourceArn: string,
            DestinationArn: string,
            MaxNumberOfMessagesPerSecond: integer,
            ApproximateNumberOfMessagesMoved: integer,
            ApproximateNumberOfMessagesToMove: integer,
            FailureReason: string,
            StartedTimestamp: integer,
          }),
        ),
      ),
    }),
  },
};
