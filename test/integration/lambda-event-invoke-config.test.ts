/**
 * The EventInvokeConfig API (Put/Update/Get/List/DeleteFunctionEventInvokeConfig) and DeadLetterConfig
 * targets through @aws-sdk/client-lambda and the pip AWS CLI, on one server. Expected values are AWS's
 * (recorded shapes, codes, statuses and messages).
 */
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  LambdaClient,
  LambdaServiceException,
  ListFunctionEventInvokeConfigsCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
  type CreateFunctionCommandInput,
  type PutFunctionEventInvokeConfigCommandInput,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { startTestOnward, TEST_ACCOUNT, TEST_CREDENTIALS, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
let lambda: LambdaClient;

const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/lambda-role`;
const ARN_PREFIX = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:`;
const QUEUE = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:destination-queue`;
const TOPIC = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:destination-topic`;
const BUS = `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT}:event-bus/default`;
const DESTINATION_PATTERN = String.raw`$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`;
const NODE_ZIP = Buffer.from(zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async (e) => e;\n') }));

const FN = 'eic-fn';
const OTHER = 'eic-other';

beforeAll(async () => {
  onward = await startTestOnward();
  lambda = new LambdaClient({ endpoint: onward.url, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await createFunction(FN);
  await createFunction(OTHER);
  await lambda.send(new PublishVersionCommand({ FunctionName: FN }));
  await lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '1' }));
});

afterAll(async () => {
  lambda?.destroy();
  await onward?.stop();
});

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

async function expectError(promise: Promise<unknown>, code: string, status: number, message: string) {
  let error: LambdaServiceException | undefined;
  try {
    await promise;
  } catch (caught) {
    error = caught as LambdaServiceException;
  }
  expect(error, 'expected the call to fail').toBeDefined();
  expect(error!.name).toBe(code);
  expect(error!.$metadata.httpStatusCode).toBe(status);
  expect(error!.message).toBe(message);
}

const put = (input: PutFunctionEventInvokeConfigCommandInput) => lambda.send(new PutFunctionEventInvokeConfigCommand(input));
const update = (input: PutFunctionEventInvokeConfigCommandInput) =>
  lambda.send(new UpdateFunctionEventInvokeConfigCommand(input));
const get = (FunctionName: string, Qualifier?: string) =>
  lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName, Qualifier }));
const remove = (FunctionName: string, Qualifier?: string) =>
  lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName, Qualifier }));

/** The wire JSON of GetFunctionEventInvokeConfig (the SDK turns LastModified into a Date). */
async function rawGet(name: string, qualifier?: string): Promise<Record<string, unknown>> {
  const query = qualifier === undefined ? '' : `?Qualifier=${encodeURIComponent(qualifier)}`;
  const response = await fetch(`${onward.url}/2019-09-25/functions/${name}/event-invoke-config${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const noConfig = (name: string, qualifier = '$LATEST') =>
  `The function ${ARN_PREFIX}${name}:${qualifier} doesn't have an EventInvokeConfig`;

describe('Put, Get, Update', () => {
  it('puts a config and answers AWS shape: qualified ARN, both destination sides, LastModified in epoch seconds', async () => {
    const before = Date.now();
    const answer = await put({
      FunctionName: FN,
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: QUEUE } },
    });
    expect(answer.FunctionArn).toBe(`${ARN_PREFIX}${FN}:$LATEST`);
    expect(answer.MaximumRetryAttempts).toBe(0);
    expect(answer.MaximumEventAgeInSeconds).toBe(3600);
    expect(answer.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: { Destination: QUEUE } });
    expect(answer.LastModified).toBeInstanceOf(Date);

    const raw = await rawGet(FN);
    expect(Object.keys(raw)).toEqual([
      'LastModified',
      'FunctionArn',
      'MaximumRetryAttempts',
      'MaximumEventAgeInSeconds',
      'DestinationConfig',
    ]);
    expect(typeof raw.LastModified).toBe('number');
    expect((raw.LastModified as number) * 1000).toBeCloseTo(answer.LastModified!.getTime(), 3);
    expect(Math.abs((raw.LastModified as number) * 1000 - before)).toBeLessThan(60_000);
    expect(raw.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: { Destination: QUEUE } });
  });

  it('Put replaces the whole config: omitted settings disappear, no defaults are shown', async () => {
    await put({ FunctionName: FN, MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 });
    await put({ FunctionName: FN, MaximumRetryAttempts: 0 });
    const raw = await rawGet(FN);
    expect(raw).toEqual({
      LastModified: raw.LastModified,
      FunctionArn: `${ARN_PREFIX}${FN}:$LATEST`,
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: {}, OnFailure: {} },
    });
  });

  it('Update merges the given settings into the existing config', async () => {
    await put({ FunctionName: FN, MaximumRetryAttempts: 1 });
    const first = await rawGet(FN);
    await onward.advance(5);
    const updated = await update({ FunctionName: FN, DestinationConfig: { OnFailure: { Destination: TOPIC } } });
    expect(updated.MaximumRetryAttempts).toBe(1);
    expect(updated.MaximumEventAgeInSeconds).toBeUndefined();
    expect(updated.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: { Destination: TOPIC } });
    const again = await update({ FunctionName: FN, MaximumEventAgeInSeconds: 120 });
    expect(again).toMatchObject({
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 120,
      DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: TOPIC } },
    });
    const raw = await rawGet(FN);
    expect(raw.LastModified as number).toBeGreaterThanOrEqual((first.LastModified as number) + 5);
  });

  it('accepts SNS, EventBridge buses, other functions and S3 (on failure); an empty side is stored empty', async () => {
    const answer = await put({
      FunctionName: FN,
      DestinationConfig: { OnSuccess: { Destination: BUS }, OnFailure: { Destination: 'arn:aws:s3:::failures' } },
    });
    expect(answer.DestinationConfig).toEqual({
      OnSuccess: { Destination: BUS },
      OnFailure: { Destination: 'arn:aws:s3:::failures' },
    });
    const toFunction = await put({
      FunctionName: FN,
      DestinationConfig: { OnSuccess: { Destination: `${ARN_PREFIX}${OTHER}` }, OnFailure: {} },
    });
    expect(toFunction.DestinationConfig).toEqual({ OnSuccess: { Destination: `${ARN_PREFIX}${OTHER}` }, OnFailure: {} });
    const empty = await put({ FunctionName: FN, DestinationConfig: { OnSuccess: {} } });
    expect(empty.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: {} });
    expect(empty.MaximumRetryAttempts).toBeUndefined();
  });
});

