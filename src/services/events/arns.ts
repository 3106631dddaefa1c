/** EventBridge ARNs and the bus a request names (by name or ARN). */
export const DEFAULT_BUS = 'default';

export const busArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:events:${region}:${accountId}:event-bus/${name}`;

/** Rules on the default bus keep the short form `rule/<name>`; custom buses add the bus: `rule/<bus>/<name>`. */
export const ruleArn = (region: string, accountId: string, busName: string, name: string): string =>
  `arn:aws:events:${region}:${accountId}:rule/${busName === DEFAULT_BUS ? '' : `${busName}/`}${name}`;

export interface ParsedBusArn {
  region: string;
  accountId: string;
  name: string;
}

const BUS_ARN = /^arn:aws[\w-]*:events:([^:]*):(\d{12}):event-bus\/(.+)$/;
const RULE_ARN = /^arn:aws[\w-]*:events:([^:]*):(\d{12}):rule\/(?:([^/]+)\/)?([^/]+)$/;

export function parseBusArn(arn: string): ParsedBusArn | undefined {
  const match = BUS_ARN.exec(arn);
  return match ? { region: match[1]!, accountId: match[2]!, name: match[3]! } : undefined;
}

export interface ParsedRuleArn {
  region: string;
  accountId: string;
  busName: string;
  name: string;
}

export function parseRuleArn(arn: string): ParsedRuleArn | undefined {
  const match = RULE_ARN.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, busName: match[3] ?? DEFAULT_BUS, name: match[4]! };
}

/** `EventBusName` members take a name or an ARN; absent means the default bus. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return DEFAULT_BUS;
  return parseBusArn(nameOrArn)?.name ?? nameOrArn;
}
