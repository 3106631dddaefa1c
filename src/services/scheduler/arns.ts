/** ARNs of schedules and schedule groups. */
export const DEFAULT_GROUP = 'default';

export const scheduleArn = (region: string, accountId: string, groupName: string, name: string): string =>
  `arn:aws:scheduler:${region}:${accountId}:schedule/${groupName}/${name}`;

export const groupArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:scheduler:${region}:${accountId}:schedule-group/${name}`;

const GROUP_ARN = /^arn:aws(?:-[a-z]+)?:scheduler:([a-z0-9-]+):(\d{12}):schedule-group\/([0-9a-zA-Z-_.]+)$/;

export function parseGroupArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match = GROUP_ARN.exec(arn);
  return match ? { region: match[1]!, accountId: match[2]!, name: match[3]! } : undefined;
}
