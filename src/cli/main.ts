#!/usr/bin/env node
/** `onward`: the command line. `onward` alone is `onward start`. */
import { parseArgs } from 'node:util';
import {
  appEnvironment,
  ConfigError,
  ENVIRONMENT_VARIABLES,
  optionsFromEnvironment,
  resolveOptions,
  type RawOptions,
} from '../config/load.ts';
import { PortInUseError, startOnward } from '../runtime.ts';
import { LogsCommandError, runLogsCommand } from './logs-command.ts';
import { InvocationsCommandError, runInvocationsCommand } from './invocations-command.ts';
import { OutboxCommandError, runOutboxCommand } from './outbox-command.ts';
import { runUpCommand, UpCommandError } from './up-command.ts';
import { StoreUnavailableError } from '../store/store.ts';
import { ONWARD_VERSION } from '../version.ts';

const HELP = `Onward ${ONWARD_VERSION}: AWS Lambda async invocation, Destinations and SQS, locally.

Usage:
  onward [start] [options]            run Onward
  onward up [dir] [options]           run Onward and deploy the app in dir (default .): serverless.yml,
                                      a SAM/CloudFormation template.yaml|yml|json (-t FILE for another), or
                                      a CDK cdk.out; redeploys on change (--no-watch not to)
                                        --stage S, --param KEY=VALUE (repeatable), --region R,
                                        --http-port N for the app's HTTP routes (default 3000; 0 = free)
  onward logs <function> [--follow]   a function's logs from a running Onward (--port/--host to find it,
                                      --since 10m|2h|1d, default 10m)
  onward invocations [function]       asynchronous invocations as timelines (--status queued|running|
                                      succeeded|failed|dropped, --limit N default 20, --follow for live
                                      changes; --endpoint URL or --port/--host to find Onward)
  onward outbox                       SNS email/email-json/sms messages kept instead of sent, newest first
                                      (--topic ARN, --protocol P, --to ADDRESS, --limit N default 20)

Options:
  --port N            port of the AWS edge (default 4566; 0 picks a free one)     ${ENVIRONMENT_VARIABLES.port}
  --host HOST         interface to listen on (default 127.0.0.1)                 ${ENVIRONMENT_VARIABLES.host}
  --data-dir DIR      where the store lives (default ./.onward)                   ${ENVIRONMENT_VARIABLES.dataDir}
  --time-scale N      run time N times faster (retries, visibility, delays)       ${ENVIRONMENT_VARIABLES.timeScale}
  --clock manual      freeze time; move it with POST /_onward/clock/advance       ${ENVIRONMENT_VARIABLES.clock}
  --region REGION     region of unsigned requests (default us-east-1)             ${ENVIRONMENT_VARIABLES.region}
  --account-id ID     account of non-numeric access keys (default 000000000000)  ${ENVIRONMENT_VARIABLES.accountId}
  --log-requests      one line per request on stderr                              ${ENVIRONMENT_VARIABLES.logRequests}
  --invocation-retention-hours N   keep finished async invocations N hours (24)   ${ENVIRONMENT_VARIABLES.invocationRetentionHours}
  --invocation-retention-count N   and at most N of them (10000)                   ${ENVIRONMENT_VARIABLES.invocationRetentionCount}
  -h, --help          this text
  -v, --version       the version

Point clients at it:  AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_REGION=us-east-1 \\
                      AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
`;

/** `30s`, `10m`, `2h`, `1d` to milliseconds. */
function parseDurationMs(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) throw new ConfigError(`Invalid --since "${text}": use a number and s, m, h or d (e.g. 10m).`);
  const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unitMs;
}

