import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../aws/service-error.ts';
import { TargetUnavailableError } from '../targets/internal-targets.ts';
import { deadLetterAttributes, errorCode, renderInput, retryDelayMs } from './target-delivery.ts';

const context = {
  scheduleArn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/s',
  scheduledTimeMs: Date.parse('2030-01-02T03:04:05.678Z'),
  executionId: 'e-1',
  attemptNumber: 2,
};

describe('scheduler target delivery', () => {
  it('fills the context attributes and sends {} without Input', () => {
    expect(
      renderInput(
        '<aws.scheduler.schedule-arn>|<aws.scheduler.scheduled-time>|<aws.scheduler.execution-id>|<aws.scheduler.attempt-number>|<aws.scheduler.other>',
        context,
      ),
    ).toBe(`${context.scheduleArn}|2030-01-02T03:04:05Z|e-1|2|<aws.scheduler.other>`);
    expect(renderInput(undefined, context)).toBe('{}');
  });

  it('backs off from one minute, doubling, at most fifteen', () => {
    expect([1, 2, 3, 4, 5, 6, 100].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });

  it('names the error in the dead-letter attributes', () => {
    const missing = new ServiceError({ code: 'ResourceNotFoundException', message: 'Function not found', statusCode: 404 });
    expect(errorCode(missing)).toBe('ResourceNotFoundException');
    expect(errorCode(new TargetUnavailableError('no such queue'))).toBe('ResourceNotFoundException');
    expect(deadLetterAttributes(missing, context, 'arn:aws:lambda:us-east-1:000000000000:function:f', 3)).toEqual({
      ERROR_CODE: { DataType: 'String', StringValue: 'ResourceNotFoundException' },
      ERROR_MESSAGE: { DataType: 'String', StringValue: 'Function not found' },
      EXECUTION_ID: { DataType: 'String', StringValue: 'e-1' },
      RETRY_ATTEMPTS: { DataType: 'Number', StringValue: '3' },
      SCHEDULE_ARN: { DataType: 'String', StringValue: context.scheduleArn },
      TARGET_ARN: { DataType: 'String', StringValue: 'arn:aws:lambda:us-east-1:000000000000:function:f' },
    });
  });
});
