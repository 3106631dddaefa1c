/** The event envelope EventBridge hands to targets, keys in AWS's order, time to the second. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** RFC 3339 UTC without fractions: `2024-05-13T12:27:07Z`. */
export function envelopeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function buildEnvelope(fields: {
  id: string;
  detailType: string;
  source: string;
  accountId: string;
  timeMs: number;
  region: string;
  resources: string[];
  detail: unknown;
}): EventEnvelope {
  return {
    version: '0',
    id: fields.id,
    'detail-type': fields.detailType,
    source: fields.source,
    account: fields.accountId,
    time: envelopeTime(fields.timeMs),
    region: fields.region,
    resources: fields.resources,
    detail: fields.detail,
  };
}