/** Resolves on the first SIGINT or SIGTERM, after saying so. */
function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stdout.write(`${signal}: shutting down.\n`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `--param KEY=VALUE`, repeatable. */
function parseParams(given: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const entry of given) {
    const equals = entry.indexOf('=');
    if (equals < 1) throw new ConfigError(`Invalid --param "${entry}": use KEY=VALUE.`);
    params[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return params;
}

function parseHttpPort(given: string | undefined): number {
  if (given === undefined) return 3000;
  const port = Number(given);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`Invalid --http-port "${given}": use 0 to 65535.`);
  return port;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'time-scale': { type: 'string' },
      clock: { type: 'string' },
      region: { type: 'string' },
      'account-id': { type: 'string' },
      'log-requests': { type: 'boolean' },
      follow: { type: 'boolean', short: 'f' },
      since: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      endpoint: { type: 'string' },
      topic: { type: 'string' },
      protocol: { type: 'string' },
      to: { type: 'string' },
      template: { type: 'string', short: 't' },
      stage: { type: 'string' },
      param: { type: 'string', multiple: true },
      'http-port': { type: 'string' },
      'no-watch': { type: 'boolean' },
      'invocation-retention-hours': { type: 'string' },
      'invocation-retention-count': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${ONWARD_VERSION}\n`);
    return 0;
  }
  const command = positionals[0] ?? 'start';
  const isLogs = command === 'logs' && positionals.length === 2;
  const isInvocations = command === 'invocations' && positionals.length <= 2;
  const isOutbox = command === 'outbox' && positionals.length === 1;
  const isUp = command === 'up' && positionals.length <= 2;
  if (!isLogs && !isInvocations && !isOutbox && !isUp && (command !== 'start' || positionals.length > 1)) {
    process.stderr.write(`Unknown command "${positionals.join(' ')}".\n\n${HELP}`);
    return 2;
  }
  const flags: RawOptions = {
    port: values.port,
    host: values.host,
    dataDir: values['data-dir'],
    timeScale: values['time-scale'],
    clock: values.clock,
    region: values.region,
    accountId: values['account-id'],
    logRequests: values['log-requests'],
    invocationRetentionHours: values['invocation-retention-hours'],
    invocationRetentionCount: values['invocation-retention-count'],
  };
  const options = resolveOptions(optionsFromEnvironment(), flags);
  if (isLogs) {
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    await runLogsCommand({
      endpointUrl: `http://${options.host}:${options.port}`,
      region: options.region,
      functionName: positionals[1]!,
      follow: values.follow ?? false,
      sinceMs: Date.now() - parseDurationMs(values.since ?? '10m'),
      write: (line) => process.stdout.write(`${line}\n`),
      signal: abort.signal,
    }).catch((error: unknown) => {
      if (!abort.signal.aborted) throw error;
    });
    return 0;
  }
  if (isInvocations) {
    const limit = Number(values.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ConfigError(`Invalid --limit "${values.limit}": use a whole number from 1 to 1000.`);
    }
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    await runInvocationsCommand({
      endpointUrl: values.endpoint ?? `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`,
      ...(positionals[1] ? { functionName: positionals[1] } : {}),
      ...(values.status !== undefined ? { status: values.status } : {}),
      limit,
      follow: values.follow ?? false,
      write: (line) => process.stdout.write(`${line}\n`),
      signal: abort.signal,
    }).catch((error: unknown) => {
      if (!abort.signal.aborted) throw error;
    });
    return 0;
  }
  if (isOutbox) {
    const limit = Number(values.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ConfigError(`Invalid --limit "${values.limit}": use a whole number from 1 to 1000.`);
    }
    await runOutboxCommand({
      endpointUrl: values.endpoint ?? `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`,
      ...(values.topic !== undefined ? { topicArn: values.topic } : {}),
      ...(values.protocol !== undefined ? { protocol: values.protocol } : {}),
      ...(values.to !== undefined ? { to: values.to } : {}),
      limit,
      write: (line) => process.stdout.write(`${line}\n`),
    });
    return 0;
  }
  if (isUp) {
    await runUpCommand({
      dir: positionals[1] ?? '.',
      ...(values.template !== undefined ? { templateFile: values.template } : {}),
      ...(values.stage !== undefined ? { stage: values.stage } : {}),
      ...(values.region !== undefined ? { region: values.region } : {}),
      params: parseParams(values.param ?? []),
      environment: appEnvironment(),
      httpPort: parseHttpPort(values['http-port']),
      watch: !(values['no-watch'] ?? false),
      onward: options,
      write: (line) => process.stdout.write(`${line}\n`),
      colour: process.stdout.isTTY === true,
      stopped: stopSignal(),
    });
    return 0;
  }
  const onward = await startOnward(options, {
    functionOutput: (line) => process.stdout.write(`${line}\n`),
    colour: process.stdout.isTTY === true,
  });
  const clock = options.clockMode === 'scaled' ? `scaled x${options.timeScale}` : options.clockMode;
  process.stdout.write(`Onward ${ONWARD_VERSION} on ${onward.url} (data: ${onward.store.location}, clock: ${clock})\nReady.\n`);

  await stopSignal();
  await onward.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof PortInUseError ||
      error instanceof StoreUnavailableError ||
      error instanceof LogsCommandError ||
      error instanceof InvocationsCommandError ||
      error instanceof OutboxCommandError ||
      error instanceof UpCommandError
    ) {
      process.stderr.write(`onward: ${error.message}\n`);
    } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`onward: ${(error as Error).message}\n\n${HELP}`);
    } else {
      process.stderr.write(`onward: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  },
);
