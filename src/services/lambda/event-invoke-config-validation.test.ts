import { describe, expect, it } from 'vitest';
import {
  checkAnySetting,
  checkDeadLetterTarget,
  checkDestinations,
  DESTINATION_PATTERN_TEXT,
  invalidDestinationConfigMessage,
  readEventInvokeConfigInput,
  type DestinationContext,
} from './event-invoke-config-validation.ts';

const SQS = 'arn:aws:sqs:us-east-1:000000000000:q';
const context: DestinationContext = {
  region: 'us-east-1',
  accountId: '000000000000',
  name: 'me',
  lambdaExists: (target) => target.name === 'me' || target.name === 'other',
};

function read(input: Record<string, unknown>) {
  const violations: string[] = [];
  return { settings: readEventInvokeConfigInput(input, violations), violations };
}

describe('EventInvokeConfig inputs', () => {
  it('reads the settings that were given', () => {
    expect(
      read({
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: SQS } },
      }),
    ).toEqual({
      settings: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 3600, destinationConfig: { onFailure: SQS } },
      violations: [],
    });
    expect(read({ DestinationConfig: { OnSuccess: { Destination: '' } } }).settings).toEqual({ destinationConfig: {} });
  });

  it('reports out-of-range integers as Coral does', () => {
    expect(read({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 59 }).violations).toEqual([
      "Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
      "Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    ]);
    expect(read({ MaximumRetryAttempts: -1, MaximumEventAgeInSeconds: 21601 }).violations).toEqual([
      "Value '-1' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to 0",
      "Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600",
    ]);
  });

  it('checks destinations against the model pattern, naming the side', () => {
    expect(read({ DestinationConfig: { OnFailure: { Destination: 'not-an-arn' } } }).violations).toEqual([
      `Value 'not-an-arn' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_PATTERN_TEXT}`,
    ]);
    expect(read({ DestinationConfig: { OnSuccess: { Destination: 'arn:aws:_-/!lambda:x' } } }).violations[0]).toContain(
      "at 'destinationConfig.onSuccess.destination'",
    );
    expect(read({ DestinationConfig: { OnSuccess: { Destination: 'kafka://topic' } } }).violations).toEqual([]);
  });

  it('needs at least one setting', () => {
    expect(() => checkAnySetting({ FunctionName: 'f' })).toThrow(
      'You must specify at least one of error handling or destination setting.',
    );
    expect(() => checkAnySetting({ DestinationConfig: {} })).not.toThrow();
  });
});

describe('destinations', () => {
  it('accepts SQS, SNS, buses, other functions, and S3 on failure', () => {
    expect(() => checkDestinations({ onSuccess: 'arn:aws:sns:us-east-1:000000000000:t', onFailure: SQS }, context)).not.toThrow();
    expect(() =>
      checkDestinations(
        {
          onSuccess: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
          onFailure: 'arn:aws:s3:::bucket',
        },
        context,
      ),
    ).not.toThrow();
    expect(() => checkDestinations({ onSuccess: 'arn:aws:lambda:us-east-1:000000000000:function:other' }, context)).not.toThrow();
  });

  it('refuses the function itself and functions that do not exist', () => {
    expect(() => checkDestinations({ onFailure: 'arn:aws:lambda:us-east-1:000000000000:function:me:1' }, context)).toThrow(
      "You can't specify the function as a destination for itself.",
    );
    expect(() =>
      checkDestinations({ onFailure: 'arn:aws:lambda:us-east-1:000000000000:function:doesnotexist' }, context),
    ).toThrow('The destination ARN arn:aws:lambda:us-east-1:000000000000:function:doesnotexist is invalid.');
  });

  it('refuses other services and S3 on success with the DestinationConfig text', () => {
    const iam = 'arn:aws:iam::000000000000:role/r';
    expect(() => checkDestinations({ onSuccess: iam }, context)).toThrow(
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${iam}), onFailure=null) is invalid.`,
    );
    expect(() => checkDestinations({ onSuccess: 'arn:aws:s3:::bucket', onFailure: SQS }, context)).toThrow(
      invalidDestinationConfigMessage('arn:aws:s3:::bucket', SQS),
    );
    expect(invalidDestinationConfigMessage(undefined, iam)).toBe(
      `The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=${iam})) is invalid.`,
    );
  });
});

describe('dead-letter targets', () => {
  it('are SQS queues or SNS topics', () => {
    expect(() => checkDeadLetterTarget(SQS)).not.toThrow();
    expect(() => checkDeadLetterTarget('arn:aws:sns:us-east-1:000000000000:t')).not.toThrow();
    expect(() => checkDeadLetterTarget('arn:aws:lambda:us-east-1:000000000000:function:f')).toThrow(
      /^The provided target arn arn:aws:lambda:us-east-1:000000000000:function:f is invalid/,
    );
  });
});
