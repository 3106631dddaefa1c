/**
 * The composition root: options -> store, clock, services, HTTP edge. `startOnward` is also the public
 * API for embedding Onward in a test suite.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ManualClock, RealClock, type Clock } from './clock/clock.ts';
import type { OnwardOptions } from './config/options.ts';
import { createEdgeServer } from './http/edge-server.ts';
import { createGateway } from './http/gateway.ts';
import { checkRuntimeAvailable } from './runner/runtimes.ts';
import { internalRequest, type AwsService, type OperationInput, type OperationOutput } from './services/service.ts';
import { AsyncEngine } from './engine/async-engine.ts';
import { ConcurrencyTracker } from './engine/concurrency-tracker.ts';
import { InvocationEvents } from './engine/invocation-events.ts';
import { InvocationMetrics } from './services/lambda/invocation-metrics.ts';
import { prometheusText } from './http/prometheus-text.ts';
import { InvocationStreamHub } from './services/lambda/invocation-stream.ts';
import { ProcessPool } from './runner/process-pool.ts';
import { asyncAttemptResolver, eventAcceptor } from './services/lambda/async-invocations.ts';
import { asyncInvoker, destinationDelivery } from './services/lambda/destinations.ts';
import { createInternalTargets } from './services/targets/internal-targets.ts';
import { invocationTargetResolver } from './services/lambda/invocation-target.ts';
import { createInvokeAsyncOperation, createInvokeOperation } from './services/lambda/invoke.ts';
import { createLambdaService } from './services/lambda/lambda-service.ts';
import { createFunctionLogSink } from './services/logs/function-log-sink.ts';
import { createLogsService } from './services/logs/logs-service.ts';
import { createEventsService } from './services/events/events-service.ts';
import { invocationListing } from './services/lambda/invocation-listing.ts';
import { createSqsService } from './services/sqs/sqs-service.ts';
import { createKinesisService } from './services/kinesis/kinesis-service.ts';
import { createEventSourceMappings } from './esm/esm-setup.ts';
import { compileEventPattern } from './patterns/event-pattern.ts';
import { createSchedulerService } from './services/scheduler/scheduler-service.ts';
import { createSnsService } from './services/sns/sns-service.ts';
import { outboxListing } from './services/sns/outbox.ts';
import type { Store } from './store/store.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';

const CLOCK_META_KEY = 'clock.nowMs';
/** How long open connections get to finish on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 2_000;
/** Longer than the usual 60 s idle timeout of clients' connection pools, so Onward is not the one to cut. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface Onward {
  /** `http://host:port` of the AWS edge. */
  readonly url: string;
  readonly port: number;
  readonly clock: Clock;
  readonly store: Store;
  /**
   * Runs one operation in process, as the wire API would for a client of `accountId`/`region` (default:
   * the configured ones): how `onward up` deploys an app. Throws the operation's ServiceError.
   */
  call(
    service: string,
    operation: string,
    input: OperationInput,
    scope?: { accountId?: string; region?: string },
  ): Promise<OperationOutput>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

export interface OnwardOutput {
  /** Onward's own diagnostics. @defaultValue stderr */
  log?: (line: string) => void;
  /** Function output, one `name | line` at a time; undefined keeps it off the terminal (it is still in Logs). */
  functionOutput?: (line: string) => void;
  /** Colour function names in functionOutput. */
  colour?: boolean;
}

