/**
 * The composition root: options -> store, clock, services, HTTP edge. `startOnward` is also the public
 * API for embedding Onward in a test suite.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, RealClock, type Clock } from './clock/clock.ts';
import type { OnwardOptions } from './config/options.ts';
import { createGateway } from './http/gateway.ts';
import type { AwsService } from './services/service.ts';
import { createSqsService } from './services/sqs/sqs-service.ts';
import type { Store } from './store/store.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';

const CLOCK_META_KEY = 'clock.nowMs';
/** How long open connections get to finish on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 2_000;

export interface Onward {
  /** `http://host:port` of the AWS edge. */
  readonly url: string;
  readonly port: number;
  readonly clock: Clock;
  readonly store: Store;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

export async function startOnward(
  options: OnwardOptions,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<Onward> {
  const store = new SqliteStore(options.dataDir);
  // Time never runs backwards across restarts: a clock advanced before resumes where it was.
  const persistedMs = Number(store.meta.get(CLOCK_META_KEY) ?? 0);
  const startMs = Math.max(persistedMs, Date.now());
  const clock = options.clockMode === 'manual' ? new ManualClock(startMs) : new RealClock(options.timeScale, startMs);
  const persistClock = () => store.meta.set(CLOCK_META_KEY, String(clock.now()));

  const sqs = createSqsService(store.sqs, clock);
  const services = new Map<string, AwsService>([[sqs.signingName, sqs]]);

  const server = http.createServer(
    createGateway({
      services,
      internal: { clock, timeScale: options.timeScale, store, serviceNames: [...services.keys()], onClockAdvanced: persistClock },
      defaultRegion: options.region,
      defaultAccountId: options.accountId,
      durable: () => store.durable(),
      log,
      logRequests: options.logRequests,
    }),
  );
  server.keepAliveTimeout = 65_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(
        `Port ${options.port} on ${options.host} is already in use (another Onward or LocalStack?). Choose another with --port.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  sqs.resume();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      sqs.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(grace);
      await persistClock();
      store.close();
    })();
    return closing;
  };

  return { url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`, port, clock, store, close };
}
