import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../aws/service-error.ts';
import {
  checkSettings,
  checkSourceMembers,
  readSettingsChange,
  settingsWithDefaults,
  sourceKindOf,
} from './event-source-mapping-validation.ts';

function errorOf(run: () => unknown): { code: string; message: string } | undefined {
  try {
    run();
  } catch (error) {
    return { code: (error as ServiceError).code, message: (error as ServiceError).message };
  }
  return undefined;
}

describe('event source mapping validation', () => {
  it('names the source kind of an ARN', () => {
    expect(sourceKindOf('arn:aws:sqs:us-east-1:000000000000:q')).toBe('sqs');
    expect(sourceKindOf('arn:aws:kinesis:us-east-1:000000000000:stream/s')).toBe('kinesis');
    expect(sourceKindOf('arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x')).toBeUndefined();
  });

  it('fills the defaults of each source', () => {
    expect(settingsWithDefaults('sqs', {})).toEqual({
      batchSize: 10,
      maximumBatchingWindowInSeconds: 0,
      functionResponseTypes: [],
    });
    expect(settingsWithDefaults('kinesis', { startingPosition: 'LATEST' })).toMatchObject({
      batchSize: 100,
      parallelizationFactor: 1,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      tumblingWindowInSeconds: 0,
    });
  });

  it('reports every Coral range violation at once', () => {
    expect(errorOf(() => readSettingsChange({ BatchSize: 0, ParallelizationFactor: 11 }))).toEqual({
      code: 'ValidationException',
      message:
        "2 validation errors detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10",
    });
    expect(errorOf(() => readSettingsChange({ FunctionResponseTypes: ['Nope'] }))?.code).toBe('ValidationException');
    expect(
      errorOf(() => readSettingsChange({ DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:1:q' } } })),
    ).toEqual({
      code: 'InvalidParameterValueException',
      message: 'Unsupported DestinationConfig parameter for given event source mapping type.',
    });
  });

  it("applies Lambda's per-source rules", () => {
    const sqs = (change: Parameters<typeof settingsWithDefaults>[1], fifo = false) =>
      errorOf(() => checkSettings('sqs', settingsWithDefaults('sqs', change), fifo))?.message;
    expect(sqs({ batchSize: 11 })).toBe(
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    );
    expect(sqs({ batchSize: 11, maximumBatchingWindowInSeconds: 1 })).toBeUndefined();
    expect(sqs({ batchSize: 11, maximumBatchingWindowInSeconds: 1 }, true)).toBe(
      'Batch size for FIFO queues must be less than or equal to 10',
    );
    const stream = (change: Parameters<typeof settingsWithDefaults>[1]) =>
      errorOf(() => checkSettings('kinesis', settingsWithDefaults('kinesis', change), false))?.message;
    expect(stream({})).toContain("'startingPosition'");
    expect(stream({ startingPosition: 'AT_TIMESTAMP' })).toContain('StartingPositionTimestamp');
    expect(stream({ startingPosition: 'LATEST', maximumRecordAgeInSeconds: 59 })).toBe(
      'MaximumRecordAgeInSeconds must be -1 or between 60 and 604800.',
    );
    expect(stream({ startingPosition: 'LATEST', onFailureDestination: 'arn:aws:s3:::bucket' })).toContain('is invalid');
    expect(stream({ startingPosition: 'LATEST', onFailureDestination: 'arn:aws:sns:us-east-1:000000000000:t' })).toBeUndefined();
    expect(errorOf(() => checkSourceMembers('sqs', { MaximumRetryAttempts: 1 }))?.message).toBe(
      'Unsupported MaximumRetryAttempts parameter for given event source mapping type.',
    );
    expect(errorOf(() => checkSourceMembers('kinesis', { ScalingConfig: { MaximumConcurrency: 2 } }))?.code).toBe(
      'InvalidParameterValueException',
    );
  });
});
