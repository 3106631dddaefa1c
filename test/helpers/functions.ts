/** Node functions for the Lambda tests: one `index.js`, zipped, created with the SDK. */
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION } from './onward.ts';

export const TEST_ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** CreateFunction of a nodejs20.x function whose index.js is `code`; `extra` adds or overrides fields. */
export async function createNodeFunction(lambda: LambdaClient, name: string, code: string, extra: Record<string, unknown> = {}) {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: TEST_ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zipSync({ 'index.js': strToU8(code) }) },
      ...extra,
    }),
  );
}

/** A test Onward (manual clock) with the Lambda and SQS clients the async tests drive it with. */
export async function startLambdaTestbed() {
  const onward = await startTestOnward();
  const config = { endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const lambda = new LambdaClient(config);
  const sqs = new SQSClient(config);
  return {
    onward,
    lambda,
    sqs,
    async stop() {
      lambda.destroy();
      sqs.destroy();
      await onward.stop();
    },
  };
}
