import { describe, expect, it } from 'vitest';
import { billedDurationMs, endLine, logStreamName, memoryUsedMb, reportLine, startLine, timeoutLine } from './log-lines.ts';

describe('log lines', () => {
  it('formats START and END', () => {
    expect(startLine('id-1', '$LATEST')).toBe('START RequestId: id-1 Version: $LATEST');
    expect(endLine('id-1')).toBe('END RequestId: id-1');
  });

  it('formats REPORT, with Init Duration on a cold start and Status when Lambda ended the invocation', () => {
    const base = { requestId: 'id-1', durationMs: 12.344, billedDurationMs: 13, memorySizeMb: 128, maxMemoryUsedMb: 45 };
    expect(reportLine(base)).toBe(
      'REPORT RequestId: id-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB',
    );
    expect(reportLine({ ...base, initDurationMs: 123.456 })).toBe(
      'REPORT RequestId: id-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB\tInit Duration: 123.46 ms',
    );
    expect(reportLine({ ...base, status: 'error', errorType: 'Runtime.ExitError' })).toBe(
      'REPORT RequestId: id-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB\tStatus: error\tError Type: Runtime.ExitError',
    );
  });

  it('formats the timeout line with two decimals', () => {
    expect(timeoutLine(Date.UTC(2024, 3, 8, 16, 56, 22, 123), 'id-1', 3)).toBe(
      '2024-04-08T16:56:22.123Z id-1 Task timed out after 3.00 seconds',
    );
  });

  it('names a stream by date, version and 32 hex digits', () => {
    expect(logStreamName('$LATEST', Date.UTC(2025, 0, 5, 23, 59), 'a'.repeat(32))).toBe(`2025/01/05/[$LATEST]${'a'.repeat(32)}`);
    expect(logStreamName('7', Date.UTC(2025, 11, 31), 'b'.repeat(32))).toBe(`2025/12/31/[7]${'b'.repeat(32)}`);
  });

  it('bills whole milliseconds rounded up, and memory in whole MB rounded up', () => {
    expect([billedDurationMs(0.2), billedDurationMs(12), billedDurationMs(12.01)]).toEqual([1, 12, 13]);
    expect([memoryUsedMb(0), memoryUsedMb(1024), memoryUsedMb(1025)]).toEqual([0, 1, 2]);
  });
});
