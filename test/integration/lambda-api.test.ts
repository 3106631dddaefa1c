/**
 * The Lambda function-management API through @aws-sdk/client-lambda (REST-JSON) and both AWS CLIs, on
 * one server (restarted once on the same data directory to check persistence). Expected values are what
 * AWS answers (its recorded codes, statuses and messages), not whatever Onward happens to answer.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  LambdaServiceException,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { startTestOnward, TEST_ACCOUNT, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let lambda: LambdaClient;
let scratch: string;

const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/lambda-role`;
const ARN_PREFIX = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:`;
const LAST_MODIFIED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function client(url: string): LambdaClient {
  return new LambdaClient({ endpoint: url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

beforeAll(async () => {
  onward = await startTestOnward();
  lambda = client(onward.url);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-lambda-api-'));
});

afterAll(async () => {
  lambda?.destroy();
  await onward?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function zipOf(files: Record<string, string>, modes: Record<string, number> = {}): Buffer {
  const entries: Record<string, [Uint8Array, { os: number; attrs: number }] | Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) {
    const data = new TextEncoder().encode(content);
    entries[name] = modes[name] === undefined ? data : [data, { os: 3, attrs: modes[name]! << 16 }];
  }
  return Buffer.from(zipSync(entries as Parameters<typeof zipSync>[0]));
}

const NODE_ZIP = zipOf({ 'index.js': 'exports.handler = async (event) => event;\n' });
const sha256Base64 = (data: Buffer) => createHash('sha256').update(data).digest('base64');
const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function rejection(promise: Promise<unknown>): Promise<LambdaServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as LambdaServiceException;
  }
  throw new Error('expected the call to fail');
}

async function expectError(promise: Promise<unknown>, code: string, status: number, message?: string | RegExp) {
  const error = await rejection(promise);
  expect(error.name).toBe(code);
  expect(error.$metadata.httpStatusCode).toBe(status);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}

function createFunction(name: string, extra: Partial<CreateFunctionCommandInput> = {}) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: NODE_ZIP },
      ...extra,
    }),
  );
}

describe('CreateFunction', () => {
  it('creates a function from a zip (201) and answers with the FunctionConfiguration AWS returns', async () => {
    const created = await createFunction('fn-basic', { Description: 'the first', Environment: { Variables: { KEY_1: 'one' } } });
    expect(created.$metadata.httpStatusCode).toBe(201);
    const { $metadata: _metadata, ...configuration } = created;
    expect(configuration).toEqual({
      FunctionName: 'fn-basic',
      FunctionArn: `${ARN_PREFIX}fn-basic`,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      CodeSize: NODE_ZIP.length,
      Description: 'the first',
      Timeout: 3,
      MemorySize: 128,
      LastModified: expect.stringMatching(LAST_MODIFIED),
      CodeSha256: sha256Base64(NODE_ZIP),
      Version: '$LATEST',
      Environment: { Variables: { KEY_1: 'one' } },
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: expect.stringMatching(UUID),
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      RuntimeVersionConfig: { RuntimeVersionArn: expect.stringMatching(/^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/) },
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/fn-basic' },
    });
  });

  it('extracts the zip into the data directory, content-addressed', async () => {
    const codeDir = path.join(onward.dataDir, 'lambda', 'code', sha256Hex(NODE_ZIP));
    expect(fs.readFileSync(path.join(codeDir, 'index.js'), 'utf8')).toContain('exports.handler');
    expect(fs.existsSync(`${codeDir}.zip`)).toBe(true);
  });

  it('makes bootstrap executable and keeps the modes a Unix zip records', async () => {
    const zip = zipOf(
      { bootstrap: '#!/bin/sh\n', 'bin/tool': '#!/bin/sh\n', 'lib/data.txt': 'x', 'run.sh': '#!/bin/sh\n' },
      {
        'run.sh': 0o100755,
        'lib/data.txt': 0o100644,
      },
    );
    const created = await createFunction('fn-provided', {
      Runtime: 'provided.al2023',
      Handler: undefined,
      Code: { ZipFile: zip },
    });
    expect(created.Handler).toBeUndefined();
    const codeDir = path.join(onward.dataDir, 'lambda', 'code', sha256Hex(zip));
    const mode = (file: string) => fs.statSync(path.join(codeDir, file)).mode & 0o777;
    expect(mode('bootstrap')).toBe(0o755);
    expect(mode('run.sh')).toBe(0o755);
    expect(mode('lib/data.txt')).toBe(0o644);
    expect(mode('bin/tool')).toBe(0o644);
  });

  it('refuses zip entries that escape the code directory', async () => {
    const zip = zipOf({ '../escape.js': 'x' });
    await expectError(
      createFunction('fn-escape', { Code: { ZipFile: zip } }),
      'InvalidParameterValueException',
      400,
      "The zip entry '../escape.js' would be extracted outside the function's code directory.",
    );
    await expectError(lambda.send(new GetFunctionCommand({ FunctionName: 'fn-escape' })), 'ResourceNotFoundException', 404);
  });

  it('refuses a file that is not a zip with AWS message', async () => {
    await expectError(
      createFunction('fn-notzip', { Code: { ZipFile: Buffer.from('not a zip at all') } }),
      'InvalidParameterValueException',
      400,
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  });

  it('runs a local directory as is with the hot-reload bucket', async () => {
    const dir = fs.mkdtempSync(path.join(scratch, 'live-'));
    fs.writeFileSync(path.join(dir, 'handler.py'), 'def handler(event, context):\n    return event\n');
    const created = await createFunction('fn-live', {
      Runtime: 'python3.12',
      Handler: 'handler.handler',
      Code: { S3Bucket: 'hot-reload', S3Key: dir },
    });
    expect(created.CodeSha256).toBe('hot-reloading-hash-not-available');
    expect(created.CodeSize).toBe(0);
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-live' }));
    expect(fn.Code).toEqual({ RepositoryType: 'S3', Location: `file://${dir}` });
    // The older LocalStack bucket name works too.
    const legacy = await createFunction('fn-live-legacy', { Code: { S3Bucket: '__local__', S3Key: dir } });
    expect(legacy.CodeSha256).toBe('hot-reloading-hash-not-available');
  });

  it('refuses hot-reload paths that are relative or missing, and S3 buckets', async () => {
    await expectError(
      createFunction('fn-live-relative', { Code: { S3Bucket: 'hot-reload', S3Key: 'relative/dir' } }),
      'InvalidParameterValueException',
      400,
      "Code.S3Key must be the absolute path of a local directory for hot-reload code, got 'relative/dir'.",
    );
    await expectError(
      createFunction('fn-live-missing', { Code: { S3Bucket: 'hot-reload', S3Key: path.join(scratch, 'nope') } }),
      'InvalidParameterValueException',
      400,
      `The hot-reload code directory '${path.join(scratch, 'nope')}' does not exist or is not a directory.`,
    );
    await expectError(
      createFunction('fn-s3', { Code: { S3Bucket: 'my-bucket', S3Key: 'code.zip' } }),
      'InvalidParameterValueException',
      400,
      /^Onward does not fetch code from S3 \(bucket 'my-bucket'\)/,
    );
  });

  it('refuses a duplicate name with ResourceConflictException (409)', async () => {
    await createFunction('fn-dup');
    await expectError(createFunction('fn-dup'), 'ResourceConflictException', 409, 'Function already exist: fn-dup');
  });

  it('validates names, runtimes, handler, role, timeout and memory as AWS does', async () => {
    await expectError(
      createFunction('my-function!'),
      'ValidationException',
      400,
      String.raw`1 validation error detected: Value 'my-function!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
    const long = 'a'.repeat(65);
    await expectError(
      createFunction(long),
      'InvalidParameterValueException',
      400,
      `1 validation error detected: Value '${long}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    await expectError(
      createFunction('fn-bad-runtime', { Runtime: 'non-existent-runtime' as Runtime }),
      'InvalidParameterValueException',
      400,
      "Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2] or be a valid ARN",
    );
    await expectError(
      createFunction('fn-old-runtime', { Runtime: 'python3.7' }),
      'InvalidParameterValueException',
      400,
      'The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
    );
    await expectError(
      createFunction('fn-java', { Runtime: 'java21' }),
      'InvalidParameterValueException',
      400,
      /^Onward cannot run the runtime java21 \(AWS can\)/,
    );
    await expectError(
      createFunction('fn-no-handler', { Handler: undefined }),
      'InvalidParameterValueException',
      400,
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
    await expectError(
      createFunction('fn-bad-role', { Role: 'r1' }),
      'ValidationException',
      400,
      String.raw`1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`,
    );
    await expectError(
      createFunction('fn-timeout', { Timeout: 901 }),
      'ValidationException',
      400,
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    await expectError(
      createFunction('fn-limits', { Timeout: 0, MemorySize: 64 }),
      'ValidationException',
      400,
      "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    );
    await expectError(
      createFunction('fn-memory', { MemorySize: 10241 }),
      'InvalidParameterValueException',
      400,
      "'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
    await expectError(
      createFunction('fn-reserved-env', { Environment: { Variables: { AWS_REGION: 'eu-west-1' } } }),
      'InvalidParameterValueException',
      400,
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION',
    );
    // Keys start with a letter and are at least two characters.
    await expectError(
      createFunction('fn-short-env', { Environment: { Variables: { A: '1' } } }),
      'ValidationException',
      400,
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    );
    await expectError(
      createFunction('fn-big-env', { Environment: { Variables: { LARGE_VAR: 'x'.repeat(4096) } } }),
      'InvalidParameterValueException',
      400,
      /^Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit\. String measured: \{"LARGE_VAR":"x+"\}$/,
    );
    // None of them left anything behind.
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    expect(Functions!.map((f) => f.FunctionName)).not.toContain('fn-timeout');
  });

  it('publishes version 1 on create with Publish', async () => {
    const created = await createFunction('fn-publish-on-create', { Publish: true });
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.Version).toBe('1');
    expect(created.FunctionArn).toBe(`${ARN_PREFIX}fn-publish-on-create`);
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'fn-publish-on-create' }));
    expect(versions.Versions!.map((v) => v.Version)).toEqual(['$LATEST', '1']);
  });
});

describe('GetFunction and GetFunctionConfiguration', () => {
  beforeAll(async () => {
    await createFunction('fn-get', { Tags: { team: 'core' } });
  });

  it('returns the configuration, a code location and the tags', async () => {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-get' }));
    expect(fn.Configuration!.FunctionArn).toBe(`${ARN_PREFIX}fn-get`);
    expect(fn.Code).toEqual({ RepositoryType: 'S3', Location: `${onward.url}/_onward/lambda/code/${sha256Hex(NODE_ZIP)}.zip` });
    expect(fn.Tags).toEqual({ team: 'core' });
    expect(fn.Concurrency).toBeUndefined();
    const plain = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-basic' }));
    expect(plain.Tags).toBeUndefined();
  });

  it('accepts every form of the name and qualifies the ARN the way it was asked', async () => {
    for (const name of ['fn-get', `${ARN_PREFIX}fn-get`, `${TEST_ACCOUNT}:function:fn-get`]) {
      const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      expect(configuration.FunctionArn).toBe(`${ARN_PREFIX}fn-get`);
    }
    const latest = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-get:$LATEST' }));
    expect(latest.FunctionArn).toBe(`${ARN_PREFIX}fn-get:$LATEST`);
    const byQualifier = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-get', Qualifier: '$LATEST' }));
    expect(byQualifier.FunctionArn).toBe(`${ARN_PREFIX}fn-get:$LATEST`);
  });

  it('answers ResourceNotFoundException with the exact ARN', async () => {
    await expectError(
      lambda.send(new GetFunctionCommand({ FunctionName: 'fn-missing' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-missing`,
    );
    await expectError(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-get', Qualifier: '1221' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-get:1221`,
    );
    await expectError(
      lambda.send(new GetFunctionCommand({ FunctionName: 'fn-get:nosuchalias' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-get:nosuchalias`,
    );
    await expectError(
      lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:fn-get' })),
      'ResourceNotFoundException',
      404,
      "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')",
    );
  });

  it('refuses a qualifier that disagrees with the one in the name', async () => {
    await expectError(
      lambda.send(new GetFunctionCommand({ FunctionName: `${ARN_PREFIX}fn-get:1`, Qualifier: '$LATEST' })),
      'InvalidParameterValueException',
      400,
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  });

  it('validates the name and qualifier with Coral messages', async () => {
    await expectError(
      lambda.send(new GetFunctionCommand({ FunctionName: 'fn-get', Qualifier: 'invalid!' })),
      'ValidationException',
      400,
      String.raw`1 validation error detected: Value 'invalid!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`,
    );
  });
});

describe('ListFunctions', () => {
  it('pages with Marker and MaxItems through every function', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect(page.Functions!.length).toBeLessThanOrEqual(2);
      names.push(...page.Functions!.map((f) => f.FunctionName!));
      marker = page.NextMarker;
      pages++;
    } while (marker);
    const all = await lambda.send(new ListFunctionsCommand({}));
    expect(names).toEqual(all.Functions!.map((f) => f.FunctionName));
    expect(pages).toBe(Math.ceil(names.length / 2));
    expect(names).toEqual([...names].sort());
    const item = all.Functions!.find((f) => f.FunctionName === 'fn-basic')!;
    expect(item.FunctionArn).toBe(`${ARN_PREFIX}fn-basic`);
    // Listings leave out the state fields (AWS-recorded).
    expect(item.State).toBeUndefined();
    expect(item.RuntimeVersionConfig).toBeUndefined();
  });

  it('lists every version with FunctionVersion=ALL, ARNs qualified', async () => {
    const { Functions } = await lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    const arns = Functions!.filter((f) => f.FunctionName === 'fn-publish-on-create').map((f) => f.FunctionArn);
    expect(arns).toEqual([`${ARN_PREFIX}fn-publish-on-create:$LATEST`, `${ARN_PREFIX}fn-publish-on-create:1`]);
  });

  it('refuses an unknown FunctionVersion', async () => {
    const response = await fetch(`${onward.url}/2015-03-31/functions?FunctionVersion=invalid`, {
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${TEST_REGION}/lambda/aws4_request` },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(((await response.json()) as { message: string }).message).toBe(
      "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]",
    );
  });
});

describe('updates', () => {
  beforeAll(async () => {
    await createFunction('fn-update');
  });

  it('updates the code: new CodeSha256, CodeSize and RevisionId', async () => {
    const before = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-update' }));
    const zip = zipOf({ 'index.js': 'exports.handler = async () => "v2";\n' });
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn-update', ZipFile: zip }));
    expect(updated.CodeSha256).toBe(sha256Base64(zip));
    expect(updated.CodeSize).toBe(zip.length);
    expect(updated.RevisionId).not.toBe(before.RevisionId);
    expect(updated.Version).toBe('$LATEST');
    await expectError(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn-update', ZipFile: NODE_ZIP, RevisionId: before.RevisionId })),
      'PreconditionFailedException',
      412,
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
    const dryRun = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'fn-update', ZipFile: NODE_ZIP, DryRun: true }),
    );
    expect(dryRun.CodeSha256).toBe(sha256Base64(NODE_ZIP));
    const after = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-update' }));
    expect(after.CodeSha256).toBe(sha256Base64(zip));
  });

  it('updates the configuration, and errors change nothing', async () => {
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'fn-update',
        Handler: 'main.handler',
        Runtime: 'nodejs22.x',
        Timeout: 30,
        MemorySize: 512,
        Description: 'updated',
        Environment: { Variables: { STAGE: 'test' } },
        DeadLetterConfig: { TargetArn: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:dlq` },
      }),
    );
    expect(updated).toMatchObject({
      Handler: 'main.handler',
      Runtime: 'nodejs22.x',
      Timeout: 30,
      MemorySize: 512,
      Description: 'updated',
      Environment: { Variables: { STAGE: 'test' } },
      DeadLetterConfig: { TargetArn: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:dlq` },
      LastUpdateStatus: 'Successful',
    });
    await expectError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-update', Timeout: 901, Description: 'never' })),
      'ValidationException',
      400,
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    await expectError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-update', Runtime: 'PYTHON3.9' as Runtime })),
      'InvalidParameterValueException',
      400,
      /^Value PYTHON3\.9 at 'runtime' failed to satisfy constraint/,
    );
    await expectError(
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-update', RevisionId: 'stale', Description: 'never' }),
      ),
      'PreconditionFailedException',
      412,
    );
    const cleared = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-update', DeadLetterConfig: { TargetArn: '' } }),
    );
    expect(cleared.DeadLetterConfig).toBeUndefined();
    expect(cleared.Description).toBe('updated');
    expect(cleared.Timeout).toBe(30);
  });

  it('answers ResourceNotFoundException for a function that does not exist', async () => {
    await expectError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-nope', Timeout: 5 })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-nope:$LATEST`,
    );
  });
});

describe('versions', () => {
  beforeAll(async () => {
    await createFunction('fn-versions', { Description: 'latest description' });
  });

  it('publishes immutable snapshots numbered from 1, reusing an unchanged one', async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'fn-versions', Description: 'first' }));
    expect(v1.$metadata.httpStatusCode).toBe(201);
    expect(v1).toMatchObject({ Version: '1', FunctionArn: `${ARN_PREFIX}fn-versions:1`, Description: 'first' });
    const again = await lambda.send(new PublishVersionCommand({ FunctionName: 'fn-versions' }));
    expect(again.Version).toBe('1');
    expect(again.RevisionId).toBe(v1.RevisionId);

    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-versions', MemorySize: 256 }));
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'fn-versions' }));
    expect(v2).toMatchObject({ Version: '2', MemorySize: 256, Description: 'latest description' });
    const v1Now = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-versions', Qualifier: '1' }));
    expect(v1Now).toMatchObject({ Version: '1', MemorySize: 128, FunctionArn: `${ARN_PREFIX}fn-versions:1` });

    const { Versions } = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'fn-versions' }));
    expect(Versions!.map((v) => [v.Version, v.FunctionArn])).toEqual([
      ['$LATEST', `${ARN_PREFIX}fn-versions:$LATEST`],
      ['1', `${ARN_PREFIX}fn-versions:1`],
      ['2', `${ARN_PREFIX}fn-versions:2`],
    ]);
    const paged = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'fn-versions', MaxItems: 2 }));
    expect(paged.Versions!.map((v) => v.Version)).toEqual(['$LATEST', '1']);
    const rest = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'fn-versions', MaxItems: 2, Marker: paged.NextMarker }),
    );
    expect(rest.Versions!.map((v) => v.Version)).toEqual(['2']);
    expect(rest.NextMarker).toBeUndefined();
  });

  it('checks the CodeSha256 and RevisionId preconditions', async () => {
    const latest = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-versions' }));
    await expectError(
      lambda.send(new PublishVersionCommand({ FunctionName: 'fn-versions', CodeSha256: 'somenonexistentsha256' })),
      'InvalidParameterValueException',
      400,
      `CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
    await expectError(
      lambda.send(new PublishVersionCommand({ FunctionName: 'fn-versions', RevisionId: 'wrong' })),
      'PreconditionFailedException',
      412,
    );
  });

  it('deletes versions (never reusing their numbers) but not $LATEST', async () => {
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-versions', Qualifier: '2' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    // Deleting a version that does not exist is not an error (AWS-recorded).
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-versions', Qualifier: '1233' }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-versions', MemorySize: 384 }));
    const v3 = await lambda.send(new PublishVersionCommand({ FunctionName: 'fn-versions' }));
    expect(v3.Version).toBe('3');
    await expectError(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-versions', Qualifier: '$LATEST' })),
      'InvalidParameterValueException',
      400,
      '$LATEST version cannot be deleted without deleting the function.',
    );
    await expectError(
      lambda.send(new GetFunctionCommand({ FunctionName: 'fn-versions', Qualifier: '2' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-versions:2`,
    );
  });

  it('publishes with UpdateFunctionCode Publish', async () => {
    const zip = zipOf({ 'index.js': 'exports.handler = async () => "published";\n' });
    const published = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'fn-versions', ZipFile: zip, Publish: true }),
    );
    expect(published).toMatchObject({ Version: '4', FunctionArn: `${ARN_PREFIX}fn-versions:4`, CodeSha256: sha256Base64(zip) });
  });
});

describe('aliases', () => {
  beforeAll(async () => {
    await createFunction('fn-alias');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'fn-alias' }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-alias', Timeout: 10 }));
    await lambda.send(new PublishVersionCommand({ FunctionName: 'fn-alias' }));
  });

  it('creates, reads, updates, lists and deletes aliases', async () => {
    const created = await lambda.send(
      new CreateAliasCommand({ FunctionName: 'fn-alias', Name: 'live', FunctionVersion: '1', Description: 'prod traffic' }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    const { $metadata: _m, ...alias } = created;
    expect(alias).toEqual({
      AliasArn: `${ARN_PREFIX}fn-alias:live`,
      Name: 'live',
      FunctionVersion: '1',
      Description: 'prod traffic',
      RevisionId: expect.stringMatching(UUID),
    });
    expect(await lambda.send(new GetAliasCommand({ FunctionName: 'fn-alias', Name: 'live' }))).toMatchObject(alias);

    const updated = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'fn-alias',
        Name: 'live',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } },
        RevisionId: alias.RevisionId,
      }),
    );
    expect(updated).toMatchObject({ FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } } });
    expect(updated.RevisionId).not.toBe(alias.RevisionId);
    await expectError(
      lambda.send(
        new UpdateAliasCommand({ FunctionName: 'fn-alias', Name: 'live', Description: 'x', RevisionId: alias.RevisionId }),
      ),
      'PreconditionFailedException',
      412,
    );

    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn-alias', Name: 'edge', FunctionVersion: '$LATEST' }));
    const listed = await lambda.send(new ListAliasesCommand({ FunctionName: 'fn-alias' }));
    expect(listed.Aliases!.map((a) => a.Name)).toEqual(['edge', 'live']);
    const onOne = await lambda.send(new ListAliasesCommand({ FunctionName: 'fn-alias', FunctionVersion: '1' }));
    expect(onOne.Aliases!.map((a) => a.Name)).toEqual(['live']);

    const viaAlias = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-alias', Qualifier: 'live' }));
    expect(viaAlias.Configuration).toMatchObject({ FunctionArn: `${ARN_PREFIX}fn-alias:live`, Version: '1', Timeout: 3 });

    const deleted = await lambda.send(new DeleteAliasCommand({ FunctionName: 'fn-alias', Name: 'edge' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'fn-alias', Name: 'edge' }));
    await expectError(
      lambda.send(new GetAliasCommand({ FunctionName: 'fn-alias', Name: 'edge' })),
      'ResourceNotFoundException',
      404,
      `Cannot find alias arn: ${ARN_PREFIX}fn-alias:edge`,
    );
  });

  it('answers the AWS errors for aliases', async () => {
    await expectError(
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn-alias', Name: 'live', FunctionVersion: '1' })),
      'ResourceConflictException',
      409,
      `Alias already exists: ${ARN_PREFIX}fn-alias:live`,
    );
    await expectError(
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn-alias', Name: 'ten', FunctionVersion: '10' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-alias:10`,
    );
    await expectError(
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn-alias-unknown', Name: 'x', FunctionVersion: '1' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-alias-unknown:1`,
    );
    await expectError(
      lambda.send(new CreateAliasCommand({ FunctionName: 'fn-alias', Name: '2024', FunctionVersion: '1' })),
      'ValidationException',
      400,
      "1 validation error detected: Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    );
    await expectError(
      lambda.send(
        new CreateAliasCommand({
          FunctionName: 'fn-alias',
          Name: 'toomany',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { '2': 0.5, '3': 0.2 } },
        }),
      ),
      'InvalidParameterValueException',
      400,
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    );
    await expectError(
      lambda.send(
        new CreateAliasCommand({
          FunctionName: 'fn-alias',
          Name: 'toohigh',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { '2': 2 } },
        }),
      ),
      'ValidationException',
      400,
      "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    );
    await expectError(
      lambda.send(
        new CreateAliasCommand({
          FunctionName: 'fn-alias',
          Name: 'same',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } },
        }),
      ),
      'InvalidParameterValueException',
      400,
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    );
    await expectError(
      lambda.send(
        new CreateAliasCommand({
          FunctionName: 'fn-alias',
          Name: 'latest-routed',
          FunctionVersion: '$LATEST',
          RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
        }),
      ),
      'InvalidParameterValueException',
      400,
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
    await expectError(
      lambda.send(new UpdateAliasCommand({ FunctionName: 'fn-alias', Name: 'non-existent', Description: 'x' })),
      'ResourceNotFoundException',
      404,
      `Alias not found: ${ARN_PREFIX}fn-alias:non-existent`,
    );
    await expectError(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-alias', Qualifier: 'live' })),
      'InvalidParameterValueException',
      400,
      'Deletion of aliases is not currently supported.',
    );
  });

  it('keeps a version an alias routes to', async () => {
    await expectError(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-alias', Qualifier: '2' })),
      'ResourceConflictException',
      409,
      'Unable to delete version because the following aliases reference it: [live]',
    );
  });
});

describe('reserved concurrency and account settings', () => {
  beforeAll(async () => {
    await createFunction('fn-concurrency');
  });

  it('puts, reads and deletes reserved concurrency', async () => {
    const put = await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'fn-concurrency', ReservedConcurrentExecutions: 5 }),
    );
    expect(put.ReservedConcurrentExecutions).toBe(5);
    expect(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'fn-concurrency' }))).ReservedConcurrentExecutions,
    ).toBe(5);
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-concurrency' }));
    expect(fn.Concurrency).toEqual({ ReservedConcurrentExecutions: 5 });
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit).toEqual({
      TotalCodeSize: 80530636800,
      CodeSizeUnzipped: 262144000,
      CodeSizeZipped: 52428800,
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 995,
    });
    expect(settings.AccountUsage!.FunctionCount).toBeGreaterThan(5);
    expect(settings.AccountUsage!.TotalCodeSize).toBeGreaterThan(0);

    const deleted = await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'fn-concurrency' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const after = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'fn-concurrency' }));
    expect(after.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('answers the AWS errors', async () => {
    await expectError(
      lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'doesnotexist', ReservedConcurrentExecutions: 1 })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}doesnotexist:$LATEST`,
    );
    await expectError(
      lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: `${ARN_PREFIX}fn-concurrency:1`, ReservedConcurrentExecutions: 1 }),
      ),
      'InvalidParameterValueException',
      400,
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    );
    await expectError(
      lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'fn-concurrency', ReservedConcurrentExecutions: 901 })),
      'InvalidParameterValueException',
      400,
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    );
    await expectError(
      lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'doesnotexist' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}doesnotexist`,
    );
  });
});

describe('tags', () => {
  const arn = `${ARN_PREFIX}fn-tags`;
  beforeAll(async () => {
    await createFunction('fn-tags', { Tags: { A: 'tag-a' } });
  });

  it('tags, untags and lists by function ARN', async () => {
    const tagged = await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { B: 'tag-b', C: 'tag-c' } }));
    expect(tagged.$metadata.httpStatusCode).toBe(204);
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ A: 'tag-a', B: 'tag-b', C: 'tag-c' });
    const untagged = await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['A', 'C', 'nope'] }));
    expect(untagged.$metadata.httpStatusCode).toBe(204);
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ B: 'tag-b' });
  });

  it('answers the AWS errors', async () => {
    await expectError(
      lambda.send(new TagResourceCommand({ Resource: `${arn}:1`, Tags: { X: 'x' } })),
      'InvalidParameterValueException',
      400,
      'Tags on function aliases and versions are not supported. Please specify a function ARN.',
    );
    await expectError(
      lambda.send(new ListTagsCommand({ Resource: `${ARN_PREFIX}doesnotexist` })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}doesnotexist`,
    );
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}_key`, `${i}_value`]));
    await expectError(
      lambda.send(new TagResourceCommand({ Resource: arn, Tags: many })),
      'InvalidParameterValueException',
      400,
      'Number of tags exceeds resource tag limit.',
    );
    await expectError(
      lambda.send(
        new TagResourceCommand({ Resource: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:foobar:fn-tags`, Tags: { X: 'x' } }),
      ),
      'ValidationException',
      400,
      /^1 validation error detected: Value 'arn:aws:lambda:us-east-1:000000000000:foobar:fn-tags' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
  });
});

describe('DeleteFunction', () => {
  it('deletes a function with its versions and aliases (204)', async () => {
    await createFunction('fn-delete', { Publish: true });
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn-delete', Name: 'live', FunctionVersion: '1' }));
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-delete' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expectError(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-delete' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN_PREFIX}fn-delete`,
    );
    await createFunction('fn-delete');
    const { Versions } = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'fn-delete' }));
    expect(Versions!.map((v) => v.Version)).toEqual(['$LATEST']);
    const { Aliases } = await lambda.send(new ListAliasesCommand({ FunctionName: 'fn-delete' }));
    expect(Aliases).toEqual([]);
  });
});

describe('AWS CLIs', () => {
  it('creates, gets and lists functions with the pip CLI (--zip-file fileb://)', async () => {
    const zipPath = path.join(scratch, 'cli.zip');
    fs.writeFileSync(zipPath, NODE_ZIP);
    const created = await runAws('pip', onward.url, [
      'lambda',
      'create-function',
      '--function-name',
      'fn-cli',
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      ROLE,
      '--zip-file',
      `fileb://${zipPath}`,
    ]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.json).toMatchObject({ FunctionName: 'fn-cli', CodeSha256: sha256Base64(NODE_ZIP), State: 'Active' });

    const got = await runAws('pip', onward.url, ['lambda', 'get-function', '--function-name', 'fn-cli']);
    expect(got.status, got.stderr).toBe(0);
    expect(got.json.Configuration.FunctionArn).toBe(`${ARN_PREFIX}fn-cli`);
    expect(got.json.Code.RepositoryType).toBe('S3');

    const listed = await runAws('pip', onward.url, ['lambda', 'list-functions']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.json.Functions.map((f: { FunctionName: string }) => f.FunctionName)).toContain('fn-cli');

    const missing = await runAws('pip', onward.url, ['lambda', 'get-function', '--function-name', 'fn-cli-missing']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
    expect(missing.stderr).toContain(`Function not found: ${ARN_PREFIX}fn-cli-missing`);
  });

  it("works with Debian's CLI v2", async () => {
    const zipPath = path.join(scratch, 'cli2.zip');
    fs.writeFileSync(zipPath, NODE_ZIP);
    const created = await runAws('debian', onward.url, [
      'lambda',
      'create-function',
      '--function-name',
      'fn-cli2',
      '--runtime',
      'python3.12',
      '--handler',
      'app.handler',
      '--role',
      ROLE,
      '--zip-file',
      `fileb://${zipPath}`,
      '--tags',
      'team=cli',
    ]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.json).toMatchObject({ FunctionName: 'fn-cli2', Runtime: 'python3.12' });
    const got = await runAws('debian', onward.url, ['lambda', 'get-function', '--function-name', 'fn-cli2']);
    expect(got.status, got.stderr).toBe(0);
    expect(got.json.Tags).toEqual({ team: 'cli' });
    const untagged = await runAws('debian', onward.url, [
      'lambda',
      'untag-resource',
      '--resource',
      `${ARN_PREFIX}fn-cli2`,
      '--tag-keys',
      'team',
    ]);
    expect(untagged.status, untagged.stderr).toBe(0);
  });
});

describe('persistence', () => {
  it('keeps functions, versions, aliases, tags, concurrency and code across a restart, sweeping unused code', async () => {
    await createFunction('fn-persist', { Tags: { kept: 'yes' }, Publish: true });
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn-persist', Name: 'live', FunctionVersion: '1' }));
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'fn-persist', ReservedConcurrentExecutions: 3 }));
    const before = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-persist' }));
    // Code no function uses any more is swept at the next start.
    const orphanZip = zipOf({ 'index.js': 'exports.handler = async () => "orphan";\n' });
    await createFunction('fn-orphan', { Code: { ZipFile: orphanZip } });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn-orphan' }));
    const orphanDir = path.join(onward.dataDir, 'lambda', 'code', sha256Hex(orphanZip));
    expect(fs.existsSync(orphanDir)).toBe(true);

    const dataDir = onward.dataDir;
    lambda.destroy();
    await onward.close();
    onward = await startTestOnward({ dataDir });
    lambda = client(onward.url);

    const after = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn-persist' }));
    expect(after.Configuration).toEqual(before.Configuration);
    expect(after.Tags).toEqual({ kept: 'yes' });
    expect(after.Concurrency).toEqual({ ReservedConcurrentExecutions: 3 });
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'fn-persist', Name: 'live' }));
    expect(alias.FunctionVersion).toBe('1');
    const { Versions } = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'fn-persist' }));
    expect(Versions!.map((v) => v.Version)).toEqual(['$LATEST', '1']);
    expect(fs.existsSync(path.join(dataDir, 'lambda', 'code', sha256Hex(NODE_ZIP), 'index.js'))).toBe(true);
    expect(fs.existsSync(orphanDir)).toBe(false);
    expect(fs.existsSync(`${orphanDir}.zip`)).toBe(false);
    // Version numbers continue where they were.
    const versioned = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fn-versions', Qualifier: '4' }));
    expect(versioned.Version).toBe('4');
  });
});
