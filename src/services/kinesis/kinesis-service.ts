/** Amazon Kinesis Data Streams over AWS JSON 1.1 (`Kinesis_20131202.<Op>`, signing name kinesis). */
import type { Clock } from '../../clock/clock.ts';
import type { KinesisStore } from '../../store/kinesis-store.ts';
import type { AwsService } from '../service.ts';
import type { KinesisContext } from './kinesis-context.ts';
import { recordOperations } from './record-operations.ts';
import { streamOperations } from './stream-operations.ts';

export interface KinesisService extends AwsService {
  /** Registers a listener told the stream id whenever records are appended (event source mappings). */
  onRecords(listener: (streamId: number) => void): void;
}

export function createKinesisService(store: KinesisStore, clock: Clock): KinesisService {
  const listeners: Array<(streamId: number) => void> = [];
  const context: KinesisContext = {
    store,
    clock,
    notifyRecords: (streamId) => {
      for (const listener of listeners) listener(streamId);
    },
  };
  return {
    signingName: 'kinesis',
    operations: { ...streamOperations(context), ...recordOperations(context) },
    json: { queryCompatible: false },
    onRecords: (listener) => listeners.push(listener),
  };
}