describe('per qualifier', () => {
  it('publishing a version does not copy $LATEST config', async () => {
    await put({ FunctionName: FN, MaximumRetryAttempts: 2 });
    await expectError(get(FN, '1'), 'ResourceNotFoundException', 404, noConfig(FN, '1'));
    await expectError(get(`${FN}:live`), 'ResourceNotFoundException', 404, noConfig(FN, 'live'));
  });

  it('keeps one config per version and alias, named by Qualifier or in the name', async () => {
    const version = await put({ FunctionName: FN, Qualifier: '1', MaximumEventAgeInSeconds: 300 });
    expect(version.FunctionArn).toBe(`${ARN_PREFIX}${FN}:1`);
    const alias = await put({ FunctionName: `${ARN_PREFIX}${FN}:live`, MaximumRetryAttempts: 1 });
    expect(alias.FunctionArn).toBe(`${ARN_PREFIX}${FN}:live`);
    expect((await get(FN, 'live')).MaximumRetryAttempts).toBe(1);
    expect((await get(`${FN}:1`)).MaximumEventAgeInSeconds).toBe(300);
    expect((await get(FN)).MaximumRetryAttempts).toBe(2);
    expect((await get(FN, '$LATEST')).FunctionArn).toBe(`${ARN_PREFIX}${FN}:$LATEST`);
  });

  it('lists every qualifier of the function, pages with Marker/MaxItems', async () => {
    const all = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: FN }));
    expect(all.FunctionEventInvokeConfigs!.map((c) => c.FunctionArn)).toEqual([
      `${ARN_PREFIX}${FN}:$LATEST`,
      `${ARN_PREFIX}${FN}:1`,
      `${ARN_PREFIX}${FN}:live`,
    ]);
    expect(all.NextMarker).toBeUndefined();
    expect(all.FunctionEventInvokeConfigs![1]).toMatchObject({
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnSuccess: {}, OnFailure: {} },
    });

    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await lambda.send(
        new ListFunctionEventInvokeConfigsCommand({ FunctionName: FN, MaxItems: 1, Marker: marker }),
      );
      expect(page.FunctionEventInvokeConfigs).toHaveLength(1);
      seen.push(page.FunctionEventInvokeConfigs![0]!.FunctionArn!);
      marker = page.NextMarker;
    } while (marker);
    expect(seen).toEqual(all.FunctionEventInvokeConfigs!.map((c) => c.FunctionArn));

    const none = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: OTHER }));
    expect(none.FunctionEventInvokeConfigs).toEqual([]);
  });

  it('deletes a qualifier config with 204, leaving the others', async () => {
    const response = await fetch(`${onward.url}/2019-09-25/functions/${FN}/event-invoke-config?Qualifier=live`, {
      method: 'DELETE',
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    await expectError(get(FN, 'live'), 'ResourceNotFoundException', 404, noConfig(FN, 'live'));
    await expectError(remove(FN, 'live'), 'ResourceNotFoundException', 404, noConfig(FN, 'live'));
    expect((await get(FN, '1')).MaximumEventAgeInSeconds).toBe(300);
    await remove(FN, '1');
    await expectError(get(FN, '1'), 'ResourceNotFoundException', 404, noConfig(FN, '1'));
  });

  it('deleting a version or an alias deletes its config; deleting the function deletes all', async () => {
    const name = 'eic-lifecycle';
    await createFunction(name);
    await lambda.send(new PublishVersionCommand({ FunctionName: name }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 10 }));
    await lambda.send(new PublishVersionCommand({ FunctionName: name }));
    await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'temp', FunctionVersion: '1' }));
    await put({ FunctionName: name, MaximumRetryAttempts: 0 });
    await put({ FunctionName: name, Qualifier: '2', MaximumRetryAttempts: 1 });
    await put({ FunctionName: name, Qualifier: 'temp', MaximumRetryAttempts: 2 });

    await lambda.send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: '2' }));
    await lambda.send(new DeleteAliasCommand({ FunctionName: name, Name: 'temp' }));
    const left = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
    expect(left.FunctionEventInvokeConfigs!.map((c) => c.FunctionArn)).toEqual([`${ARN_PREFIX}${name}:$LATEST`]);
    await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'temp', FunctionVersion: '1' }));
    await expectError(get(name, 'temp'), 'ResourceNotFoundException', 404, noConfig(name, 'temp'));

    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    await createFunction(name);
    await expectError(get(name), 'ResourceNotFoundException', 404, noConfig(name));
    const after = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
    expect(after.FunctionEventInvokeConfigs).toEqual([]);
  });
});

