/**
 * Bad input changes nothing: every refused Event invoke or EventInvokeConfig call leaves no event in the
 * async queue, runs nothing when the clock moves, and keeps the stored configuration as it was. Driven
 * with SDK v3 and the pip CLI.
 */
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let lambda: LambdaClient;
let sqs: SQSClient;
let queueUrl: string;
const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:rejections-records';
const FUNCTION = 'rejections-fn';

beforeAll(async () => {
  onward = await startTestOnward();
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  lambda = new LambdaClient(config);
  sqs = new SQSClient(config);
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'rejections-records' }))).QueueUrl!;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async (e) => e;') }) },
    }),
  );
  await lambda.send(new PublishVersionCommand({ FunctionName: FUNCTION }));
  await lambda.send(new CreateAliasCommand({ FunctionName: FUNCTION, Name: 'live', FunctionVersion: '1' }));
  await lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: FUNCTION,
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnSuccess: { Destination: QUEUE_ARN } },
    }),
  );
});

afterAll(async () => {
  lambda.destroy();
  sqs.destroy();
  await onward.stop();
});

async function invocations(): Promise<unknown[]> {
  const response = await fetch(`${onward.url}/_onward/invocations`);
  return ((await response.json()) as { invocations: unknown[] }).invocations;
}

async function queueDepth(): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Attributes!.ApproximateNumberOfMessages!;
}

async function storedConfig() {
  const { LastModified: _lastModified, ...config } = await lambda.send(
    new GetFunctionEventInvokeConfigCommand({ FunctionName: FUNCTION }),
  );
  return { ...config, $metadata: undefined };
}

async function expectNothingChanged(before: Awaited<ReturnType<typeof storedConfig>>) {
  await onward.advance(600);
  expect(await invocations()).toEqual([]);
  expect(await queueDepth()).toBe('0');
  expect(await storedConfig()).toEqual(before);
}

describe('refused async invocations and configurations leave no trace', () => {
  it('Event invokes refused for size, JSON, function, qualifier and a qualifier mismatch', async () => {
    const before = await storedConfig();
    const refusals: Array<[InvokeCommand, string, number]> = [
      [
        new InvokeCommand({
          FunctionName: FUNCTION,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ d: 'x'.repeat(1_048_576) })),
        }),
        'RequestEntityTooLargeException',
        413,
      ],
      [
        new InvokeCommand({ FunctionName: FUNCTION, InvocationType: 'Event', Payload: Buffer.from('{not json') }),
        'InvalidRequestContentException',
        400,
      ],
      [new InvokeCommand({ FunctionName: 'no-such-fn', InvocationType: 'Event' }), 'ResourceNotFoundException', 404],
      [new InvokeCommand({ FunctionName: FUNCTION, InvocationType: 'Event', Qualifier: '7' }), 'ResourceNotFoundException', 404],
      [
        new InvokeCommand({ FunctionName: FUNCTION, InvocationType: 'Event', Qualifier: 'no-alias' }),
        'ResourceNotFoundException',
        404,
      ],
      [
        new InvokeCommand({ FunctionName: `${FUNCTION}:live`, InvocationType: 'Event', Qualifier: '1' }),
        'InvalidParameterValueException',
        400,
      ],
    ];
    for (const [command, name, status] of refusals) {
      const error = (await lambda.send(command).catch((e: unknown) => e)) as {
        name: string;
        $metadata: { httpStatusCode: number };
      };
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual([name, status]);
    }
    const cli = await runAws('pip', onward.url, [
      'lambda',
      'invoke',
      '--function-name',
      FUNCTION,
      '--invocation-type',
      'Event',
      '--payload',
      '[1,',
      '/dev/null',
    ]);
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toContain('InvalidRequestContentException');
    await expectNothingChanged(before);
  });

  it('EventInvokeConfig calls refused for ranges, destinations and missing targets', async () => {
    const before = await storedConfig();
    const refused = [
      new PutFunctionEventInvokeConfigCommand({ FunctionName: FUNCTION, MaximumRetryAttempts: 3 }),
      new PutFunctionEventInvokeConfigCommand({ FunctionName: FUNCTION, MaximumEventAgeInSeconds: 59 }),
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: FUNCTION,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}` } },
      }),
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: FUNCTION,
        DestinationConfig: { OnSuccess: { Destination: 'arn:aws:dynamodb:us-east-1:000000000000:table/t' } },
      }),
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: FUNCTION }),
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: FUNCTION, Qualifier: '1', MaximumRetryAttempts: 0 }),
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'no-such-fn', MaximumRetryAttempts: 0 }),
    ];
    for (const command of refused) {
      const error = await lambda
        .send(command as InvokeCommand)
        .catch((e: unknown) => e as { $metadata: { httpStatusCode: number } });
      expect(error.$metadata?.httpStatusCode, JSON.stringify(command.input)).toBeGreaterThanOrEqual(400);
    }
    const cli = await runAws('pip', onward.url, [
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      FUNCTION,
      '--maximum-retry-attempts',
      '9',
    ]);
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toContain('ValidationException');
    await expectNothingChanged(before);
  });
});
