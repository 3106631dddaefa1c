import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../aws/service-error.ts';
import { parseScheduleInput } from './schedule-input.ts';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const ROLE = 'arn:aws:iam::000000000000:role/r';
const valid = {
  Name: 's',
  ScheduleExpression: 'rate(5 minutes)',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:f', RoleArn: ROLE },
};

function refusal(input: Record<string, unknown>): string {
  try {
    parseScheduleInput(input, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('ValidationException');
    return (error as ServiceError).message;
  }
  throw new Error('accepted');
}

describe('schedule input', () => {
  it('fills AWS defaults', () => {
    const fields = parseScheduleInput({ ...valid, StartDate: NOW / 1000 + 60 }, NOW);
    expect(fields).toMatchObject({
      state: 'ENABLED',
      actionAfterCompletion: 'NONE',
      startMs: NOW + 60_000,
      target: { RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 } },
    });
  });

  it("reports the model's constraints in Coral's words, several at once", () => {
    expect(refusal({ ...valid, Name: '', FlexibleTimeWindow: undefined })).toBe(
      "2 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null",
    );
    expect(refusal({ ...valid, Target: { ...valid.Target, RetryPolicy: { MaximumRetryAttempts: 186 } } })).toBe(
      "1 validation error detected: Value '186' at 'target.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185",
    );
  });

  it("checks what the model cannot: expression, zone, window, dates, a Lambda target's JSON", () => {
    expect(refusal({ ...valid, ScheduleExpression: 'at(2030-13-01T00:00:00)' })).toBe(
      'Invalid Schedule Expression at(2030-13-01T00:00:00).',
    );
    expect(refusal({ ...valid, FlexibleTimeWindow: { Mode: 'OFF', MaximumWindowInMinutes: 5 } })).toBe(
      'MaximumWindowInMinutes must not be set when Mode is OFF.',
    );
    expect(refusal({ ...valid, StartDate: NOW / 1000 - 301 })).toMatch(
      /^The StartDate you specify cannot be earlier than 5 minutes/,
    );
    expect(refusal({ ...valid, StartDate: NOW / 1000 + 600, EndDate: NOW / 1000 + 60 })).toBe(
      'The EndDate must be after the StartDate.',
    );
    expect(refusal({ ...valid, Target: { ...valid.Target, Input: 'not json' } })).toMatch(/well-formed JSON/);
    // Text is fine for an SQS target.
    expect(
      parseScheduleInput({ ...valid, Target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q', RoleArn: ROLE, Input: 'text' } }, NOW)
        .target.Input,
    ).toBe('text');
  });
});
