/** CloudWatch Logs operations: what `aws logs tail`, `filter-log-events`, `get-log-events` and SDKs use. */
import type { Clock } from '../../clock/clock.ts';
import type { LogEventCursor, LogGroupRecord, LogsStore, StoredLogEvent } from '../../store/logs-store.ts';
import { optionalString, optionalStringList } from '../input.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import {
  LogGroupDoesNotExist,
  LogStreamDoesNotExist,
  InvalidParameterException,
  ResourceAlreadyExistsException,
  validationException,
} from './errors.ts';
import { compileFilterPattern } from './filter-pattern.ts';

const MAX_EVENTS = 10_000;
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const LOG_STREAM_NAME = /^[^:*]{1,512}$/;

function groupArn(group: LogGroupRecord): string {
  return `arn:aws:logs:${group.region}:${group.accountId}:log-group:${group.name}`;
}

function encodeCursor(prefix: string, cursor: LogEventCursor): string {
  return `${prefix}${Buffer.from(`${cursor.timestampMs}:${cursor.id}`).toString('base64url')}`;
}

function decodeCursor(token: string, prefix: string): LogEventCursor {
  const match = token.startsWith(prefix)
    ? /^(-?\d+):(\d+)$/.exec(Buffer.from(token.slice(prefix.length), 'base64url').toString())
    : null;
  if (!match) throw InvalidParameterException('The specified nextToken is invalid.');
  return { timestampMs: Number(match[1]), id: Number(match[2]) };
}

