/**
 * What `onward up` prints after a deploy: the app's functions with their destinations, dead-letter
 * queues and triggers; its queues, topics, buses, rules and streams; HTTP routes with their URLs; then
 * the warnings and what failed. Pure: text from the description and the apply report.
 */
import { formatRouteList } from '../../apigw/route-list.ts';
import type { AppDescription, DestinationSpec, FunctionSpec } from '../app-description.ts';
import type { ApplyReport } from './apply-app.ts';

export interface SummaryContext {
  /** Onward's AWS endpoint, e.g. `http://127.0.0.1:4566`. */
  endpointUrl: string;
  /** The HTTP listener's base URL, when the app has routes. */
  httpUrl?: string;
}

/** The resource name an ARN ends with (`arn:aws:sqs:r:a:name` -> `name`, event bus `event-bus/x` -> `x`). */
export function arnName(arn: string): string {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return arn;
  const tail = parts.slice(5).join(':');
  if (parts[2] === 'lambda') return parts.slice(6).join(':');
  return tail.slice(tail.lastIndexOf('/') + 1);
}

function serviceOf(arn: string): string {
  return arn.split(':')[2] ?? '';
}

function destination(spec: DestinationSpec): string {
  return `${spec.type === 'eventbus' ? 'events' : spec.type} ${arnName(spec.arn)}`;
}

function triggersOf(app: AppDescription, fn: FunctionSpec): string[] {
  const triggers: string[] = [];
  const targetsFunction = (arn: string) => arn === fn.arn || arn.startsWith(`${fn.arn}:`);
  for (const s of app.subscriptions)
    if (s.protocol === 'lambda' && targetsFunction(s.endpoint)) triggers.push(`sns ${arnName(s.topicArn)}`);
  for (const m of app.eventSourceMappings) {
    if (m.functionName === fn.name || targetsFunction(m.functionName))
      triggers.push(`${serviceOf(m.eventSourceArn)} ${arnName(m.eventSourceArn)}`);
  }
  for (const rule of app.rules) {
    if (!rule.targets.some((t) => targetsFunction(t.arn))) continue;
    triggers.push(rule.scheduleExpression ? `schedule ${rule.scheduleExpression}` : `rule ${rule.name}`);
  }
  for (const schedule of app.schedules) {
    if (targetsFunction(schedule.target.arn)) triggers.push(`scheduler ${schedule.scheduleExpression}`);
  }
  for (const route of app.httpRoutes) {
    if (
      route.integration.kind === 'function' &&
      (route.integration.functionName === fn.name || targetsFunction(route.integration.functionArn))
    ) {
      triggers.push(`${route.method} ${route.api === 'rest' && route.stage ? `/${route.stage}` : ''}${route.path}`);
    }
  }
  return triggers;
}

