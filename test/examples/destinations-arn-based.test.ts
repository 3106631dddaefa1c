/**
 * examples/destinations-arn-based (seed 003, destinations named by ARN, created outside the service),
 * driven as its README says with the pip `aws` CLI: the first deploy cannot configure the failure
 * destination (a Lambda destination must exist, as on AWS); once successQueue and failureFunction are
 * created and serverless.yml is saved, the redeploy adds it; then async invokes leave a success record
 * in the queue, and a failure record (after the retries) in failureFunction's log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws, type CliResult } from '../helpers/aws-cli.ts';
import { copyExample, runExample, type RunningExample } from './example-app.ts';

const FUNCTION = 'arn-based-destinations-dev-helloStarting';
let dir: string;
let app: RunningExample;
const aws = async (...args: string[]): Promise<CliResult> => {
  const result = await runAws('pip', app.url, args);
  expect(result.status, result.stderr).toBe(0);
  return result;
};

beforeAll(async () => {
  dir = copyExample('destinations-arn-based');
  app = await runExample(dir);
});

afterAll(async () => {
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('examples/destinations-arn-based (pip aws CLI)', { timeout: 90_000 }, () => {
  it('deploys once the destinations exist', async () => {
    expect(app.output()).toContain(
      'The destination ARN arn:aws:lambda:us-east-1:000000000000:function:failureFunction is invalid.',
    );
    await aws('sqs', 'create-queue', '--queue-name', 'successQueue');
    await aws(
      'lambda',
      'create-function',
      '--function-name',
      'failureFunction',
      '--runtime',
      'python3.12',
      '--handler',
      'failure_function.handler',
      '--role',
      'arn:aws:iam::000000000000:role/any',
      '--code',
      `S3Bucket=hot-reload,S3Key=${path.join(dir, 'external')}`,
    );
    const from = app.output().length;
    fs.appendFileSync(path.join(dir, 'serverless.yml'), '\n');
    const [line] = await app.waitForOutput(/^Redeployed: .*$/m, { from });
    expect(line).toBe(`Redeployed: + async-config arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}:$LATEST`);
    const config = await aws('lambda', 'get-function-event-invoke-config', '--function-name', FUNCTION);
    expect(config.json.DestinationConfig).toEqual({
      OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:successQueue' },
      OnFailure: { Destination: 'arn:aws:lambda:us-east-1:000000000000:function:failureFunction' },
    });
  });

  it('Success true: the success record lands in successQueue', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onward-arn-')), 'response.json');
    const invoked = await aws(
      'lambda',
      'invoke',
      '--function-name',
      FUNCTION,
      '--invocation-type',
      'Event',
      '--payload',
      '{ "Success": true }',
      out,
    );
    expect(invoked.json.StatusCode).toBe(202);
    const received = await aws(
      'sqs',
      'receive-message',
      '--queue-url',
      `${app.url}/000000000000/successQueue`,
      '--attribute-names',
      'All',
      '--max-number-of-messages',
      '10',
      '--wait-time-seconds',
      '10',
    );
    expect(received.json.Messages).toHaveLength(1);
    const record = JSON.parse(received.json.Messages[0].Body);
    expect(record).toMatchObject({
      requestContext: { functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}:$LATEST`, condition: 'Success' },
      requestPayload: { Success: true },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { statusCode: 200, body: '{"Success": true}' },
    });
  });

  it('Success false: after the two retries failureFunction logs the failure record', async () => {
    const from = app.output().length;
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onward-arn-')), 'response.json');
    await aws(
      'lambda',
      'invoke',
      '--function-name',
      FUNCTION,
      '--invocation-type',
      'Event',
      '--payload',
      '{ "Success": false }',
      out,
    );
    await app.waitForOutput(new RegExp(`${FUNCTION} \\| .*Failure from event`), { from });
    await app.advance(60);
    await app.advance(120);
    const [line] = await app.waitForOutput(/failureFunction \| failureFunction got .*\n/, { from });
    expect(line).toBe('failureFunction | failureFunction got RetriesExhausted {"Success": false}\n');
  });
});