describe('errors', () => {
  const atLeastOne = 'You must specify at least one of error handling or destination setting.';

  it('needs one setting, checked before the function exists', async () => {
    await expectError(put({ FunctionName: FN }), 'InvalidParameterValueException', 400, atLeastOne);
    await expectError(put({ FunctionName: 'eic-missing' }), 'InvalidParameterValueException', 400, atLeastOne);
    await expectError(update({ FunctionName: 'eic-missing' }), 'InvalidParameterValueException', 400, atLeastOne);
  });

  it('Put, Update and List on a function, version or alias that does not exist', async () => {
    const doesNotExist = "The function doesn't exist.";
    await expectError(
      put({ FunctionName: 'eic-missing', MaximumRetryAttempts: 1 }),
      'ResourceNotFoundException',
      404,
      doesNotExist,
    );
    await expectError(
      put({ FunctionName: FN, Qualifier: '7', MaximumRetryAttempts: 1 }),
      'ResourceNotFoundException',
      404,
      doesNotExist,
    );
    await expectError(
      put({ FunctionName: `${FN}:nope`, MaximumRetryAttempts: 1 }),
      'ResourceNotFoundException',
      404,
      doesNotExist,
    );
    await expectError(
      update({ FunctionName: 'eic-missing', MaximumRetryAttempts: 1 }),
      'ResourceNotFoundException',
      404,
      doesNotExist,
    );
    await expectError(
      lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic-missing' })),
      'ResourceNotFoundException',
      404,
      doesNotExist,
    );
  });

  it('Get, Delete and Update without a config name the qualified ARN', async () => {
    await expectError(get('eic-missing'), 'ResourceNotFoundException', 404, noConfig('eic-missing'));
    await expectError(remove('eic-missing', '3'), 'ResourceNotFoundException', 404, noConfig('eic-missing', '3'));
    await expectError(get(OTHER), 'ResourceNotFoundException', 404, noConfig(OTHER));
    await expectError(remove(OTHER), 'ResourceNotFoundException', 404, noConfig(OTHER));
    await expectError(
      update({ FunctionName: FN, Qualifier: 'live', MaximumRetryAttempts: 1 }),
      'ResourceNotFoundException',
      404,
      noConfig(FN, 'live'),
    );
  });

  it('refuses a Qualifier that disagrees with the name', async () => {
    const message = 'The derived qualifier from the function name does not match the specified qualifier.';
    await expectError(
      put({ FunctionName: `${FN}:1`, Qualifier: '$LATEST', MaximumRetryAttempts: 1 }),
      'InvalidParameterValueException',
      400,
      message,
    );
    await expectError(get(`${ARN_PREFIX}${FN}:live`, 'other'), 'InvalidParameterValueException', 400, message);
  });

  it('checks destinations: itself, missing functions, unsupported services, S3 on success', async () => {
    await expectError(
      put({ FunctionName: FN, DestinationConfig: { OnFailure: { Destination: `${ARN_PREFIX}${FN}` } } }),
      'InvalidParameterValueException',
      400,
      "You can't specify the function as a destination for itself.",
    );
    await expectError(
      put({ FunctionName: FN, DestinationConfig: { OnSuccess: { Destination: `${ARN_PREFIX}doesnotexist` } } }),
      'InvalidParameterValueException',
      400,
      `The destination ARN ${ARN_PREFIX}doesnotexist is invalid.`,
    );
    const iam = `arn:aws:iam::${TEST_ACCOUNT}:role/not-a-destination`;
    await expectError(
      put({ FunctionName: FN, DestinationConfig: { OnSuccess: { Destination: iam } } }),
      'InvalidParameterValueException',
      400,
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${iam}), onFailure=null) is invalid.`,
    );
    await expectError(
      put({
        FunctionName: FN,
        DestinationConfig: { OnSuccess: { Destination: 'arn:aws:s3:::bucket' }, OnFailure: { Destination: QUEUE } },
      }),
      'InvalidParameterValueException',
      400,
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:s3:::bucket), onFailure=OnFailure(destination=${QUEUE})) is invalid.`,
    );
  });

  it('reports Coral violations: destination pattern and integer ranges', async () => {
    const bad = `arn:aws:_-/!lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:x`;
    await expectError(
      put({ FunctionName: FN, DestinationConfig: { OnFailure: { Destination: bad } } }),
      'ValidationException',
      400,
      `1 validation error detected: Value '${bad}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_PATTERN}`,
    );
    await expectError(
      put({ FunctionName: FN, MaximumRetryAttempts: 3 }),
      'ValidationException',
      400,
      "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    );
    await expectError(
      update({ FunctionName: FN, MaximumEventAgeInSeconds: 59 }),
      'ValidationException',
      400,
      "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
    await expectError(
      put({ FunctionName: FN, MaximumRetryAttempts: -1, MaximumEventAgeInSeconds: 21601 }),
      'ValidationException',
      400,
      "2 validation errors detected: Value '-1' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to 0; Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600",
    );
    await expectError(
      lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: FN, MaxItems: 51 })),
      'ValidationException',
      400,
      "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });
});

