import type Database from 'better-sqlite3';
import type {
  EventBusKey,
  EventBusRecord,
  EventRuleKey,
  EventRuleRecord,
  EventsStore,
  EventsTag,
  EventTargetDocument,
} from '../events-store.ts';
import type { SqliteDatabase } from './database.ts';

interface BusRow {
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  tags: string;
  created_at_ms: number;
  last_modified_at_ms: number;
}

interface RuleRow {
  account_id: string;
  region: string;
  bus_name: string;
  name: string;
  event_pattern: string | null;
  schedule_expression: string | null;
  state: string;
  description: string | null;
  role_arn: string | null;
  created_by: string;
  tags: string;
  targets: string;
  created_at_ms: number;
  next_fire_at_ms: number | null;
  last_fire_at_ms: number | null;
}

type RuleKeyParams = [string, string, string, string];

const busFromRow = (row: BusRow): EventBusRecord => ({
  accountId: row.account_id,
  region: row.region,
  name: row.name,
  description: row.description ?? undefined,
  tags: JSON.parse(row.tags) as EventsTag[],
  createdAtMs: row.created_at_ms,
  lastModifiedAtMs: row.last_modified_at_ms,
});

const ruleFromRow = (row: RuleRow): EventRuleRecord => ({
  accountId: row.account_id,
  region: row.region,
  busName: row.bus_name,
  name: row.name,
  eventPattern: row.event_pattern ?? undefined,
  scheduleExpression: row.schedule_expression ?? undefined,
  state: row.state,
  description: row.description ?? undefined,
  roleArn: row.role_arn ?? undefined,
  createdBy: row.created_by,
  tags: JSON.parse(row.tags) as EventsTag[],
  targets: JSON.parse(row.targets) as EventTargetDocument[],
  createdAtMs: row.created_at_ms,
  nextFireAtMs: row.next_fire_at_ms ?? undefined,
  lastFireAtMs: row.last_fire_at_ms ?? undefined,
});

const busCacheKey = (accountId: string, region: string, busName: string): string => `${accountId}\u0000${region}\u0000${busName}`;
const ruleKey = (key: EventRuleKey): RuleKeyParams => [key.accountId, key.region, key.busName, key.name];
const RULE_WHERE = 'account_id = ? AND region = ? AND bus_name = ? AND name = ?';

export class SqliteEventsStore implements EventsStore {
  readonly #database: SqliteDatabase;
  readonly #statements;
  /**
   * Rules per bus, read on every PutEvents: kept in memory, dropped by every rule write and by a
   * rolled-back transaction (whose writes never happened).
   */
  readonly #rulesByBus = new Map<string, EventRuleRecord[]>();