export async function startOnward(options: OnwardOptions, output: OnwardOutput = {}): Promise<Onward> {
  const log = output.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = new SqliteStore(options.dataDir);
  // Time never runs backwards across restarts: a clock advanced before resumes where it was.
  const persistedMs = Number(store.meta.get(CLOCK_META_KEY) ?? 0);
  const startMs = Math.max(persistedMs, Date.now());
  const clock = options.clockMode === 'manual' ? new ManualClock(startMs) : new RealClock(options.timeScale, startMs);
  const persistClock = () => store.meta.set(CLOCK_META_KEY, String(clock.now()));

  const functionLogs = createFunctionLogSink({
    store: store.logs,
    clock,
    defaultAccountId: options.accountId,
    defaultRegion: options.region,
    ...(output.functionOutput ? { print: output.functionOutput } : {}),
    colour: output.colour ?? false,
    onError: (error) => log(`Function logs could not be stored: ${(error as Error).message}`),
  });
  // Log timestamps and stream dates follow the clock, like every other timestamp; durations stay real.
  const runner = new ProcessPool({ logSink: functionLogs, nowMs: () => clock.now() });
  let endpointUrl = '';

  const sqs = createSqsService(store.sqs, clock);
  const targets = createInternalTargets(sqs);
  const concurrency = new ConcurrencyTracker();
  // The engine announces each change; the live stream and the metrics listen.
  const invocationEvents = new InvocationEvents();
  const invocationStream = new InvocationStreamHub(invocationEvents);
  const metrics = new InvocationMetrics(() => store.asyncInvocations.queueDepths());
  invocationEvents.subscribe(metrics.record);
  const engine: AsyncEngine = new AsyncEngine({
    store: store.asyncInvocations,
    clock,
    runner,
    concurrency,
    resolve: asyncAttemptResolver(store.lambda, () => endpointUrl),
    ...destinationDelivery(targets),
    log,
    events: invocationEvents,
    retention: { maxAgeMs: options.invocationRetentionHours * 3_600_000, keepNewest: options.invocationRetentionCount },
  });
  if ('addQuiescer' in clock) clock.addQuiescer(() => engine.idle());
  targets.registerAsyncInvoker(
    asyncInvoker(store.lambda, ({ requestId, accountId, region, functionName, qualifier, payload }) => {
      const nowMs = clock.now();
      return engine.accept({
        requestId: requestId ?? randomUUID(),
        accountId,
        region,
        functionName,
        qualifier: qualifier ?? '',
        payload,
        enqueuedAtMs: nowMs,
        dueAtMs: nowMs,
      });
    }),
  );
  const invokeDependencies = {
    resolve: invocationTargetResolver(store.lambda),
    runner,
    endpointUrl: () => endpointUrl,
    concurrency,
    acceptEvent: eventAcceptor(engine, () => clock.now()),
    observe: metrics.recordSync,
  };
  const eventSourceMappings = createEventSourceMappings({
    store,
    clock,
    sqs,
    targets,
    invoke: (input, request) => lambda.operations.Invoke!(input, request),
    compilePattern: (pattern) => compileEventPattern(JSON.parse(pattern)),
    log,
  });
  if ('addQuiescer' in clock) clock.addQuiescer(() => eventSourceMappings.manager.idle());
  const kinesis = createKinesisService(store.kinesis, clock);
  kinesis.onRecords((streamId) => eventSourceMappings.manager.recordsAppended(streamId));
  const lambda = createLambdaService({
    extraOperations: eventSourceMappings.operations,
    store: store.lambda,
    clock,
    dataDir: options.dataDir,
    runtimeProblem: (runtime) => checkRuntimeAvailable(runtime),
    invoke: createInvokeOperation(invokeDependencies),
    invokeAsync: createInvokeAsyncOperation(invokeDependencies),
  });
  const logs = createLogsService(store.logs, clock);
  const events = createEventsService({ store: store.events, clock, targets, log });
  if ('addQuiescer' in clock) clock.addQuiescer(() => events.idle());
  const scheduler = createSchedulerService({ store: store.scheduler, clock, targets, log });
  if ('addQuiescer' in clock) clock.addQuiescer(() => scheduler.idle());
  const sns = createSnsService({ store: store.sns, clock, targets, endpointUrl: () => endpointUrl, log });
  const services = new Map<string, AwsService>([
    [sqs.signingName, sqs],
    [lambda.signingName, lambda],
    [logs.signingName, logs],
    [events.signingName, events],
    [kinesis.signingName, kinesis],
    [sns.signingName, sns],
    [scheduler.signingName, scheduler],
  ]);

  const server = createEdgeServer(
    createGateway({
      services,
      internal: {
        clock,
        timeScale: options.timeScale,
        store,
        serviceNames: [...services.keys()],
        onClockAdvanced: persistClock,
        codePackagePath: (fileName) => path.join(lambda.codeStorage.root, fileName),
        asyncInvocations: (query) => invocationListing(store.asyncInvocations, query),
        outbox: (query) => outboxListing(store.sns, query),
        invocationStream: (request, response, query) => invocationStream.serve(request, response, query),
        metrics: () => metrics.text() + prometheusText(events.metricFamilies()),
      },
      defaultRegion: options.region,
      defaultAccountId: options.accountId,
      durable: () => store.durable(),
      log,
      logRequests: options.logRequests,
    }),
    KEEP_ALIVE_TIMEOUT_MS,
  );

  try {
    await server.listen(options.port, options.host);
  } catch (error) {
    await runner.close();
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
  const port = server.address().port;
  // Functions call back on loopback even when Onward listens on every interface.
  endpointUrl = `http://${['0.0.0.0', '::'].includes(options.host) ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  sqs.resume();
  sns.start();
  await engine.start();
  events.start();
  scheduler.start();
  eventSourceMappings.manager.start();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      sqs.stop();
      events.stop();
      scheduler.stop();
      sns.stop();
      engine.stop();
      await eventSourceMappings.manager.stop();
      invocationStream.close();
      await server.close(SHUTDOWN_GRACE_MS);
      await runner.close();
      await functionLogs.flush();
      await persistClock();
      store.close();
    })();
    return closing;
  };

  const call: Onward['call'] = async (serviceName, operation, input, scope = {}) => {
    const handler = services.get(serviceName)?.operations[operation];
    if (!handler) throw new Error(`Onward has no operation ${serviceName}:${operation}`);
    const request = internalRequest(scope.accountId ?? options.accountId, scope.region ?? options.region, randomUUID());
    return handler(input, { ...request, origin: endpointUrl });
  };

  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    port,
    clock,
    store,
    call,
    close,
  };
}
