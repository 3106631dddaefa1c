/**
 * PutEvents: per-entry results in request order (HTTP 200 even when entries fail), request-level limits
 * as ValidationExceptions, an unknown bus accepted and dropped (AWS-recorded). Matching rules' targets
 * are delivered inside the request, their writes committed with the answer.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock.ts';
import type { OperationHandler } from '../service.ts';
import { busNameOf, parseBusArn } from './arns.ts';
import { buildEnvelope } from './envelope.ts';
import { constraintViolations, ValidationException } from './errors.ts';
import type { EventRouter } from './event-router.ts';

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;
const MAX_DETAIL_TYPE_LENGTH = 128;

type Entry = Record<string, unknown>;
type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const text = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : String(value);

/** How AWS's Java model prints an entry inside a constraint message. */
function describeEntry(entry: Entry): string {
  const field = (value: unknown): string =>
    value === undefined || value === null ? 'null' : Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
  return (
    `PutEventsRequestEntry(time=${field(entry.Time)}, source=${field(entry.Source)}, resources=${field(entry.Resources)}, ` +
    `detailType=${field(entry.DetailType)}, detail=${field(entry.Detail)}, eventBusName=${field(entry.EventBusName)}, ` +
    `traceHeader=${field(entry.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)`
  );
}

/** AWS's entry size: Time counts 14 bytes, then the UTF-8 bytes of Source, DetailType, Detail and Resources. */
function entrySize(entry: Entry): number {
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  for (const member of [entry.Source, entry.DetailType, entry.Detail]) {
    if (typeof member === 'string') size += Buffer.byteLength(member);
  }
  if (Array.isArray(entry.Resources)) {
    for (const resource of entry.Resources) size += Buffer.byteLength(String(resource));
  }
  return size;
}

/** `Time` arrives as epoch seconds (JSON 1.1 timestamp) or, from hand-written clients, as a date string. */
function timeMs(value: unknown, nowMs: number): number {
  if (value === undefined || value === null) return nowMs;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  return Number.isFinite(ms) ? ms : nowMs;
}

function parseDetail(detail: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function createPutEvents(router: EventRouter, clock: Clock): OperationHandler {
  return async (input, request) => {
    const entries = Array.isArray(input.Entries) ? (input.Entries as Entry[]) : undefined;
    if (!entries) throw constraintViolations([{ member: 'entries', value: 'null', constraint: 'Member must not be null' }]);
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw constraintViolations([
        {
          member: 'entries',
          value: `[${entries.map(describeEntry).join(', ')}]`,
          constraint:
            entries.length < 1
              ? 'Member must have length greater than or equal to 1'
              : `Member must have length less than or equal to ${MAX_ENTRIES}`,
        },
      ]);
    }
    entries.forEach((entry, index) => {
      const detailType = text(entry.DetailType);
      if (detailType !== undefined && detailType.length > MAX_DETAIL_TYPE_LENGTH) {
        throw constraintViolations([
          {
            member: `entries.${index + 1}.member.detailType`,
            value: detailType,
            constraint: `Member must have length less than or equal to ${MAX_DETAIL_TYPE_LENGTH}`,
          },
        ]);
      }
    });
    if (entries.reduce((total, entry) => total + entrySize(entry), 0) > MAX_REQUEST_BYTES) {
      throw ValidationException('Total size of the entries in the request is over the limit.');
    }

    const nowMs = clock.now();
    const results: EntryResult[] = [];
    const deliveries: Promise<void>[] = [];
    for (const entry of entries) {
      const source = text(entry.Source);
      const detailType = text(entry.DetailType);
      const detailText = text(entry.Detail);
      const missing =
        source === undefined
          ? 'Source'
          : detailType === undefined
            ? 'DetailType'
            : detailText === undefined
              ? 'Detail'
              : undefined;
      if (missing) {
        results.push({
          ErrorCode: 'InvalidArgument',
          ErrorMessage: `Parameter ${missing} is not valid. Reason: ${missing} is a required argument.`,
        });
        continue;
      }
      const detail = parseDetail(detailText!);
      if (!detail) {
        results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
        continue;
      }
      const id = randomUUID();
      results.push({ EventId: id });
      router.counters.count('putEventsEntries');
      const busText = text(entry.EventBusName);
      const busArn = busText ? parseBusArn(busText) : undefined;
      const accountId = busArn?.accountId ?? request.accountId;
      const region = busArn?.region || request.region;
      const busName = busNameOf(busText);
      // An unknown bus: AWS answers with an EventId and drops the event.
      if (!router.busExists(accountId, region, busName)) continue;
      const event = buildEnvelope({
        id,
        detailType: detailType!,
        source: source!,
        accountId,
        timeMs: timeMs(entry.Time, nowMs),
        region,
        resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
        detail,
      });
      deliveries.push(router.route(accountId, region, busName, event));
    }
    // Deliveries issued their writes above; waiting lets dead-letter sends of failed targets join the answer.
    await Promise.all(deliveries);
    const failed = results.filter((result) => 'ErrorCode' in result).length;
    return { FailedEntryCount: failed, Entries: results };
  };
}
