/** Amazon CloudWatch Logs (JSON 1.1), enough for function logs: groups, streams, events, filtering. */
import type { Clock } from '../../clock/clock.ts';
import type { LogsStore } from '../../store/logs-store.ts';
import type { AwsService } from '../service.ts';
import { logOperations } from './log-operations.ts';

export function createLogsService(store: LogsStore, clock: Clock): AwsService {
  return {
    signingName: 'logs',
    operations: logOperations(store, clock),
    json: { queryCompatible: false },
  };
}
