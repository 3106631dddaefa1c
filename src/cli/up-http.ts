/**
 * The app's HTTP listener for `onward up`: src/apigw's listener with its ports wired to Onward's own
 * Lambda Invoke, SNS Publish and SQS SendMessage operations, in the account and region of the app.
 */
import { createHttpListener, type HttpListener, type HttpListenerPorts } from '../apigw/http-listener.ts';
import type { AppDescription } from '../app/app-description.ts';
import type { Onward } from '../runtime.ts';
import type { RawResponse } from '../services/service.ts';

export interface AppHttp {
  url: string;
  setRoutes(app: AppDescription): void;
  close(): Promise<void>;
}

function arnParts(arn: string): { region: string; accountId: string; name: string } {
  const parts = arn.split(':');
  return { region: parts[3] ?? '', accountId: parts[4] ?? '', name: parts.slice(5).join(':') };
}

function ports(onward: Onward): HttpListenerPorts {
  return {
    async invokeFunction(functionArn, payload) {
      const { region, accountId } = arnParts(functionArn);
      const response = (await onward.call(
        'lambda',
        'Invoke',
        { FunctionName: functionArn, InvocationType: 'RequestResponse', Payload: payload },
        { accountId, region },
      )) as RawResponse;
      const body = response.body ?? '';
      const functionError = response.headers?.['X-Amz-Function-Error'];
      return { payload: Buffer.isBuffer(body) ? body : Buffer.from(body), ...(functionError ? { functionError } : {}) };
    },
    async publish(request) {
      const { region, accountId } = arnParts(request.topicArn);
      const result = (await onward.call(
        'sns',
        'Publish',
        {
          TopicArn: request.topicArn,
          Message: request.message,
          ...(request.subject !== undefined ? { Subject: request.subject } : {}),
          ...(request.messageAttributes ? { MessageAttributes: request.messageAttributes } : {}),
          ...(request.messageGroupId !== undefined ? { MessageGroupId: request.messageGroupId } : {}),
          ...(request.messageDeduplicationId !== undefined ? { MessageDeduplicationId: request.messageDeduplicationId } : {}),
        },
        { accountId, region },
      )) as { MessageId: string; SequenceNumber?: string };
      return { messageId: result.MessageId, ...(result.SequenceNumber ? { sequenceNumber: result.SequenceNumber } : {}) };
    },
    async sendMessage(request) {
      const { region, accountId, name } = arnParts(request.queueArn);
      const result = (await onward.call(
        'sqs',
        'SendMessage',
        {
          QueueUrl: `${onward.url}/${accountId}/${name}`,
          MessageBody: request.body,
          ...(request.delaySeconds !== undefined ? { DelaySeconds: request.delaySeconds } : {}),
          ...(request.messageAttributes ? { MessageAttributes: request.messageAttributes } : {}),
          ...(request.messageGroupId !== undefined ? { MessageGroupId: request.messageGroupId } : {}),
          ...(request.messageDeduplicationId !== undefined ? { MessageDeduplicationId: request.messageDeduplicationId } : {}),
        },
        { accountId, region },
      )) as { MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string; SequenceNumber?: string };
      return {
        messageId: result.MessageId,
        md5OfMessageBody: result.MD5OfMessageBody,
        ...(result.MD5OfMessageAttributes ? { md5OfMessageAttributes: result.MD5OfMessageAttributes } : {}),
        ...(result.SequenceNumber ? { sequenceNumber: result.SequenceNumber } : {}),
      };
    },
  };
}

export async function startAppHttp(
  onward: Onward,
  app: AppDescription,
  port: number,
  host: string,
  logRequests = false,
): Promise<AppHttp> {
  const listener: HttpListener = createHttpListener({
    routes: app.httpRoutes,
    ports: ports(onward),
    nowMs: () => onward.clock.now(),
    log: (line) => process.stderr.write(`${line}\n`),
    accountId: app.accountId,
    logRequests,
  });
  try {
    await listener.listen(port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${port} on ${host} is already in use: the app's HTTP routes need it. Choose another with --http-port.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  const address = listener.address();
  const name = ['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${name}:${address.port}`,
    setRoutes: (next) => listener.setRoutes(next.httpRoutes),
    close: () => listener.close(),
  };
}
