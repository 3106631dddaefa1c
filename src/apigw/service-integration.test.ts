import { describe, expect, it } from 'vitest';
import type { TemplateInput } from './mapping-template.ts';
import { planServiceCall, publishAnswer, sendMessageAnswer, serviceErrorAnswer } from './service-integration.ts';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:payments-develop-payments';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:orders';

function input(body: string): TemplateInput {
  return { body, pathParameters: {}, query: {}, headers: {}, context: { requestId: 'r-1' }, stageVariables: {} };
}

describe('planning an SNS integration', () => {
  it('publishes the request body when there is no template (the payments seed)', () => {
    expect(planServiceCall({ kind: 'sns', topicArn: TOPIC }, input('{"paymentId":"p1","amount":5}'))).toEqual({
      kind: 'publish',
      request: { topicArn: TOPIC, message: '{"paymentId":"p1","amount":5}' },
    });
  });

  it('publishes what a Query-style template says, with subject and message attributes', () => {
    const messageTemplate =
      "Action=Publish&TopicArn=$util.urlEncode('" +
      TOPIC +
      "')&Message=$util.urlEncode($input.body)&Subject=New+order" +
      '&MessageAttributes.entry.1.Name=kind&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=order';
    expect(planServiceCall({ kind: 'sns', topicArn: TOPIC, messageTemplate }, input('a & b'))).toEqual({
      kind: 'publish',
      request: {
        topicArn: TOPIC,
        message: 'a & b',
        subject: 'New order',
        messageAttributes: { kind: { DataType: 'String', StringValue: 'order' } },
      },
    });
  });

  it('takes a template that is not a Query request as the message itself', () => {
    const messageTemplate = '{"source":"api","payload":$input.body}';
    expect(planServiceCall({ kind: 'sns', topicArn: TOPIC, messageTemplate }, input('{"a":1}'))).toEqual({
      kind: 'publish',
      request: { topicArn: TOPIC, message: '{"source":"api","payload":{"a":1}}' },
    });
  });

  it('refuses another action', () => {
    const call = planServiceCall({ kind: 'sns', topicArn: TOPIC, messageTemplate: 'Action=DeleteTopic' }, input(''));
    expect(call).toMatchObject({ kind: 'invalid', code: 'InvalidAction' });
  });
});

describe('planning an SQS integration', () => {
  it('sends the body, or what a SendMessage template says', () => {
    expect(planServiceCall({ kind: 'sqs', queueArn: QUEUE }, input('hello'))).toEqual({
      kind: 'send',
      request: { queueArn: QUEUE, body: 'hello' },
    });
    const messageTemplate =
      'Action=SendMessage&MessageBody=$util.urlEncode($input.body)&DelaySeconds=5&MessageAttribute.1.Name=from&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=api';
    expect(planServiceCall({ kind: 'sqs', queueArn: QUEUE, messageTemplate }, input('{"x":1}'))).toEqual({
      kind: 'send',
      request: {
        queueArn: QUEUE,
        body: '{"x":1}',
        delaySeconds: 5,
        messageAttributes: { from: { DataType: 'String', StringValue: 'api' } },
      },
    });
  });
});

describe('service answers', () => {
  it('are the services’ JSON documents', () => {
    expect(JSON.parse(publishAnswer({ messageId: 'm-1' }, 'r-1').body.toString())).toEqual({
      PublishResponse: { PublishResult: { MessageId: 'm-1', SequenceNumber: null }, ResponseMetadata: { RequestId: 'r-1' } },
    });
    expect(JSON.parse(sendMessageAnswer({ messageId: 'm-2', md5OfMessageBody: 'abc' }, 'r-2').body.toString())).toEqual({
      SendMessageResponse: {
        ResponseMetadata: { RequestId: 'r-2' },
        SendMessageResult: {
          MD5OfMessageAttributes: null,
          MD5OfMessageBody: 'abc',
          MD5OfMessageSystemAttributes: null,
          MessageId: 'm-2',
          SequenceNumber: null,
        },
      },
    });
  });

  it('pass service errors through, 400 for the caller’s faults and 500 otherwise', () => {
    const client = serviceErrorAnswer({ code: 'NotFound', message: 'Topic does not exist', senderFault: true }, 'r-3');
    expect(client.statusCode).toBe(400);
    expect(JSON.parse(client.body.toString())).toEqual({
      Error: { Code: 'NotFound', Message: 'Topic does not exist', Type: 'Sender' },
      RequestId: 'r-3',
    });
    expect(serviceErrorAnswer({ code: 'InternalError', message: 'x', senderFault: false }, 'r-4').statusCode).toBe(500);
  });
});
