/** The EventBridge part of the Store port: buses, rules with their targets and schedule state, no SQL. */

export interface EventsTag {
  Key: string;
  Value: string;
}

export interface EventBusKey {
  accountId: string;
  region: string;
  name: string;
}

export interface EventBusRecord extends EventBusKey {
  description: string | undefined;
  tags: EventsTag[];
  createdAtMs: number;
  lastModifiedAtMs: number;
}

export interface EventRuleKey {
  accountId: string;
  region: string;
  busName: string;
  name: string;
}

/** A target as PutTargets took it (the wire shape, returned as is by ListTargetsByRule). */
export type EventTargetDocument = Record<string, unknown> & { Id: string; Arn: string };

export interface EventRuleRecord extends EventRuleKey {
  eventPattern: string | undefined;
  scheduleExpression: string | undefined;
  state: string;
  description: string | undefined;
  roleArn: string | undefined;
  createdBy: string;
  tags: EventsTag[];
  targets: EventTargetDocument[];
  createdAtMs: number;
  /** Schedules: when the rule fires next (durable, so a restart resumes the same window). */
  nextFireAtMs: number | undefined;
  lastFireAtMs: number | undefined;
}

export interface EventsStore {
  getBus(key: EventBusKey): EventBusRecord | undefined;
  listBuses(accountId: string, region: string): EventBusRecord[];
  putBus(bus: EventBusRecord): Promise<void>;
  /** Deletes the bus and its rules. */
  deleteBus(key: EventBusKey): Promise<void>;

  getRule(key: EventRuleKey): EventRuleRecord | undefined;
  /** Rules of one bus, by name. */
  listRules(accountId: string, region: string, busName: string): EventRuleRecord[];
  /** Every rule with a schedule, in every account and region. */
  listScheduledRules(): EventRuleRecord[];
  /** Inserts or replaces the whole rule. */
  putRule(rule: EventRuleRecord): Promise<void>;
  deleteRule(key: EventRuleKey): Promise<void>;
  setTargets(key: EventRuleKey, targets: EventTargetDocument[]): Promise<void>;
  setRuleTags(key: EventRuleKey, tags: EventsTag[]): Promise<void>;
  setSchedule(key: EventRuleKey, nextFireAtMs: number | undefined, lastFireAtMs: number | undefined): Promise<void>;
}
