/** What the Kinesis operations share: store, clock, and the listeners told when records arrive. */
import type { Clock } from '../../clock/clock.ts';
import type { KinesisStore, StreamRecord } from '../../store/kinesis-store.ts';
import type { RequestContext } from '../service.ts';
import { InvalidArgumentException, streamNotFound, validationException, violation } from './errors.ts';

export interface KinesisContext {
  store: KinesisStore;
  clock: Clock;
  /** Called (synchronously, after the write is issued) with the stream id whenever records are appended. */
  notifyRecords(streamId: number): void;
}

export const STREAM_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,128}$/;
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]{1,128})$/;

export function streamArn(region: string, accountId: string, name: string): string {
  return `arn:aws:kinesis:${region}:${accountId}:stream/${name}`;
}

export function parseStreamArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match = STREAM_ARN.exec(arn);
  return match ? { region: match[1]!, accountId: match[2]!, name: match[3]! } : undefined;
}

/** The stream a request names by StreamName or StreamARN; ResourceNotFoundException when absent. */
export function resolveStream(context: KinesisContext, input: Record<string, unknown>, request: RequestContext): StreamRecord {
  const name = input.StreamName;
  const arn = input.StreamARN;
  let key: { region: string; accountId: string; name: string };
  if (typeof arn === 'string') {
    const parsed = parseStreamArn(arn);
    if (!parsed) {
      throw validationException([
        violation(arn, 'streamARN', 'Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+'),
      ]);
    }
    key = parsed;
  } else if (typeof name === 'string') {
    if (!STREAM_NAME_PATTERN.test(name)) {
      throw validationException([
        violation(name, 'streamName', 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+'),
      ]);
    }
    key = { region: request.region, accountId: request.accountId, name };
  } else {
    throw InvalidArgumentException('Either StreamName or StreamARN should be provided.');
  }
  const stream = context.store.getStream(key);
  if (!stream) throw streamNotFound(key.name, key.accountId);
  return stream;
}
