/** Stored records -> the JSON shapes Lambda answers with (FunctionConfiguration, AliasConfiguration). Pure. */
import { createHash } from 'node:crypto';
import type { AliasRecord, FunctionRecord, VersionConfig } from '../../store/lambda-store.ts';
import { functionArn } from './arn.ts';

/** AWS's LastModified: ISO 8601 with milliseconds and a `+0000` offset, e.g. `2026-11-22T15:04:05.123+0000`. */
export function formatLastModified(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A stable stand-in for the runtime version AWS reports (the hash of the runtime's name). */
export function runtimeVersionArn(region: string, runtime: string): string {
  return `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(runtime).digest('hex')}`;
}

export interface ConfigurationView {
  fn: FunctionRecord;
  config: VersionConfig;
  /** `$LATEST` or the version number. */
  version: string;
  /** What FunctionArn is qualified with (the version, alias or `$LATEST` the caller named), if anything. */
  arnQualifier?: string | undefined;
  /** ListFunctions and ListVersionsByFunction leave out State, LastUpdateStatus and RuntimeVersionConfig. */
  listing?: boolean;
}

/** FunctionConfiguration in the member order of the Lambda model. */
export function functionConfiguration(view: ConfigurationView): Record<string, unknown> {
  const { fn, config } = view;
  const out: Record<string, unknown> = {
    FunctionName: fn.name,
    FunctionArn: functionArn(fn.region, fn.accountId, fn.name, view.arnQualifier),
    Runtime: config.runtime,
    Role: config.role,
  };
  if (config.handler !== null) out.Handler = config.handler;
  out.CodeSize = config.code.sizeBytes;
  out.Description = config.description;
  out.Timeout = config.timeoutSeconds;
  out.MemorySize = config.memorySizeMb;
  out.LastModified = formatLastModified(config.lastModifiedMs);
  out.CodeSha256 = config.code.sha256;
  out.Version = view.version;
  if (config.deadLetterTargetArn !== null) out.DeadLetterConfig = { TargetArn: config.deadLetterTargetArn };
  if (config.environment !== null) out.Environment = { Variables: { ...config.environment } };
  out.TracingConfig = { Mode: 'PassThrough' };
  out.RevisionId = config.revisionId;
  if (!view.listing) {
    out.State = 'Active';
    out.LastUpdateStatus = 'Successful';
  }
  out.PackageType = 'Zip';
  out.Architectures = ['x86_64'];
  out.EphemeralStorage = { Size: 512 };
  out.SnapStart = { ApplyOn: 'None', OptimizationStatus: 'Off' };
  if (!view.listing) out.RuntimeVersionConfig = { RuntimeVersionArn: runtimeVersionArn(fn.region, config.runtime) };
  out.LoggingConfig = { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` };
  return out;
}

export function aliasConfiguration(fn: FunctionRecord, alias: AliasRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AliasArn: functionArn(fn.region, fn.accountId, fn.name, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
  };
  if (alias.routingConfig !== null) out.RoutingConfig = { AdditionalVersionWeights: { ...alias.routingConfig } };
  out.RevisionId = alias.revisionId;
  return out;
}

/** The configuration members that make two versions the same function (PublishVersion reuses an equal one). */
export function sameCodeAndConfiguration(a: VersionConfig, b: VersionConfig): boolean {
  const essence = (c: VersionConfig) =>
    JSON.stringify([
      c.code.kind,
      c.code.dir,
      c.code.sha256,
      c.runtime,
      c.handler,
      c.role,
      c.timeoutSeconds,
      c.memorySizeMb,
      c.environment === null ? null : Object.entries(c.environment).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
      c.deadLetterTargetArn,
    ]);
  return essence(a) === essence(b);
}