function integer(input: Record<string, unknown>, member: string, min: number, max: number): number | undefined {
  const raw = input[member];
  if (raw === undefined || raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw validationException(member, raw, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationException(member, raw, `Member must have value less than or equal to ${max}`);
  return value;
}

function time(input: Record<string, unknown>, member: string): number | undefined {
  const raw = input[member];
  if (raw === undefined || raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw validationException(member, raw, 'Member must have value greater than or equal to 0');
  return value;
}

export function logOperations(store: LogsStore, clock: Clock): Record<string, OperationHandler> {
  function groupName(input: Record<string, unknown>): string {
    // Newer clients may name the group by ARN in logGroupIdentifier.
    const identifier = optionalString(input, 'logGroupIdentifier');
    const name = identifier
      ? identifier.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '')
      : optionalString(input, 'logGroupName');
    if (!name) throw validationException('logGroupName', 'null', 'Member must not be null');
    return name;
  }

  function existingGroup(input: Record<string, unknown>, request: RequestContext): LogGroupRecord {
    const group = store.getLogGroup({ accountId: request.accountId, region: request.region, name: groupName(input) });
    if (!group) throw LogGroupDoesNotExist();
    return group;
  }

  async function CreateLogGroup(input: Record<string, unknown>, request: RequestContext) {
    const name = groupName(input);
    if (!LOG_GROUP_NAME.test(name))
      throw validationException('logGroupName', name, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
    if (store.getLogGroup({ accountId: request.accountId, region: request.region, name })) {
      throw ResourceAlreadyExistsException('The specified log group already exists');
    }
    await store.createLogGroup({ accountId: request.accountId, region: request.region, name, createdAtMs: clock.now() });
    return undefined;
  }

  async function DeleteLogGroup(input: Record<string, unknown>, request: RequestContext) {
    await store.deleteLogGroup(existingGroup(input, request).id);
    return undefined;
  }

  function DescribeLogGroups(input: Record<string, unknown>, request: RequestContext) {
    const limit = integer(input, 'limit', 1, 50) ?? 50;
    const start = Number(optionalString(input, 'nextToken') ?? 0);
    const groups = store.listLogGroups(request.accountId, request.region, optionalString(input, 'logGroupNamePrefix') ?? '');
    const page = groups.slice(start, start + limit);
    return {
      logGroups: page.map((group) => ({
        logGroupName: group.name,
        creationTime: group.createdAtMs,
        metricFilterCount: 0,
        arn: `${groupArn(group)}:*`,
        storedBytes: group.storedBytes,
        logGroupClass: 'STANDARD',
        logGroupArn: groupArn(group),
      })),
      ...(start + limit < groups.length ? { nextToken: String(start + limit) } : {}),
    };
  }

  async function CreateLogStream(input: Record<string, unknown>, request: RequestContext) {
    const group = existingGroup(input, request);
    const name = optionalString(input, 'logStreamName') ?? '';
    if (!LOG_STREAM_NAME.test(name))
      throw validationException('logStreamName', name, 'Member must satisfy regular expression pattern: [^:*]*');
    if (store.getLogStream(group.id, name)) throw ResourceAlreadyExistsException('The specified log stream already exists');
    await store.createLogStream(group.id, name, clock.now());
    return undefined;
  }

  function DescribeLogStreams(input: Record<string, unknown>, request: RequestContext) {
    const group = existingGroup(input, request);
    const limit = integer(input, 'limit', 1, 50) ?? 50;
    const prefix = optionalString(input, 'logStreamNamePrefix') ?? '';
    const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
    if (orderBy === 'LastEventTime' && prefix) {
      throw InvalidParameterException('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    let streams = store.listLogStreams(group.id, prefix);
    if (orderBy === 'LastEventTime') streams = streams.sort((a, b) => (a.lastEventAtMs ?? 0) - (b.lastEventAtMs ?? 0));
    if (input.descending === true || input.descending === 'true') streams = streams.reverse();
    const start = Number(optionalString(input, 'nextToken') ?? 0);
    const page = streams.slice(start, start + limit);
    return {
      logStreams: page.map((stream) => ({
        logStreamName: stream.name,
        creationTime: stream.createdAtMs,
        ...(stream.firstEventAtMs !== null ? { firstEventTimestamp: stream.firstEventAtMs } : {}),
        ...(stream.lastEventAtMs !== null ? { lastEventTimestamp: stream.lastEventAtMs } : {}),
        ...(stream.lastIngestionAtMs !== null ? { lastIngestionTime: stream.lastIngestionAtMs } : {}),
        arn: `${groupArn(group)}:log-stream:${stream.name}`,
        storedBytes: 0,
      })),
      ...(start + limit < streams.length ? { nextToken: String(start + limit) } : {}),
    };
  }

  async function PutLogEvents(input: Record<string, unknown>, request: RequestContext) {
    const group = existingGroup(input, request);
    const streamName = optionalString(input, 'logStreamName') ?? '';
    if (!store.getLogStream(group.id, streamName)) throw LogStreamDoesNotExist();
    const events = Array.isArray(input.logEvents) ? (input.logEvents as Array<Record<string, unknown>>) : [];
    if (events.length === 0 || events.length > 10_000)
      throw validationException('logEvents', events.length, 'Member must have length between 1 and 10000');
    await store.appendLogEvents(
      group,
      streamName,
      events.map((e) => ({ timestampMs: Number(e.timestamp), message: String(e.message ?? '') })),
      clock.now(),
    );
    return {};
  }

  function GetLogEvents(input: Record<string, unknown>, request: RequestContext) {
    const group = existingGroup(input, request);
    const streamName = optionalString(input, 'logStreamName');
    if (!streamName) throw validationException('logStreamName', 'null', 'Member must not be null');
    const stream = store.getLogStream(group.id, streamName);
    if (!stream) throw LogStreamDoesNotExist();
    const limit = integer(input, 'limit', 1, MAX_EVENTS) ?? MAX_EVENTS;
    const token = optionalString(input, 'nextToken');
    const fromHead = input.startFromHead === true || input.startFromHead === 'true';
    const base = {
      groupId: group.id,
      streamIds: [stream.id],
      startTimeMs: time(input, 'startTime'),
      endTimeMs: time(input, 'endTime'),
      limit,
    };
    let events: StoredLogEvent[];
    if (token?.startsWith('b/')) {
      events = store.queryLogEvents({ ...base, before: decodeCursor(token, 'b/'), newestFirst: true }).reverse();
    } else if (token) {
      events = store.queryLogEvents({ ...base, after: decodeCursor(token, 'f/') });
    } else if (fromHead) {
      events = store.queryLogEvents(base);
    } else {
      events = store.queryLogEvents({ ...base, newestFirst: true }).reverse();
    }
    const first = events[0];
    const last = events[events.length - 1];
    // With nothing new, AWS hands back the token it was given: that is how clients know they reached the end.
    const forward = last
      ? encodeCursor('f/', last)
      : (token ?? encodeCursor('f/', { timestampMs: Number.MAX_SAFE_INTEGER, id: 0 }));
    const backward = first ? encodeCursor('b/', first) : (token ?? encodeCursor('b/', { timestampMs: 0, id: 0 }));
    return {
      events: events.map((e) => ({ timestamp: e.timestampMs, message: e.message, ingestionTime: e.ingestionTimeMs })),
      nextForwardToken: forward,
      nextBackwardToken: backward,
    };
  }

  function FilterLogEvents(input: Record<string, unknown>, request: RequestContext) {
    const group = existingGroup(input, request);
    const names = optionalStringList(input, 'logStreamNames');
    const prefix = optionalString(input, 'logStreamNamePrefix');
    if (names && prefix) throw InvalidParameterException('Cannot specify both logStreamNames and logStreamNamePrefix.');
    const streams = store.listLogStreams(group.id, prefix ?? '').filter((s) => !names || names.includes(s.name));
    const limit = integer(input, 'limit', 1, MAX_EVENTS) ?? MAX_EVENTS;
    const matches = compileFilterPattern(optionalString(input, 'filterPattern'));
    const token = optionalString(input, 'nextToken');
    const streamIds = names || prefix ? streams.map((s) => s.id) : undefined;
    const found: StoredLogEvent[] = [];
    let after = token ? decodeCursor(token, 'n/') : undefined;
    let exhausted = streamIds?.length === 0;
    // Filtering happens after the store query, so read in pages until the limit is met or the group is done.
    while (found.length < limit && !exhausted) {
      const page = store.queryLogEvents({
        groupId: group.id,
        streamIds,
        startTimeMs: time(input, 'startTime'),
        endTimeMs: time(input, 'endTime'),
        after,
        limit: 1000,
      });
      exhausted = page.length < 1000;
      for (const event of page) {
        after = event;
        if (!matches(event.message)) continue;
        found.push(event);
        if (found.length === limit) break;
      }
    }
    const more = found.length === limit && !exhausted;
    return {
      events: found.map((e) => ({
        logStreamName: e.logStreamName,
        timestamp: e.timestampMs,
        message: e.message,
        ingestionTime: e.ingestionTimeMs,
        eventId: `${e.timestampMs}${String(e.id).padStart(20, '0')}`,
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: !more })),
      ...(more && after ? { nextToken: encodeCursor('n/', after) } : {}),
    };
  }

  return {
    CreateLogGroup,
    DeleteLogGroup,
    DescribeLogGroups,
    CreateLogStream,
    DescribeLogStreams,
    PutLogEvents,
    GetLogEvents,
    FilterLogEvents,
  };
}
