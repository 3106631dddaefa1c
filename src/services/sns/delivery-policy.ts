/**
 * HTTP/S delivery retries (AWS's "delivery policy"): the default, the effective policy of a subscription
 * (subscription > topic > default) and when retry N is due. Pure.
 */

export interface HealthyRetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numMaxDelayRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  backoffFunction: 'linear' | 'arithmetic' | 'geometric' | 'exponential';
}

export const DEFAULT_HEALTHY_RETRY_POLICY: HealthyRetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numMaxDelayRetries: 0,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  backoffFunction: 'linear',
};

/** GetTopicAttributes' EffectiveDeliveryPolicy of a topic without a DeliveryPolicy (AWS's key order). */
export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: DEFAULT_HEALTHY_RETRY_POLICY,
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

function parse(json: string | undefined): Record<string, unknown> | undefined {
  if (!json) return undefined;
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function pickPolicy(value: unknown): Partial<HealthyRetryPolicy> {
  return value && typeof value === 'object' ? (value as Partial<HealthyRetryPolicy>) : {};
}

/** The retry policy of an HTTP/S subscription given its own and its topic's DeliveryPolicy attributes. */
export function effectiveRetryPolicy(
  subscriptionPolicy: string | undefined,
  topicPolicy: string | undefined,
): HealthyRetryPolicy {
  const topicHttp = parse(topicPolicy)?.http as Record<string, unknown> | undefined;
  const fromTopic = pickPolicy(topicHttp?.defaultHealthyRetryPolicy);
  const overridesDisabled = topicHttp?.disableSubscriptionOverrides === true;
  const fromSubscription = overridesDisabled ? {} : pickPolicy(parse(subscriptionPolicy)?.healthyRetryPolicy);
  return { ...DEFAULT_HEALTHY_RETRY_POLICY, ...fromTopic, ...fromSubscription };
}

/** Seconds to wait before retry `retry` (1-based), or undefined when the policy has no such retry. */
export function retryDelaySeconds(policy: HealthyRetryPolicy, retry: number): number | undefined {
  if (retry < 1 || retry > policy.numRetries) return undefined;
  const min = policy.minDelayTarget;
  const max = Math.max(policy.maxDelayTarget, min);
  if (retry <= policy.numNoDelayRetries) return 0;
  if (retry <= policy.numNoDelayRetries + policy.numMinDelayRetries) return min;
  const backoffRetries = policy.numRetries - policy.numNoDelayRetries - policy.numMinDelayRetries - policy.numMaxDelayRetries;
  const step = retry - policy.numNoDelayRetries - policy.numMinDelayRetries;
  if (step > backoffRetries) return max;
  if (backoffRetries <= 1) return min;
  const fraction = (step - 1) / (backoffRetries - 1);
  switch (policy.backoffFunction) {
    case 'geometric':
      return Math.round(min + (max - min) * fraction ** 2);
    case 'exponential':
      return Math.round(min * (max / Math.max(min, 1)) ** fraction);
    case 'arithmetic':
      return Math.round(min + (max - min) * fraction * fraction);
    default:
      return Math.round(min + (max - min) * fraction);
  }
}
