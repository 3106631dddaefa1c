import type { HttpIntegration } from '../app/app-description.ts';
import type { GatewayAnswer } from './gateway-answers.ts';
import { renderTemplate, type TemplateInput } from './mapping-template.ts';

/**
 * API Gateway "AWS" integrations that publish to SNS or send to SQS (serverless-apigateway-service-
 * proxy, or AWS::ApiGateway::Method with Type AWS). API Gateway renders the request template into the
 * service's Query request (`Action=Publish&Message=...&TopicArn=...`) and answers with the service's
 * JSON response. Without a template the request body is the message, as the plugin's default template
 * (`Message=$util.urlEncode($input.body)`) makes it. A rendered template that is not a Query request
 * (no `Action=`) is taken as the message itself.
 */

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface TopicPublishRequest {
  topicArn: string;
  message: string;
  subject?: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface QueueSendRequest {
  queueArn: string;
  body: string;
  delaySeconds?: number;
  messageAttributes?: Record<string, MessageAttributeValue>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export type ServiceCall =
  | { kind: 'publish'; request: TopicPublishRequest }
  | { kind: 'send'; request: QueueSendRequest }
  /** The template asked for something else; answered as the service would (400). */
  | { kind: 'invalid'; code: string; message: string };

type ServiceIntegration = Exclude<HttpIntegration, { kind: 'function' }>;

function formParameters(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text.trim())) out.set(key.trim(), value);
  return out;
}

/** `MessageAttributes.entry.N.Name` (SNS) or `MessageAttribute.N.Name` (SQS) families. */
function attributes(params: Map<string, string>, prefix: string): Record<string, MessageAttributeValue> | undefined {
  const out: Record<string, MessageAttributeValue> = {};
  for (let n = 1; params.has(`${prefix}.${n}.Name`); n++) {
    const value: MessageAttributeValue = { DataType: params.get(`${prefix}.${n}.Value.DataType`) ?? 'String' };
    const text = params.get(`${prefix}.${n}.Value.StringValue`);
    const binary = params.get(`${prefix}.${n}.Value.BinaryValue`);
    if (text !== undefined) value.StringValue = text;
    if (binary !== undefined) value.BinaryValue = binary;
    out[params.get(`${prefix}.${n}.Name`)!] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export function planServiceCall(integration: ServiceIntegration, input: TemplateInput): ServiceCall {
  const rendered = integration.messageTemplate === undefined ? undefined : renderTemplate(integration.messageTemplate, input);
  const isQuery = rendered !== undefined && /(^|&)\s*Action=/.test(rendered.trim());
  if (integration.kind === 'sns') {
    if (!isQuery) return { kind: 'publish', request: { topicArn: integration.topicArn, message: rendered ?? input.body } };
    const params = formParameters(rendered);
    if (params.get('Action') !== 'Publish')
      return {
        kind: 'invalid',
        code: 'InvalidAction',
        message: `The action ${params.get('Action')} is not valid for this endpoint.`,
      };
    return {
      kind: 'publish',
      request: {
        topicArn: params.get('TopicArn') ?? integration.topicArn,
        message: params.get('Message') ?? '',
        ...optional('subject', params.get('Subject')),
        ...optional('messageAttributes', attributes(params, 'MessageAttributes.entry')),
        ...optional('messageGroupId', params.get('MessageGroupId')),
        ...optional('messageDeduplicationId', params.get('MessageDeduplicationId')),
      },
    };
  }
  if (!isQuery) return { kind: 'send', request: { queueArn: integration.queueArn, body: rendered ?? input.body } };
  const params = formParameters(rendered);
  if (params.get('Action') !== 'SendMessage')
    return {
      kind: 'invalid',
      code: 'InvalidAction',
      message: `The action ${params.get('Action')} is not valid for this endpoint.`,
    };
  const delay = params.get('DelaySeconds');
  return {
    kind: 'send',
    request: {
      queueArn: integration.queueArn,
      body: params.get('MessageBody') ?? '',
      ...optional('delaySeconds', delay === undefined ? undefined : Number(delay)),
      ...optional('messageAttributes', attributes(params, 'MessageAttribute')),
      ...optional('messageGroupId', params.get('MessageGroupId')),
      ...optional('messageDeduplicationId', params.get('MessageDeduplicationId')),
    },
  };
}

function jsonAnswer(statusCode: number, document: unknown): GatewayAnswer {
  return { statusCode, headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify(document)) };
}

/** SNS Publish's JSON response, as API Gateway passes it through. */
export function publishAnswer(result: { messageId: string; sequenceNumber?: string }, serviceRequestId: string): GatewayAnswer {
  return jsonAnswer(200, {
    PublishResponse: {
      PublishResult: { MessageId: result.messageId, SequenceNumber: result.sequenceNumber ?? null },
      ResponseMetadata: { RequestId: serviceRequestId },
    },
  });
}

/** SQS SendMessage's JSON response, as API Gateway passes it through. */
export function sendMessageAnswer(
  result: { messageId: string; md5OfMessageBody: string; md5OfMessageAttributes?: string; sequenceNumber?: string },
  serviceRequestId: string,
): GatewayAnswer {
  return jsonAnswer(200, {
    SendMessageResponse: {
      ResponseMetadata: { RequestId: serviceRequestId },
      SendMessageResult: {
        MD5OfMessageAttributes: result.md5OfMessageAttributes ?? null,
        MD5OfMessageBody: result.md5OfMessageBody,
        MD5OfMessageSystemAttributes: null,
        MessageId: result.messageId,
        SequenceNumber: result.sequenceNumber ?? null,
      },
    },
  });
}

/**
 * A service error, passed through as the service's JSON error document with 400 (client faults) or
 * 500, the integration responses serverless-apigateway-service-proxy configures.
 */
export function serviceErrorAnswer(
  error: { code: string; message: string; senderFault: boolean },
  serviceRequestId: string,
): GatewayAnswer {
  return jsonAnswer(error.senderFault ? 400 : 500, {
    Error: { Code: error.code, Message: error.message, Type: error.senderFault ? 'Sender' : 'Receiver' },
    RequestId: serviceRequestId,
  });
}
