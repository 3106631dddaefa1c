import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from './queue-url.ts';
import { decodeReceiptHandle, encodeReceiptHandle, newReceiptToken } from './receipt-handle.ts';

describe('receipt handles', () => {
  it('round-trip a message sequence and receive token', () => {
    const token = newReceiptToken();
    expect(decodeReceiptHandle(encodeReceiptHandle(42, token))).toEqual({ seq: 42, token });
  });

  it.each(['garbage', '', 'b25lOjI=', 'not base64!'])('refuses %j', (handle) => {
    expect(decodeReceiptHandle(handle)).toBeUndefined();
  });
});

describe('queue URLs', () => {
  it.each([
    ['http://127.0.0.1:4566/000000000000/q', { accountId: '000000000000', name: 'q' }],
    ['https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo', { accountId: '123456789012', name: 'jobs.fifo' }],
    ['http://localhost:4566/queue/us-east-1/000000000000/q', { accountId: '000000000000', name: 'q' }],
    ['/000000000000/q', { accountId: '000000000000', name: 'q' }],
    ['http://host/q', undefined],
    ['http://host/abc/q', undefined],
  ])('parses %s', (url, expected) => {
    expect(parseQueueUrl(url)).toEqual(expected);
  });
});
