/**
 * examples/destinations-stage-based (seed 003, stage variables in destination ARNs), run with
 * `onward up --stage prod` and driven with Debian's `/usr/bin/aws` (CLI v2): the prod function sends its
 * success records to successQueue-prod and its failure records to failureTopic-prod, which keeps them
 * in failureQueue-prod; nothing of the dev stage exists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws, type CliResult } from '../helpers/aws-cli.ts';
import { EXAMPLES, runExample, type RunningExample } from './example-app.ts';

const FUNCTION = 'stage-based-destinations-prod-helloStarting';
let app: RunningExample;
let scratch: string;
const aws = async (...args: string[]): Promise<CliResult> => {
  const result = await runAws('debian', app.url, args);
  expect(result.status, result.stderr).toBe(0);
  return result;
};
const invokeAsync = (payload: string) =>
  aws(
    'lambda',
    'invoke',
    '--function-name',
    FUNCTION,
    '--invocation-type',
    'Event',
    '--cli-binary-format',
    'raw-in-base64-out',
    '--payload',
    payload,
    path.join(scratch, 'response.json'),
  );
const receive = (queue: string) =>
  aws(
    'sqs',
    'receive-message',
    '--queue-url',
    `${app.url}/000000000000/${queue}`,
    '--max-number-of-messages',
    '10',
    '--wait-time-seconds',
    '10',
  );

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-stage-'));
  app = await runExample(path.join(EXAMPLES, 'destinations-stage-based'), ['--no-watch', '--stage', 'prod']);
});

afterAll(async () => {
  await app?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe('examples/destinations-stage-based (Debian aws CLI v2)', { timeout: 90_000 }, () => {
  it('--stage prod names every destination after the stage', async () => {
    const queues = await aws('sqs', 'list-queues');
    expect(queues.json.QueueUrls.map((url: string) => url.split('/').pop()).sort()).toEqual([
      'failureQueue-prod',
      'successQueue-prod',
    ]);
    const config = await aws('lambda', 'get-function-event-invoke-config', '--function-name', FUNCTION);
    expect(config.json.DestinationConfig).toEqual({
      OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:successQueue-prod' },
      OnFailure: { Destination: 'arn:aws:sns:us-east-1:000000000000:failureTopic-prod' },
    });
  });

  it('Success true: the record is in successQueue-prod', async () => {
    expect((await invokeAsync('{ "Success": true }')).json.StatusCode).toBe(202);
    const { json } = await receive('successQueue-prod');
    expect(json.Messages).toHaveLength(1);
    expect(JSON.parse(json.Messages[0].Body)).toMatchObject({
      requestContext: { condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: { Success: true },
    });
  });

  it('Success false: after 3 attempts the record goes through failureTopic-prod to failureQueue-prod', async () => {
    const from = app.output().length;
    await invokeAsync('{ "Success": false }');
    await app.waitForOutput(new RegExp(`${FUNCTION} \\| .*Failure from event`), { from });
    await app.advance(60);
    await app.advance(120);
    const { json } = await receive('failureQueue-prod');
    expect(json.Messages).toHaveLength(1);
    expect(JSON.parse(json.Messages[0].Body)).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { Success: false },
      responseContext: { functionError: 'Unhandled' },
      responsePayload: { errorMessage: 'Failure from event, Success = false', errorType: 'Exception' },
    });
  });
});
