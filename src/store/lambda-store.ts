/**
 * The Lambda part of the Store port: functions, their published versions and aliases, no SQL. Code
 * directories are absolute paths; a backend may keep those inside its data directory relative to it,
 * so a moved data directory keeps working.
 */

export interface FunctionKey {
  accountId: string;
  region: string;
  name: string;
}

/** `zip`: extracted from an uploaded zip into the data dir; `directory`: a live local directory (hot reload). */
export type CodeKind = 'zip' | 'directory';

export interface CodeLocation {
  kind: CodeKind;
  /** Absolute path of the code the function runs. */
  dir: string;
  /** Base64 SHA-256 of the zip, as AWS reports CodeSha256. */
  sha256: string;
  /** Zip bytes (0 for a live directory). */
  sizeBytes: number;
}

/** The configuration of `$LATEST` or of one published version (an immutable snapshot). */
export interface VersionConfig {
  runtime: string;
  /** Absent for `provided` runtimes created without one. */
  handler: string | null;
  role: string;
  description: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  /** Null when never set; `{}` when set empty (AWS then shows `Environment: {Variables: {}}`). */
  environment: Readonly<Record<string, string>> | null;
  deadLetterTargetArn: string | null;
  code: CodeLocation;
  revisionId: string;
  lastModifiedMs: number;
}

export interface FunctionRecord extends FunctionKey {
  id: number;
  reservedConcurrency: number | null;
  tags: Readonly<Record<string, string>>;
  /** Highest version number ever published: numbers are never reused, even after deletions. */
  lastVersionNumber: number;
  createdAtMs: number;
  latest: VersionConfig;
}

export interface VersionRecord {
  functionId: number;
  /** 1, 2, ... */
  version: number;
  config: VersionConfig;
}

export interface AliasRecord {
  functionId: number;
  name: string;
  /** `$LATEST` or a version number. */
  functionVersion: string;
  description: string;
  /** AdditionalVersionWeights (version -> weight 0..1); null when no RoutingConfig was given. */
  routingConfig: Readonly<Record<string, number>> | null;
  revisionId: string;
}

export interface NewFunction extends FunctionKey {
  latest: VersionConfig;
  tags: Record<string, string>;
  createdAtMs: number;
  /** CreateFunction with Publish: version 1, written in the same transaction. */
  firstVersion?: VersionConfig;
}

export interface AccountUsage {
  functionCount: number;
  /** CodeSize of every version, `$LATEST` included, as AWS counts TotalCodeSize. */
  totalCodeSizeBytes: number;
  /** Sum of the reserved concurrency of the account's functions. */
  reservedConcurrency: number;
}

/**
 * The asynchronous-invocation settings of one qualifier of a function (PutFunctionEventInvokeConfig).
 * Unset settings are absent: AWS shows no defaults for them.
 */
export interface EventInvokeConfigRecord {
  /** Unqualified function ARN. */
  functionArn: string;
  /** `$LATEST`, a version number or an alias name. */
  qualifier: string;
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  onSuccessDestination?: string;
  onFailureDestination?: string;
  lastModifiedMs: number;
}

/** What is written for a config: the store knows the function's ARN. */
export type EventInvokeConfigWrite = Omit<EventInvokeConfigRecord, 'functionArn'>;

export interface LambdaStore {
  getFunction(key: FunctionKey): FunctionRecord | undefined;
  /** The account's functions in the region, by name. */
  listFunctions(accountId: string, region: string): FunctionRecord[];
  /** Undefined when a function of that name already exists (nothing is written). */
  createFunction(fn: NewFunction): Promise<FunctionRecord | undefined>;
  /**
   * Replaces the `$LATEST` configuration; with `publish` (UpdateFunctionCode with Publish), publishes
   * that configuration as the next version in the same transaction and resolves with it.
   */
  updateLatest(functionId: number, latest: VersionConfig, publish?: VersionConfig): Promise<VersionRecord | undefined>;
  /**
   * Publishes `config` as the next version number and gives `$LATEST` a new revision id (AWS changes it on
   * publish). Resolves with the new version.
   */
  publishVersion(functionId: number, config: VersionConfig, latestRevisionId: string): Promise<VersionRecord>;
  getVersion(functionId: number, version: number): VersionRecord | undefined;
  /** Published versions by number. */
  listVersions(functionId: number): VersionRecord[];
  /** Deletes the version and its EventInvokeConfig. */
  deleteVersion(functionId: number, version: number): Promise<void>;
  /** Deletes the function with its versions, aliases and EventInvokeConfigs. */
  deleteFunction(functionId: number): Promise<void>;
  setReservedConcurrency(functionId: number, reservedConcurrency: number | null): Promise<void>;
  setTags(functionId: number, tags: Record<string, string>): Promise<void>;

  getAlias(functionId: number, name: string): AliasRecord | undefined;
  /** Aliases by name. */
  listAliases(functionId: number): AliasRecord[];
  /** False when an alias of that name already exists (nothing is written). */
  createAlias(alias: AliasRecord): Promise<boolean>;
  updateAlias(alias: AliasRecord): Promise<void>;
  /** Deletes the alias and its EventInvokeConfig. */
  deleteAlias(functionId: number, name: string): Promise<void>;

  /**
   * The EventInvokeConfig of `qualifier` (`$LATEST`, a version number or an alias name) of the function
   * with that unqualified ARN, or undefined. Synchronous, for the async-invocation engine.
   */
  getEventInvokeConfig(functionArn: string, qualifier: string): EventInvokeConfigRecord | undefined;
  /** The function's EventInvokeConfigs, every qualifier. */
  listEventInvokeConfigs(functionId: number): EventInvokeConfigRecord[];
  /** Creates or replaces the config of `config.qualifier`. */
  putEventInvokeConfig(functionId: number, config: EventInvokeConfigWrite): Promise<void>;
  /** False when that qualifier had no config. */
  deleteEventInvokeConfig(functionId: number, qualifier: string): Promise<boolean>;

  accountUsage(accountId: string, region: string): AccountUsage;
  /** Every code directory a version still uses (unreferenced extracted code can be swept). */
  referencedCodeDirs(): Set<string>;
}
