import { describe, expect, it } from 'vitest';
import { sqsEventRecord, sqsFilterView } from './sqs-event.ts';

describe('sqsEventRecord', () => {
  it('renders the Lambda casing of attributes and message attributes', () => {
    const record = sqsEventRecord(
      {
        MessageId: 'm1',
        ReceiptHandle: 'h1',
        MD5OfBody: 'md5',
        Body: '{"a":1}',
        Attributes: { ApproximateReceiveCount: '1', SentTimestamp: '10', SenderId: 'S', ApproximateFirstReceiveTimestamp: '11' },
        MD5OfMessageAttributes: 'mad5',
        MessageAttributes: { Author: { DataType: 'String', StringValue: 'J' }, Bin: { DataType: 'Binary', BinaryValue: 'AAE=' } },
      },
      'arn:aws:sqs:us-east-1:000000000000:q',
      'us-east-1',
    );
    expect(record).toEqual({
      messageId: 'm1',
      receiptHandle: 'h1',
      body: '{"a":1}',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '10', SenderId: 'S', ApproximateFirstReceiveTimestamp: '11' },
      messageAttributes: {
        Author: { stringValue: 'J', stringListValues: [], binaryListValues: [], dataType: 'String' },
        Bin: { binaryValue: 'AAE=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfMessageAttributes: 'mad5',
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
      awsRegion: 'us-east-1',
    });
    expect(Object.keys(record)).toEqual([
      'messageId',
      'receiptHandle',
      'body',
      'attributes',
      'messageAttributes',
      'md5OfMessageAttributes',
      'md5OfBody',
      'eventSource',
      'eventSourceARN',
      'awsRegion',
    ]);
    expect(sqsFilterView(record).body).toEqual({ a: 1 });
    expect(sqsFilterView({ ...record, body: 'plain' }).body).toBe('plain');
  });
});