describe('DeadLetterConfig', () => {
  it('takes SQS queues and SNS topics, "" removes it, other services are refused', async () => {
    const name = 'eic-dlq';
    const created = await createFunction(name, { DeadLetterConfig: { TargetArn: QUEUE } });
    expect(created.DeadLetterConfig).toEqual({ TargetArn: QUEUE });
    const lambdaTarget = `${ARN_PREFIX}${OTHER}`;
    await expectError(
      createFunction('eic-dlq-bad', { DeadLetterConfig: { TargetArn: lambdaTarget } }),
      'InvalidParameterValueException',
      400,
      `The provided target arn ${lambdaTarget} is invalid: a dead-letter target must be an SQS queue or an SNS topic.`,
    );
    await expectError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, DeadLetterConfig: { TargetArn: BUS } })),
      'InvalidParameterValueException',
      400,
      `The provided target arn ${BUS} is invalid: a dead-letter target must be an SQS queue or an SNS topic.`,
    );
    const toTopic = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, DeadLetterConfig: { TargetArn: TOPIC } }),
    );
    expect(toTopic.DeadLetterConfig).toEqual({ TargetArn: TOPIC });
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, DeadLetterConfig: { TargetArn: '' } }));
    const cleared = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(cleared.DeadLetterConfig).toBeUndefined();
  });
});

describe('pip AWS CLI', () => {
  it('put-function-event-invoke-config', async () => {
    const result = await runAws('pip', onward.url, [
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      OTHER,
      '--maximum-retry-attempts',
      '1',
      '--destination-config',
      JSON.stringify({ OnFailure: { Destination: QUEUE } }),
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.json.FunctionArn).toBe(`${ARN_PREFIX}${OTHER}:$LATEST`);
    expect(result.json.MaximumRetryAttempts).toBe(1);
    expect(result.json.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: { Destination: QUEUE } });
    expect(result.json.LastModified).toBeDefined();
    const got = await runAws('pip', onward.url, ['lambda', 'get-function-event-invoke-config', '--function-name', OTHER]);
    expect(got.status, got.stderr).toBe(0);
    expect(got.json.MaximumRetryAttempts).toBe(1);
  });
});
