/** The EventBridge Scheduler part of the Store port: schedule groups and schedules with their fire state, no SQL. */

export interface SchedulerTag {
  Key: string;
  Value: string;
}

export interface ScheduleGroupKey {
  accountId: string;
  region: string;
  name: string;
}

export interface ScheduleGroupRecord extends ScheduleGroupKey {
  tags: SchedulerTag[];
  createdAtMs: number;
  lastModifiedAtMs: number;
}

export interface ScheduleKey {
  accountId: string;
  region: string;
  groupName: string;
  name: string;
}

/** A target as CreateSchedule took it (the wire shape, returned as is by GetSchedule). */
export type ScheduleTargetDocument = Record<string, unknown> & { Arn: string; RoleArn: string };

export interface ScheduleRecord extends ScheduleKey {
  scheduleExpression: string;
  timezone: string | undefined;
  state: 'ENABLED' | 'DISABLED';
  description: string | undefined;
  startMs: number | undefined;
  endMs: number | undefined;
  flexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  actionAfterCompletion: 'NONE' | 'DELETE';
  kmsKeyArn: string | undefined;
  target: ScheduleTargetDocument;
  createdAtMs: number;
  lastModifiedAtMs: number;
  /** When the schedule fires next (durable, so a restart resumes the same window); undefined: never again. */
  nextFireAtMs: number | undefined;
  lastFireAtMs: number | undefined;
}

/** A fire whose target failed and waits for its next try (durable, so a retry survives a restart). */
export interface ScheduleExecutionRecord {
  executionId: string;
  scheduleArn: string;
  target: ScheduleTargetDocument;
  scheduledTimeMs: number;
  firstTryMs: number;
  /** The number of the try that runs at dueAtMs (2 for the first retry). */
  attemptNumber: number;
  dueAtMs: number;
}

export interface SchedulerStore {
  getGroup(key: ScheduleGroupKey): ScheduleGroupRecord | undefined;
  listGroups(accountId: string, region: string): ScheduleGroupRecord[];
  /** Inserts or replaces the group. */
  putGroup(group: ScheduleGroupRecord): Promise<void>;
  /** Deletes the group and every schedule in it. */
  deleteGroup(key: ScheduleGroupKey): Promise<void>;

  getSchedule(key: ScheduleKey): ScheduleRecord | undefined;
  /** Schedules of one account and region by group then name, of one group when given. */
  listSchedules(accountId: string, region: string, groupName?: string): ScheduleRecord[];
  /** Every schedule with a next fire time, in every account and region. */
  listArmedSchedules(): ScheduleRecord[];
  /** Inserts or replaces the whole schedule. */
  putSchedule(schedule: ScheduleRecord): Promise<void>;
  deleteSchedule(key: ScheduleKey): Promise<void>;
  setFireState(key: ScheduleKey, nextFireAtMs: number | undefined, lastFireAtMs: number | undefined): Promise<void>;

  /** Inserts or replaces a pending retry. */
  putExecution(execution: ScheduleExecutionRecord): Promise<void>;
  deleteExecution(executionId: string): Promise<void>;
  listExecutions(): ScheduleExecutionRecord[];
}
