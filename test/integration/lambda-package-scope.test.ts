/**
 * On AWS a function's code is alone in /var/task: no package.json above it decides whether its `.js`
 * files are CommonJS or ES modules. Locally the code folder may sit inside an ES module project; the
 * function must load as it would on AWS all the same.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startTestOnward, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';
import { tempApp } from '../helpers/temp-app.ts';

let onward: TestOnward;
let lambda: LambdaClient;

beforeAll(async () => {
  onward = await startTestOnward();
  lambda = new LambdaClient({ endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS });
});
afterAll(async () => {
  await onward?.stop();
});

async function createAndInvoke(name: string, codeDir: string): Promise<{ error?: string; payload: unknown }> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/r',
      Code: { S3Bucket: 'hot-reload', S3Key: codeDir },
    }),
  );
  const result = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: '{"n":1}' }));
  return {
    ...(result.FunctionError ? { error: result.FunctionError } : {}),
    payload: JSON.parse(Buffer.from(result.Payload!).toString()),
  };
}

describe('the function folder is its package boundary, as /var/task is', () => {
  it('runs a CommonJS handler (and what it requires) inside a "type": "module" project', async () => {
    const project = tempApp({
      'package.json': '{"type":"module"}',
      'functions/cjs/index.js':
        "const { twice } = require('./lib/math.js');\nexports.handler = async (e) => ({ cjs: twice(e.n) });\n",
      'functions/cjs/lib/math.js': 'exports.twice = (n) => n * 2;\n',
    });
    expect(await createAndInvoke('cjs-in-esm-project', path.join(project, 'functions/cjs'))).toEqual({ payload: { cjs: 2 } });
  });

  it('still runs an ES module handler whose own package.json says "type": "module"', async () => {
    const project = tempApp({
      'package.json': '{"type":"commonjs"}',
      'functions/esm/package.json': '{"type":"module"}',
      'functions/esm/index.js': 'export const handler = async (e) => ({ esm: e.n + 1 });\n',
    });
    expect(await createAndInvoke('esm-in-cjs-project', path.join(project, 'functions/esm'))).toEqual({ payload: { esm: 2 } });
  });
});
