/** The record Lambda builds for each SQS message (lower-camel message attributes, string attributes). Pure. */

/** A message as SQS's ReceiveMessage returns it (AttributeNames All, MessageAttributeNames All). */
export interface ReceivedSqsMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string | Uint8Array }>;
}

const EVENT_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'AWSTraceHeader',
  'SentTimestamp',
  'SequenceNumber',
  'MessageGroupId',
  'SenderId',
  'MessageDeduplicationId',
  'ApproximateFirstReceiveTimestamp',
  'DeadLetterQueueSourceArn',
];

export function sqsEventRecord(message: ReceivedSqsMessage, queueArn: string, region: string): Record<string, unknown> {
  const attributes: Record<string, string> = {};
  for (const name of EVENT_ATTRIBUTES) {
    const value = message.Attributes?.[name];
    if (value !== undefined) attributes[name] = value;
  }
  const messageAttributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    const binary = value.BinaryValue;
    messageAttributes[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(binary !== undefined
        ? { binaryValue: typeof binary === 'string' ? binary : Buffer.from(binary).toString('base64') }
        : {}),
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType,
    };
  }
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes,
    messageAttributes,
    md5OfMessageAttributes: message.MD5OfMessageAttributes ?? null,
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** What an event filter sees of an SQS record: `body` parsed when it is JSON, as Lambda does. */
export function sqsFilterView(record: Record<string, unknown>): Record<string, unknown> {
  const body = record.body as string;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object') return { ...record, body: parsed };
  } catch {
    // A plain-text body is matched as a string.
  }
  return record;
}