  constructor(database: SqliteDatabase) {
    this.#database = database;
    database.onRollback(() => this.#rulesByBus.clear());
    const db: Database.Database = database.db;
    this.#statements = {
      bus: db.prepare<[string, string, string], BusRow>(
        'SELECT * FROM events_buses WHERE account_id = ? AND region = ? AND name = ?',
      ),
      buses: db.prepare<[string, string], BusRow>('SELECT * FROM events_buses WHERE account_id = ? AND region = ? ORDER BY name'),
      putBus: db.prepare(
        `INSERT INTO events_buses (account_id, region, name, description, tags, created_at_ms, last_modified_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, region, name) DO UPDATE SET description = excluded.description,
           tags = excluded.tags, last_modified_at_ms = excluded.last_modified_at_ms`,
      ),
      deleteBus: db.prepare('DELETE FROM events_buses WHERE account_id = ? AND region = ? AND name = ?'),
      deleteBusRules: db.prepare('DELETE FROM events_rules WHERE account_id = ? AND region = ? AND bus_name = ?'),
      rule: db.prepare<RuleKeyParams, RuleRow>(`SELECT * FROM events_rules WHERE ${RULE_WHERE}`),
      rules: db.prepare<[string, string, string], RuleRow>(
        'SELECT * FROM events_rules WHERE account_id = ? AND region = ? AND bus_name = ? ORDER BY name',
      ),
      scheduled: db.prepare<[], RuleRow>('SELECT * FROM events_rules WHERE schedule_expression IS NOT NULL'),
      putRule: db.prepare(
        `INSERT OR REPLACE INTO events_rules (account_id, region, bus_name, name, event_pattern, schedule_expression,
           state, description, role_arn, created_by, tags, targets, created_at_ms, next_fire_at_ms, last_fire_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteRule: db.prepare(`DELETE FROM events_rules WHERE ${RULE_WHERE}`),
      setTargets: db.prepare(`UPDATE events_rules SET targets = ? WHERE ${RULE_WHERE}`),
      setTags: db.prepare(`UPDATE events_rules SET tags = ? WHERE ${RULE_WHERE}`),
      setSchedule: db.prepare(`UPDATE events_rules SET next_fire_at_ms = ?, last_fire_at_ms = ? WHERE ${RULE_WHERE}`),
    };
  }

  getBus(key: EventBusKey): EventBusRecord | undefined {
    const row = this.#statements.bus.get(key.accountId, key.region, key.name);
    return row ? busFromRow(row) : undefined;
  }

  listBuses(accountId: string, region: string): EventBusRecord[] {
    return this.#statements.buses.all(accountId, region).map(busFromRow);
  }

  putBus(bus: EventBusRecord): Promise<void> {
    return this.#database.write(() => {
      this.#statements.putBus.run(
        bus.accountId,
        bus.region,
        bus.name,
        bus.description ?? null,
        JSON.stringify(bus.tags),
        bus.createdAtMs,
        bus.lastModifiedAtMs,
      );
    });
  }

  deleteBus(key: EventBusKey): Promise<void> {
    return this.#write(key, key.name, () => {
      this.#statements.deleteBusRules.run(key.accountId, key.region, key.name);
      this.#statements.deleteBus.run(key.accountId, key.region, key.name);
    });
  }

  getRule(key: EventRuleKey): EventRuleRecord | undefined {
    const row = this.#statements.rule.get(...ruleKey(key));
    return row ? ruleFromRow(row) : undefined;
  }

  listRules(accountId: string, region: string, busName: string): EventRuleRecord[] {
    const key = busCacheKey(accountId, region, busName);
    let rules = this.#rulesByBus.get(key);
    if (!rules) {
      rules = this.#statements.rules.all(accountId, region, busName).map(ruleFromRow);
      this.#rulesByBus.set(key, rules);
    }
    return rules;
  }

  /** Every rule write of a bus goes through here: the cached list of that bus is stale. */
  #write(key: { accountId: string; region: string }, busName: string, work: () => void): Promise<void> {
    return this.#database.write(() => {
      this.#rulesByBus.delete(busCacheKey(key.accountId, key.region, busName));
      work();
    });
  }

  listScheduledRules(): EventRuleRecord[] {
    return this.#statements.scheduled.all().map(ruleFromRow);
  }

  putRule(rule: EventRuleRecord): Promise<void> {
    return this.#write(rule, rule.busName, () => {
      this.#statements.putRule.run(
        ...ruleKey(rule),
        rule.eventPattern ?? null,
        rule.scheduleExpression ?? null,
        rule.state,
        rule.description ?? null,
        rule.roleArn ?? null,
        rule.createdBy,
        JSON.stringify(rule.tags),
        JSON.stringify(rule.targets),
        rule.createdAtMs,
        rule.nextFireAtMs ?? null,
        rule.lastFireAtMs ?? null,
      );
    });
  }

  deleteRule(key: EventRuleKey): Promise<void> {
    return this.#write(key, key.busName, () => void this.#statements.deleteRule.run(...ruleKey(key)));
  }

  setTargets(key: EventRuleKey, targets: EventTargetDocument[]): Promise<void> {
    return this.#write(key, key.busName, () => void this.#statements.setTargets.run(JSON.stringify(targets), ...ruleKey(key)));
  }

  setRuleTags(key: EventRuleKey, tags: EventsTag[]): Promise<void> {
    return this.#write(key, key.busName, () => void this.#statements.setTags.run(JSON.stringify(tags), ...ruleKey(key)));
  }

  setSchedule(key: EventRuleKey, nextFireAtMs: number | undefined, lastFireAtMs: number | undefined): Promise<void> {
    return this.#write(
      key,
      key.busName,
      () => void this.#statements.setSchedule.run(nextFireAtMs ?? null, lastFireAtMs ?? null, ...ruleKey(key)),
    );
  }
}
