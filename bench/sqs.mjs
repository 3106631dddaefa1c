// SQS over the AWS JSON 1.0 protocol: the requests the benchmark sends, the
// same for Onward and moto. The signature is not checked by either server; the
// Credential scope is what tells them the region and service.
import { httpRequest } from './http-client.mjs';

const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0';

// ~100 bytes, the size of a small real-world event.
export const MESSAGE_BODY = 'onward-bench '.padEnd(100, 'x');

export function headers(action) {
  return {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `AmazonSQS.${action}`,
    authorization: AUTHORIZATION,
  };
}

/** One call outside of any measurement; throws unless the answer is 200. */
export async function call(port, action, input) {
  const { status, body: text } = await httpRequest({ port, headers: headers(action), body: JSON.stringify(input) });
  if (status !== 200) throw new Error(`${action} answered ${status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** Create a queue and return its URL as the server spells it (moto uses another account id). */
export async function createQueue(port, name) {
  return (await call(port, 'CreateQueue', { QueueName: name })).QueueUrl;
}

export async function queueDepth(port, queueUrl) {
  const { Attributes } = await call(port, 'GetQueueAttributes', {
    QueueUrl: queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages'],
  });
  return Number(Attributes.ApproximateNumberOfMessages);
}

/** The SendMessage request, as an autocannon request and as a loop step. */
export function sendRequest(queueUrl) {
  return {
    method: 'POST',
    headers: headers('SendMessage'),
    body: JSON.stringify({ QueueUrl: queueUrl, MessageBody: MESSAGE_BODY }),
  };
}

export function sendStep(queueUrl) {
  const { headers: h, body } = sendRequest(queueUrl);
  return () => ({ step: (post) => post(h, body), counters: {} });
}

/** One SendMessageBatch of 10; counts the messages the server accepted. */
export function batchStep(queueUrl, counters) {
  const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: MESSAGE_BODY }));
  const body = JSON.stringify({ QueueUrl: queueUrl, Entries: entries });
  const h = headers('SendMessageBatch');
  return async (post) => {
    const { status, body: answer } = await post(h, body);
    if (status === 200) counters.sent += JSON.parse(answer).Successful?.length ?? 0;
  };
}

/**
 * Receive one message, then delete it with its receipt handle: the consumer
 * side of a queue. An empty receive means the pre-filled queue ran dry.
 */
export function receiveDeleteStep(queueUrl) {
  const receive = JSON.stringify({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 300 });
  const hReceive = headers('ReceiveMessage');
  const hDelete = headers('DeleteMessage');
  return () => {
    const counters = { pairs: 0, emptyReceives: 0, failedDeletes: 0 };
    const step = async (post) => {
      const received = await post(hReceive, receive);
      if (received.status !== 200) return; // counted as non-2xx by the loop
      const handle = JSON.parse(received.body).Messages?.[0]?.ReceiptHandle;
      if (!handle) {
        counters.emptyReceives++;
        return;
      }
      const deleted = await post(hDelete, JSON.stringify({ QueueUrl: queueUrl, ReceiptHandle: handle }));
      if (deleted.status === 200) counters.pairs++;
      else counters.failedDeletes++;
    };
    return { step, counters };
  };
}
