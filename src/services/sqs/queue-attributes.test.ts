import { describe, expect, it } from 'vitest';
import {
  applyAttributeChanges,
  canonicalAttributes,
  effectiveAttributes,
  firstDifferingAttribute,
  parseRedrivePolicy,
} from './queue-attributes.ts';

describe('queue attributes', () => {
  it('canonicalises values to the strings GetQueueAttributes returns', () => {
    expect(
      canonicalAttributes({ VisibilityTimeout: 45, SqsManagedSseEnabled: 'TRUE', DelaySeconds: ' 5 ' }, false, true),
    ).toEqual({
      VisibilityTimeout: '45',
      SqsManagedSseEnabled: 'true',
      DelaySeconds: '5',
    });
  });

  it.each([
    ['VisibilityTimeout', '43201'],
    ['VisibilityTimeout', '2.5'],
    ['DelaySeconds', '901'],
    ['MessageRetentionPeriod', '59'],
    ['MaximumMessageSize', '1023'],
    ['ReceiveMessageWaitTimeSeconds', '21'],
    ['KmsDataKeyReusePeriodSeconds', '59'],
  ])('refuses %s=%s with InvalidAttributeValue', (name, value) => {
    expect(() => canonicalAttributes({ [name]: value }, false, true)).toThrow(`Invalid value for the parameter ${name}.`);
  });

  it('keeps FIFO attributes to FIFO queues and the queue kind fixed', () => {
    expect(() => canonicalAttributes({ ContentBasedDeduplication: 'true' }, false, true)).toThrow(
      'Unknown Attribute ContentBasedDeduplication.',
    );
    expect(() => canonicalAttributes({ FifoThroughputLimit: 'perQueue' }, false, false)).toThrow(
      'You can specify the FifoThroughputLimit only when FifoQueue is set to true.',
    );
    expect(() => canonicalAttributes({ FifoQueue: 'false' }, true, false)).toThrow(
      'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
    );
    expect(canonicalAttributes({ FifoQueue: 'true' }, true, false)).toEqual({});
  });

  it('lets KMS and SQS-managed encryption exclude each other', () => {
    expect(() => canonicalAttributes({ KmsMasterKeyId: 'k', SqsManagedSseEnabled: 'true' }, false, false)).toThrow(
      'You can use one type of server-side encryption (SSE) at one time.',
    );
    const kms = applyAttributeChanges({}, { KmsMasterKeyId: 'k', KmsDataKeyReusePeriodSeconds: '600' });
    expect(kms).toEqual({ KmsMasterKeyId: 'k', KmsDataKeyReusePeriodSeconds: '600', SqsManagedSseEnabled: 'false' });
    expect(applyAttributeChanges(kms, { KmsMasterKeyId: '', KmsDataKeyReusePeriodSeconds: '300' })).toEqual({
      SqsManagedSseEnabled: 'false',
    });
  });

  it('removes a policy set to the empty string', () => {
    expect(applyAttributeChanges({ Policy: '{}', VisibilityTimeout: '5' }, { Policy: '' })).toEqual({ VisibilityTimeout: '5' });
  });

  it('parses redrive policies with the count as number or string', () => {
    const arn = 'arn:aws:sqs:us-east-1:000000000000:dlq';
    expect(parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: '3' }))).toEqual({
      deadLetterTargetArn: arn,
      maxReceiveCount: 3,
    });
    expect(() => parseRedrivePolicy('{}')).toThrow(
      'Value {} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: maxReceiveCount.',
    );
    expect(() =>
      parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: 'arn:aws:sns:us-east-1:000000000000:t', maxReceiveCount: 1 })),
    ).toThrow('Only SQS queues are valid resources for deadLetterTargetArn.');
    expect(() => parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 1, extra: 1 }))).toThrow(
      'Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].',
    );
  });

  it('finds the first requested attribute that differs from the queue', () => {
    const current = effectiveAttributes(false, { VisibilityTimeout: '45' });
    expect(firstDifferingAttribute(current, { VisibilityTimeout: '45', DelaySeconds: '0' })).toBeUndefined();
    expect(firstDifferingAttribute(current, { DelaySeconds: '1' })).toBe('DelaySeconds');
  });
});