export function appSummary(app: AppDescription, report: ApplyReport, context: SummaryContext): string[] {
  const lines: string[] = [];
  const where = [app.format, app.stage !== undefined ? `stage ${app.stage}` : undefined, app.region, `account ${app.accountId}`];
  lines.push(`${app.name} (${where.filter(Boolean).join(', ')})`);
  if (app.functions.length) {
    lines.push('', 'Functions');
    for (const fn of app.functions) {
      lines.push(`  ${fn.name}  ${fn.runtime}  ${fn.handler}`);
      const triggers = triggersOf(app, fn);
      if (triggers.length) lines.push(`    triggers: ${triggers.join(', ')}`);
      for (const config of fn.asyncConfigs) {
        const qualifier = config.qualifier === '$LATEST' ? '' : ` (${config.qualifier})`;
        const parts = [
          config.onSuccess ? `on success -> ${destination(config.onSuccess)}` : undefined,
          config.onFailure ? `on failure -> ${destination(config.onFailure)}` : undefined,
          config.maximumRetryAttempts !== undefined ? `retries ${config.maximumRetryAttempts}` : undefined,
          config.maximumEventAgeSeconds !== undefined ? `max event age ${config.maximumEventAgeSeconds}s` : undefined,
        ].filter(Boolean);
        if (parts.length) lines.push(`    async${qualifier}: ${parts.join(', ')}`);
      }
      if (fn.deadLetterTargetArn)
        lines.push(`    dead-letter queue -> ${serviceOf(fn.deadLetterTargetArn)} ${arnName(fn.deadLetterTargetArn)}`);
    }
  }
  const section = (title: string, rows: string[]) => {
    if (rows.length) lines.push('', title, ...rows.map((row) => `  ${row}`));
  };
  section(
    'Queues',
    app.queues.map(
      (q) =>
        `${q.name}  ${context.endpointUrl}/${app.accountId}/${q.name}${q.redrivePolicy ? `  (DLQ ${arnName(q.redrivePolicy.deadLetterTargetArn)} after ${q.redrivePolicy.maxReceiveCount})` : ''}`,
    ),
  );
  section(
    'Topics',
    app.topics.map((t) => {
      const subscribers = app.subscriptions
        .filter((s) => s.topicArn === t.arn)
        .map((s) => `${s.protocol} ${s.protocol === 'sqs' || s.protocol === 'lambda' ? arnName(s.endpoint) : s.endpoint}`);
      return `${t.arn}${subscribers.length ? `  -> ${subscribers.join(', ')}` : ''}`;
    }),
  );
  section(
    'Event buses',
    app.eventBuses.map((b) => b.arn),
  );
  section(
    'Rules',
    app.rules.map((r) => {
      const when = r.scheduleExpression ?? (r.eventPattern !== undefined ? JSON.stringify(r.eventPattern) : '');
      const state = r.state === 'DISABLED' ? ' (disabled)' : '';
      return `${r.name}${state}  ${when}  -> ${r.targets.map((t) => `${serviceOf(t.arn)} ${arnName(t.arn)}`).join(', ')}`;
    }),
  );
  section(
    'Streams',
    app.streams.map((s) => `${s.name}  ${s.streamMode === 'ON_DEMAND' ? 'on-demand' : `${s.shardCount} shard(s)`}`),
  );
  if (app.httpRoutes.length) {
    section(
      context.httpUrl ? `HTTP routes on ${context.httpUrl}` : 'HTTP routes',
      context.httpUrl ? formatRouteList(app.httpRoutes, context.httpUrl) : app.httpRoutes.map((r) => `${r.method} ${r.path}`),
    );
  }
  const changes = [
    report.created.length ? `${report.created.length} created` : undefined,
    report.updated.length ? `${report.updated.length} updated` : undefined,
    report.removed.length ? `${report.removed.length} removed` : undefined,
    report.unchanged ? `${report.unchanged} unchanged` : undefined,
    report.failed.length ? `${report.failed.length} failed` : undefined,
  ].filter(Boolean);
  lines.push('', `Deployed: ${changes.length ? changes.join(', ') : 'nothing to do'}.`);
  lines.push(...deployProblems(app, report));
  return lines;
}

/** Warnings (what the app has that Onward does not run), notes and failures: also printed on every redeploy. */
export function deployProblems(app: AppDescription, report: ApplyReport): string[] {
  const lines: string[] = [];
  if (app.warnings.length) {
    lines.push(`Not supported by Onward, so not deployed (${app.warnings.length}):`);
    for (const w of app.warnings) lines.push(`  ${w.file}${w.path ? `: ${w.path}` : ''}: ${w.message}`);
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  for (const failure of report.failed) {
    const origin = failure.origin ? ` (${failure.origin.stack} ${failure.origin.logicalId})` : '';
    lines.push(`Failed: ${failure.key}${origin}: ${failure.message}`);
  }
  return lines;
}

/** One line per redeploy: what changed. */
export function redeployLine(report: ApplyReport): string {
  const keys = [
    ...report.created.map((k) => `+ ${k}`),
    ...report.updated.map((k) => `~ ${k}`),
    ...report.removed.map((k) => `- ${k}`),
  ];
  return keys.length ? `Redeployed: ${keys.join('; ')}` : 'Redeployed: no resource changed.';
}
