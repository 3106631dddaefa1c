/**
 * EventBridge Scheduler through the pip `aws` CLI (botocore's REST-JSON serialiser, timestamps as epoch
 * seconds, the tag ARN path-encoded): a schedule group and a schedule as a reader of AWS's docs types them,
 * a refusal with its AWS code, and a fire on the manual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAws } from '../helpers/aws-cli.ts';
import { startTestOnward, TEST_ACCOUNT, TEST_REGION, type TestOnward } from '../helpers/onward.ts';

let onward: TestOnward;
const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/scheduler-role`;

beforeAll(async () => {
  onward = await startTestOnward();
});

afterAll(async () => {
  await onward.stop();
});

async function aws(...args: string[]): Promise<any> {
  const result = await runAws('pip', onward.url, args);
  expect(result.status, `aws ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.json;
}

describe('aws scheduler (pip CLI)', () => {
  it('creates a group and a schedule, reads them back, and fires the schedule into a queue', async () => {
    const { QueueUrl } = await aws('sqs', 'create-queue', '--queue-name', 'cli-scheduled');
    const queueArn = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:cli-scheduled`;
    const group = await aws('scheduler', 'create-schedule-group', '--name', 'cli-group', '--tags', 'Key=team,Value=a');
    expect(group.ScheduleGroupArn).toBe(`arn:aws:scheduler:${TEST_REGION}:${TEST_ACCOUNT}:schedule-group/cli-group`);
    expect((await aws('scheduler', 'list-tags-for-resource', '--resource-arn', group.ScheduleGroupArn)).Tags).toEqual([
      { Key: 'team', Value: 'a' },
    ]);

    const startSeconds = Math.ceil(onward.clock.now() / 1000) + 120;
    await aws(
      'scheduler',
      'create-schedule',
      '--name',
      'cli-rate',
      '--group-name',
      'cli-group',
      '--schedule-expression',
      'rate(10 minutes)',
      '--start-date',
      new Date(startSeconds * 1000).toISOString(),
      '--flexible-time-window',
      '{"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 5}',
      '--target',
      JSON.stringify({ Arn: queueArn, RoleArn: ROLE, Input: 'hello from the CLI' }),
    );
    const got = await aws('scheduler', 'get-schedule', '--name', 'cli-rate', '--group-name', 'cli-group');
    expect(got).toMatchObject({
      Name: 'cli-rate',
      GroupName: 'cli-group',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 },
      Target: { Arn: queueArn, Input: 'hello from the CLI' },
    });
    // CLI v1 prints timestamps as the service sent them: epoch seconds.
    expect(got.StartDate).toBe(startSeconds);

    const refused = await runAws('pip', onward.url, [
      'scheduler',
      'create-schedule',
      '--name',
      'cli-rate',
      '--group-name',
      'cli-group',
      '--schedule-expression',
      'rate(10 minutes)',
      '--flexible-time-window',
      'Mode=OFF',
      '--target',
      `Arn=${queueArn},RoleArn=${ROLE}`,
    ]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('ConflictException');

    // A FLEXIBLE window fires at its start: StartDate itself for a rate.
    await onward.advance(startSeconds - onward.clock.now() / 1000);
    const received = await aws('sqs', 'receive-message', '--queue-url', QueueUrl, '--max-number-of-messages', '10');
    expect(received.Messages.map((m: { Body: string }) => m.Body)).toEqual(['hello from the CLI']);

    await aws('scheduler', 'delete-schedule-group', '--name', 'cli-group');
    const listed = await aws('scheduler', 'list-schedules');
    expect(listed.Schedules).toEqual([]);
  });
});
