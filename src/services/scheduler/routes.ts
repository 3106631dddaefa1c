/** The REST routes of EventBridge Scheduler (botocore's scheduler 2021-06-30 model): method + path -> operation. */
import type { RestRoute } from '../../aws/protocols/rest-json.ts';

const PAGING = { MaxResults: 'MaxResults', NextToken: 'NextToken' } as const;

export const SCHEDULER_ROUTES: readonly RestRoute[] = [
  {
    method: 'GET',
    path: '/schedules',
    operation: 'ListSchedules',
    query: { ScheduleGroup: 'GroupName', NamePrefix: 'NamePrefix', State: 'State', ...PAGING },
  },
  { method: 'POST', path: '/schedules/{Name}', operation: 'CreateSchedule' },
  { method: 'GET', path: '/schedules/{Name}', operation: 'GetSchedule', query: { groupName: 'GroupName' } },
  { method: 'PUT', path: '/schedules/{Name}', operation: 'UpdateSchedule' },
  {
    method: 'DELETE',
    path: '/schedules/{Name}',
    operation: 'DeleteSchedule',
    query: { groupName: 'GroupName', clientToken: 'ClientToken' },
  },
  { method: 'GET', path: '/schedule-groups', operation: 'ListScheduleGroups', query: { NamePrefix: 'NamePrefix', ...PAGING } },
  { method: 'POST', path: '/schedule-groups/{Name}', operation: 'CreateScheduleGroup' },
  { method: 'GET', path: '/schedule-groups/{Name}', operation: 'GetScheduleGroup' },
  { method: 'DELETE', path: '/schedule-groups/{Name}', operation: 'DeleteScheduleGroup', query: { clientToken: 'ClientToken' } },
  { method: 'GET', path: '/tags/{ResourceArn}', operation: 'ListTagsForResource' },
  { method: 'POST', path: '/tags/{ResourceArn}', operation: 'TagResource' },
  { method: 'DELETE', path: '/tags/{ResourceArn}', operation: 'UntagResource', queryLists: { TagKeys: 'TagKeys' } },
];
