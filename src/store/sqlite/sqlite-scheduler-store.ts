import type {
  ScheduleExecutionRecord,
  ScheduleGroupKey,
  ScheduleGroupRecord,
  ScheduleKey,
  ScheduleRecord,
  SchedulerStore,
  SchedulerTag,
  ScheduleTargetDocument,
} from '../scheduler-store.ts';
import type { SqliteDatabase } from './database.ts';

interface GroupRow {
  account_id: string;
  region: string;
  name: string;
  tags: string;
  created_at_ms: number;
  last_modified_at_ms: number;
}

interface ScheduleRow {
  account_id: string;
  region: string;
  group_name: string;
  name: string;
  schedule_expression: string;
  timezone: string | null;
  state: string;
  description: string | null;
  start_ms: number | null;
  end_ms: number | null;
  flexible_time_window: string;
  action_after_completion: string;
  kms_key_arn: string | null;
  target: string;
  created_at_ms: number;
  last_modified_at_ms: number;
  next_fire_at_ms: number | null;
  last_fire_at_ms: number | null;
}

interface ExecutionRow {
  execution_id: string;
  schedule_arn: string;
  target: string;
  scheduled_time_ms: number;
  first_try_ms: number;
  attempt_number: number;
  due_at_ms: number;
}

type ScheduleKeyParams = [string, string, string, string];
const SCHEDULE_WHERE = 'account_id = ? AND region = ? AND group_name = ? AND name = ?';
const scheduleKey = (key: ScheduleKey): ScheduleKeyParams => [key.accountId, key.region, key.groupName, key.name];

const groupFromRow = (row: GroupRow): ScheduleGroupRecord => ({
  accountId: row.account_id,
  region: row.region,
  name: row.name,
  tags: JSON.parse(row.tags) as SchedulerTag[],
  createdAtMs: row.created_at_ms,
  lastModifiedAtMs: row.last_modified_at_ms,
});

const scheduleFromRow = (row: ScheduleRow): ScheduleRecord => ({
  accountId: row.account_id,
  region: row.region,
  groupName: row.group_name,
  name: row.name,
  scheduleExpression: row.schedule_expression,
  timezone: row.timezone ?? undefined,
  state: row.state as ScheduleRecord['state'],
  description: row.description ?? undefined,
  startMs: row.start_ms ?? undefined,
  endMs: row.end_ms ?? undefined,
  flexibleTimeWindow: JSON.parse(row.flexible_time_window) as ScheduleRecord['flexibleTimeWindow'],
  actionAfterCompletion: row.action_after_completion as ScheduleRecord['actionAfterCompletion'],
  kmsKeyArn: row.kms_key_arn ?? undefined,
  target: JSON.parse(row.target) as ScheduleTargetDocument,
  createdAtMs: row.created_at_ms,
  lastModifiedAtMs: row.last_modified_at_ms,
  nextFireAtMs: row.next_fire_at_ms ?? undefined,
  lastFireAtMs: row.last_fire_at_ms ?? undefined,
});

export class SqliteSchedulerStore implements SchedulerStore {
  readonly #database: SqliteDatabase;
  readonly #statements;

