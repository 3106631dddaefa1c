/**
 * examples/destinations-same-service (seed 003, same-service functions as destinations), run by
 * `onward up` on a temporary copy it watches: async invokes reach helloSuccess / helloFailure (after
 * Lambda's two retries on the clock); an edited handler runs on the next invocation; an edited
 * serverless.yml is redeployed.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_CONFIG, copyExample, runExample, type RunningExample } from './example-app.ts';

const STARTING = 'same-service-destinations-dev-helloStarting';
const SUCCESS = 'same-service-destinations-dev-helloSuccess';
const FAILURE = 'same-service-destinations-dev-helloFailure';
let dir: string;
let app: RunningExample;
let lambda: LambdaClient;
let sqs: SQSClient;

async function invokeAsync(payload: unknown): Promise<void> {
  const { StatusCode } = await lambda.send(
    new InvokeCommand({ FunctionName: STARTING, InvocationType: 'Event', Payload: JSON.stringify(payload) }),
  );
  expect(StatusCode).toBe(202);
}

beforeAll(async () => {
  dir = copyExample('destinations-same-service');
  app = await runExample(dir);
  lambda = new LambdaClient({ ...CLIENT_CONFIG, endpoint: app.url });
  sqs = new SQSClient({ ...CLIENT_CONFIG, endpoint: app.url });
});

afterAll(async () => {
  lambda?.destroy();
  sqs?.destroy();
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('examples/destinations-same-service', { timeout: 60_000 }, () => {
  it('Success true: helloSuccess logs the success record', async () => {
    expect(app.output()).toMatch(/^Ready\. Watching /m);
    await invokeAsync({ Success: true, order: 1 });
    await app.waitForOutput(new RegExp(`${SUCCESS} \\| success Success \\{"Success": true, "order": 1\\}\\n`));
  });

  it('Success false: three attempts a minute and two apart, then helloFailure logs RetriesExhausted', async () => {
    const from = app.output().length;
    await invokeAsync({ Success: false, order: 2 });
    await app.waitForOutput(new RegExp(`${STARTING} \\| .*Failure from event, Success = false`), { from });
    const startsSeen = () =>
      (
        app
          .output()
          .slice(from)
          .match(new RegExp(`${STARTING} \\| START RequestId`, 'g')) ?? []
      ).length;
    const attempt = (n: number) => app.waitForOutput(new RegExp(`(${STARTING} \\| START RequestId[^]*){${n}}`), { from });
    await app.advance(59);
    expect(startsSeen()).toBe(1);
    await app.advance(1);
    await attempt(2);
    await app.advance(119);
    expect(startsSeen()).toBe(2);
    await app.advance(1);
    await attempt(3);
    const [line] = await app.waitForOutput(new RegExp(`${FAILURE} \\| failure .*\\n`), { from });
    expect(line).toBe(
      `${FAILURE} | failure RetriesExhausted after 3 attempts: Failure from event, Success = false {"Success": false, "order": 2}\n`,
    );
    expect(startsSeen()).toBe(3);
  });

  it('an edited handler runs on the next invocation', async () => {
    const file = path.join(dir, 'success.py');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('print("success"', 'print("success v2"'));
    await invokeAsync({ Success: true, order: 3 });
    await app.waitForOutput(new RegExp(`${SUCCESS} \\| success v2 Success \\{"Success": true, "order": 3\\}\\n`));
  });

  it('an edited serverless.yml is redeployed: a queue added under resources exists', async () => {
    const from = app.output().length;
    const file = path.join(dir, 'serverless.yml');
    fs.appendFileSync(
      file,
      [
        '',
        'resources:',
        '  Resources:',
        '    AuditQueue:',
        '      Type: AWS::SQS::Queue',
        '      Properties:',
        '        QueueName: audit',
        '',
      ].join('\n'),
    );
    const [line] = await app.waitForOutput(/^Redeployed: .*$/m, { from });
    expect(line).toContain('audit');
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'audit' }));
    expect(QueueUrl).toMatch(/\/000000000000\/audit$/);
  });
});
