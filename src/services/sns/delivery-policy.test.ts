import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTHY_RETRY_POLICY, effectiveRetryPolicy, retryDelaySeconds } from './delivery-policy.ts';

describe('retryDelaySeconds', () => {
  it('follows the default policy: 3 retries, 20 s apart', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(DEFAULT_HEALTHY_RETRY_POLICY, n))).toEqual([20, 20, 20, undefined]);
  });

  it('runs the phases in order: no delay, minimum, backoff, maximum', () => {
    const policy = {
      ...DEFAULT_HEALTHY_RETRY_POLICY,
      numRetries: 8,
      numNoDelayRetries: 1,
      numMinDelayRetries: 2,
      numMaxDelayRetries: 2,
      minDelayTarget: 10,
      maxDelayTarget: 40,
    };
    expect(Array.from({ length: 9 }, (_, i) => retryDelaySeconds(policy, i + 1))).toEqual([
      0,
      10,
      10,
      10,
      25,
      40,
      40,
      40,
      undefined,
    ]);
  });
});

describe('effectiveRetryPolicy', () => {
  it('takes the subscription over the topic over the default', () => {
    const topic = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 5, minDelayTarget: 5 } } });
    const subscription = JSON.stringify({ healthyRetryPolicy: { numRetries: 1 } });
    expect(effectiveRetryPolicy(subscription, topic)).toMatchObject({ numRetries: 1, minDelayTarget: 5, maxDelayTarget: 20 });
    expect(effectiveRetryPolicy(undefined, topic)).toMatchObject({ numRetries: 5 });
    expect(effectiveRetryPolicy(undefined, undefined)).toEqual(DEFAULT_HEALTHY_RETRY_POLICY);
  });

  it('ignores subscription policies when the topic disables overrides', () => {
    const topic = JSON.stringify({ http: { disableSubscriptionOverrides: true, defaultHealthyRetryPolicy: { numRetries: 2 } } });
    expect(effectiveRetryPolicy(JSON.stringify({ healthyRetryPolicy: { numRetries: 9 } }), topic).numRetries).toBe(2);
  });
});
