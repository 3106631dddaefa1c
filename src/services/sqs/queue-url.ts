/**
 * Queue URLs are built on the origin the client used, so SDKs that send requests to the QueueUrl's
 * host (aws-sdk-js v3 does) stay on Onward. Any AWS or LocalStack URL shape is accepted back.
 */
export interface QueueAddress {
  accountId: string;
  name: string;
}

export function queueUrl(origin: string, accountId: string, name: string): string {
  return `${origin}/${accountId}/${name}`;
}

/** `.../<account>/<name>`, also `/queue/<region>/<account>/<name>`; the host does not matter. */
export function parseQueueUrl(url: string): QueueAddress | undefined {
  // String work instead of new URL(): every message operation parses its QueueUrl.
  const schemeEnd = url.indexOf('://');
  const pathStart = schemeEnd === -1 ? 0 : url.indexOf('/', schemeEnd + 3);
  if (pathStart === -1) return undefined;
  let pathname = url.slice(pathStart);
  const end = pathname.search(/[?#]/);
  if (end !== -1) pathname = pathname.slice(0, end);
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  const accountId = parts[parts.length - 2]!;
  if (!/^\d{12}$/.test(accountId)) return undefined;
  try {
    return { accountId, name: decodeURIComponent(parts[parts.length - 1]!) };
  } catch {
    return undefined;
  }
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

export function parseQueueArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]+)$/.exec(arn);
  return match ? { region: match[1]!, accountId: match[2]!, name: match[3]! } : undefined;
}