  constructor(database: SqliteDatabase) {
    this.#database = database;
    const db = database.db;
    this.#statements = {
      group: db.prepare<[string, string, string], GroupRow>(
        'SELECT * FROM scheduler_groups WHERE account_id = ? AND region = ? AND name = ?',
      ),
      groups: db.prepare<[string, string], GroupRow>(
        'SELECT * FROM scheduler_groups WHERE account_id = ? AND region = ? ORDER BY name',
      ),
      putGroup: db.prepare(
        `INSERT OR REPLACE INTO scheduler_groups (account_id, region, name, tags, created_at_ms, last_modified_at_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      deleteGroup: db.prepare('DELETE FROM scheduler_groups WHERE account_id = ? AND region = ? AND name = ?'),
      deleteGroupSchedules: db.prepare('DELETE FROM scheduler_schedules WHERE account_id = ? AND region = ? AND group_name = ?'),
      schedule: db.prepare<ScheduleKeyParams, ScheduleRow>(`SELECT * FROM scheduler_schedules WHERE ${SCHEDULE_WHERE}`),
      schedules: db.prepare<[string, string], ScheduleRow>(
        'SELECT * FROM scheduler_schedules WHERE account_id = ? AND region = ? ORDER BY group_name, name',
      ),
      groupSchedules: db.prepare<[string, string, string], ScheduleRow>(
        'SELECT * FROM scheduler_schedules WHERE account_id = ? AND region = ? AND group_name = ? ORDER BY name',
      ),
      armed: db.prepare<[], ScheduleRow>('SELECT * FROM scheduler_schedules WHERE next_fire_at_ms IS NOT NULL'),
      putSchedule: db.prepare(
        `INSERT OR REPLACE INTO scheduler_schedules (account_id, region, group_name, name, schedule_expression, timezone,
           state, description, start_ms, end_ms, flexible_time_window, action_after_completion, kms_key_arn, target,
           created_at_ms, last_modified_at_ms, next_fire_at_ms, last_fire_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteSchedule: db.prepare(`DELETE FROM scheduler_schedules WHERE ${SCHEDULE_WHERE}`),
      putExecution: db.prepare(
        `INSERT OR REPLACE INTO scheduler_executions (execution_id, schedule_arn, target, scheduled_time_ms, first_try_ms,
           attempt_number, due_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteExecution: db.prepare('DELETE FROM scheduler_executions WHERE execution_id = ?'),
      executions: db.prepare<[], ExecutionRow>('SELECT * FROM scheduler_executions ORDER BY due_at_ms'),
      setFireState: db.prepare(`UPDATE scheduler_schedules SET next_fire_at_ms = ?, last_fire_at_ms = ? WHERE ${SCHEDULE_WHERE}`),
    };
  }

  getGroup(key: ScheduleGroupKey): ScheduleGroupRecord | undefined {
    const row = this.#statements.group.get(key.accountId, key.region, key.name);
    return row ? groupFromRow(row) : undefined;
  }

  listGroups(accountId: string, region: string): ScheduleGroupRecord[] {
    return this.#statements.groups.all(accountId, region).map(groupFromRow);
  }

  putGroup(group: ScheduleGroupRecord): Promise<void> {
    return this.#database.write(() => {
      this.#statements.putGroup.run(
        group.accountId,
        group.region,
        group.name,
        JSON.stringify(group.tags),
        group.createdAtMs,
        group.lastModifiedAtMs,
      );
    });
  }

  deleteGroup(key: ScheduleGroupKey): Promise<void> {
    return this.#database.write(() => {
      this.#statements.deleteGroupSchedules.run(key.accountId, key.region, key.name);
      this.#statements.deleteGroup.run(key.accountId, key.region, key.name);
    });
  }

  getSchedule(key: ScheduleKey): ScheduleRecord | undefined {
    const row = this.#statements.schedule.get(...scheduleKey(key));
    return row ? scheduleFromRow(row) : undefined;
  }

  listSchedules(accountId: string, region: string, groupName?: string): ScheduleRecord[] {
    const rows =
      groupName === undefined
        ? this.#statements.schedules.all(accountId, region)
        : this.#statements.groupSchedules.all(accountId, region, groupName);
    return rows.map(scheduleFromRow);
  }

  listArmedSchedules(): ScheduleRecord[] {
    return this.#statements.armed.all().map(scheduleFromRow);
  }

  putSchedule(schedule: ScheduleRecord): Promise<void> {
    return this.#database.write(() => {
      this.#statements.putSchedule.run(
        ...scheduleKey(schedule),
        schedule.scheduleExpression,
        schedule.timezone ?? null,
        schedule.state,
        schedule.description ?? null,
        schedule.startMs ?? null,
        schedule.endMs ?? null,
        JSON.stringify(schedule.flexibleTimeWindow),
        schedule.actionAfterCompletion,
        schedule.kmsKeyArn ?? null,
        JSON.stringify(schedule.target),
        schedule.createdAtMs,
        schedule.lastModifiedAtMs,
        schedule.nextFireAtMs ?? null,
        schedule.lastFireAtMs ?? null,
      );
    });
  }

  deleteSchedule(key: ScheduleKey): Promise<void> {
    return this.#database.write(() => void this.#statements.deleteSchedule.run(...scheduleKey(key)));
  }

  setFireState(key: ScheduleKey, nextFireAtMs: number | undefined, lastFireAtMs: number | undefined): Promise<void> {
    return this.#database.write(
      () => void this.#statements.setFireState.run(nextFireAtMs ?? null, lastFireAtMs ?? null, ...scheduleKey(key)),
    );
  }

  putExecution(execution: ScheduleExecutionRecord): Promise<void> {
    return this.#database.write(() => {
      this.#statements.putExecution.run(
        execution.executionId,
        execution.scheduleArn,
        JSON.stringify(execution.target),
        execution.scheduledTimeMs,
        execution.firstTryMs,
        execution.attemptNumber,
        execution.dueAtMs,
      );
    });
  }

  deleteExecution(executionId: string): Promise<void> {
    return this.#database.write(() => void this.#statements.deleteExecution.run(executionId));
  }

  listExecutions(): ScheduleExecutionRecord[] {
    return this.#statements.executions.all().map((row) => ({
      executionId: row.execution_id,
      scheduleArn: row.schedule_arn,
      target: JSON.parse(row.target) as ScheduleTargetDocument,
      scheduledTimeMs: row.scheduled_time_ms,
      firstTryMs: row.first_try_ms,
      attemptNumber: row.attempt_number,
      dueAtMs: row.due_at_ms,
    }));
  }
}
