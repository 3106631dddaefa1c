import path from 'node:path';
import type Database from 'better-sqlite3';
import type {
  AccountUsage,
  AliasRecord,
  CodeKind,
  EventInvokeConfigRecord,
  EventInvokeConfigWrite,
  FunctionKey,
  FunctionRecord,
  LambdaStore,
  NewFunction,
  VersionConfig,
  VersionRecord,
} from '../lambda-store.ts';
import type { SqliteDatabase } from './database.ts';

/** `$LATEST` is the row with version number 0; published versions are 1, 2, ... */
const LATEST_NUMBER = 0;

interface FunctionRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  reserved_concurrency: number | null;
  tags: string;
  last_version_number: number;
  created_at_ms: number;
}

interface VersionRow {
  function_id: number;
  version_number: number;
  runtime: string;
  handler: string | null;
  role: string;
  description: string;
  timeout_seconds: number;
  memory_size_mb: number;
  environment: string | null;
  dead_letter_target_arn: string | null;
  code_kind: CodeKind;
  code_dir: string;
  code_sha256: string;
  code_size_bytes: number;
  revision_id: string;
  last_modified_ms: number;
}

interface AliasRow {
  function_id: number;
  name: string;
  function_version: string;
  description: string;
  routing_config: string | null;
  revision_id: string;
}

interface EventInvokeConfigRow {
  function_id: number;
  qualifier: string;
  maximum_retry_attempts: number | null;
  maximum_event_age_seconds: number | null;
  on_success_destination: string | null;
  on_failure_destination: string | null;
  last_modified_ms: number;
}

/** A config row with the key of its function, which its ARN is made of. */
interface EventInvokeConfigJoinedRow extends EventInvokeConfigRow {
  account_id: string;
  region: string;
  name: string;
}

function unqualifiedFunctionArn(region: string, accountId: string, name: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>` (unqualified only). */
const UNQUALIFIED_FUNCTION_ARN = /^arn:[a-z-]+:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)$/;

function toEventInvokeConfig(row: EventInvokeConfigJoinedRow): EventInvokeConfigRecord {
  const record: EventInvokeConfigRecord = {
    functionArn: unqualifiedFunctionArn(row.region, row.account_id, row.name),
    qualifier: row.qualifier,
    lastModifiedMs: row.last_modified_ms,
  };
  if (row.maximum_retry_attempts !== null) record.maximumRetryAttempts = row.maximum_retry_attempts;
  if (row.maximum_event_age_seconds !== null) record.maximumEventAgeInSeconds = row.maximum_event_age_seconds;
  if (row.on_success_destination !== null) record.onSuccessDestination = row.on_success_destination;
  if (row.on_failure_destination !== null) record.onFailureDestination = row.on_failure_destination;
  return record;
}

function eventInvokeConfigRow(functionId: number, config: EventInvokeConfigWrite): EventInvokeConfigRow {
  return {
    function_id: functionId,
    qualifier: config.qualifier,
    maximum_retry_attempts: config.maximumRetryAttempts ?? null,
    maximum_event_age_seconds: config.maximumEventAgeInSeconds ?? null,
    on_success_destination: config.onSuccessDestination ?? null,
    on_failure_destination: config.onFailureDestination ?? null,
    last_modified_ms: config.lastModifiedMs,
  };
}

const EVENT_INVOKE_CONFIG_SELECT = `SELECT c.*, f.account_id, f.region, f.name
  FROM lambda_event_invoke_configs c JOIN lambda_functions f ON f.id = c.function_id`;

function toConfig(row: VersionRow, dataDir: string): VersionConfig {
  return {
    runtime: row.runtime,
    handler: row.handler,
    role: row.role,
    description: row.description,
    timeoutSeconds: row.timeout_seconds,
    memorySizeMb: row.memory_size_mb,
    environment: row.environment === null ? null : Object.freeze(JSON.parse(row.environment) as Record<string, string>),
    deadLetterTargetArn: row.dead_letter_target_arn,
    code: {
      kind: row.code_kind,
      dir: path.resolve(dataDir, row.code_dir),
      sha256: row.code_sha256,
      sizeBytes: row.code_size_bytes,
    },
    revisionId: row.revision_id,
    lastModifiedMs: row.last_modified_ms,
  };
}

/** Code inside the data directory is stored relative to it. */
function storedCodeDir(dir: string, dataDir: string): string {
  const relative = path.relative(dataDir, dir);
  return relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

function versionRow(functionId: number, versionNumber: number, config: VersionConfig, dataDir: string): VersionRow {
  return {
    function_id: functionId,
    version_number: versionNumber,
    runtime: config.runtime,
    handler: config.handler,
    role: config.role,
    description: config.description,
    timeout_seconds: config.timeoutSeconds,
    memory_size_mb: config.memorySizeMb,
    environment: config.environment === null ? null : JSON.stringify(config.environment),
    dead_letter_target_arn: config.deadLetterTargetArn,
    code_kind: config.code.kind,
    code_dir: storedCodeDir(config.code.dir, dataDir),
    code_sha256: config.code.sha256,
    code_size_bytes: config.code.sizeBytes,
    revision_id: config.revisionId,
    last_modified_ms: config.lastModifiedMs,
  };
}

function toFunction(row: FunctionRow, latest: VersionRow, dataDir: string): FunctionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    reservedConcurrency: row.reserved_concurrency,
    tags: Object.freeze(JSON.parse(row.tags) as Record<string, string>),
    lastVersionNumber: row.last_version_number,
    createdAtMs: row.created_at_ms,
    latest: toConfig(latest, dataDir),
  };
}

function toAlias(row: AliasRow): AliasRecord {
  return {
    functionId: row.function_id,
    name: row.name,
    functionVersion: row.function_version,
    description: row.description,
    routingConfig: row.routing_config === null ? null : (JSON.parse(row.routing_config) as Record<string, number>),
    revisionId: row.revision_id,
  };
}

function aliasRow(alias: AliasRecord): AliasRow {
  return {
    function_id: alias.functionId,
    name: alias.name,
    function_version: alias.functionVersion,
    description: alias.description,
    routing_config: alias.routingConfig === null ? null : JSON.stringify(alias.routingConfig),
    revision_id: alias.revisionId,
  };
}

const VERSION_COLUMNS = `function_id, version_number, runtime, handler, role, description, timeout_seconds, memory_size_mb,
  environment, dead_letter_target_arn, code_kind, code_dir, code_sha256, code_size_bytes, revision_id, last_modified_ms`;
const VERSION_VALUES = `@function_id, @version_number, @runtime, @handler, @role, @description, @timeout_seconds, @memory_size_mb,
  @environment, @dead_letter_target_arn, @code_kind, @code_dir, @code_sha256, @code_size_bytes, @revision_id, @last_modified_ms`;

/** Far more functions, versions and aliases than one Onward serves; past it, the cache starts over. */
const MAX_CACHED_READS = 10_000;

/** Freezes a cached record and what it holds, so that no caller can change what the next one is given. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class SqliteLambdaStore implements LambdaStore {
  readonly #database: SqliteDatabase;
  /** Absolute directory of the database file, which relative code directories are relative to. */
  readonly #dataDir: string;
  readonly #statements;
  /**
   * Reads of the invoke path (function, version, alias, EventInvokeConfig), kept until this store writes
   * anything: every Lambda write goes through it, so an entry is never stale. A missing entry is
   * cached too (an unknown function is looked up again only after a write).
   */
  readonly #cache = new Map<string, unknown>();

  constructor(database: SqliteDatabase) {
    this.#database = database;
    this.#dataDir = path.dirname(database.file);
    // A turn whose commit failed is undone: what it cached may describe rows that are gone.
    database.onRollback(() => this.#cache.clear());
    const db: Database.Database = database.db;
    this.#statements = {
      insertFunction: db.prepare(
        `INSERT INTO lambda_functions (account_id, region, name, reserved_concurrency, tags, last_version_number, created_at_ms)
         VALUES (@account_id, @region, @name, NULL, @tags, 0, @created_at_ms)
         ON CONFLICT (account_id, region, name) DO NOTHING`,
      ),
      functionByKey: db.prepare<[string, string, string], FunctionRow>(
        'SELECT * FROM lambda_functions WHERE account_id = ? AND region = ? AND name = ?',
      ),
      functionById: db.prepare<[number], FunctionRow>('SELECT * FROM lambda_functions WHERE id = ?'),
      functionsOf: db.prepare<[string, string], FunctionRow>(
        'SELECT * FROM lambda_functions WHERE account_id = ? AND region = ? ORDER BY name',
      ),
      insertVersion: db.prepare(`INSERT INTO lambda_versions (${VERSION_COLUMNS}) VALUES (${VERSION_VALUES})`),
      replaceVersion: db.prepare(`INSERT OR REPLACE INTO lambda_versions (${VERSION_COLUMNS}) VALUES (${VERSION_VALUES})`),
      version: db.prepare<[number, number], VersionRow>(
        'SELECT * FROM lambda_versions WHERE function_id = ? AND version_number = ?',
      ),
      publishedVersions: db.prepare<[number], VersionRow>(
        'SELECT * FROM lambda_versions WHERE function_id = ? AND version_number > 0 ORDER BY version_number',
      ),
      setLatestRevision: db.prepare('UPDATE lambda_versions SET revision_id = ? WHERE function_id = ? AND version_number = 0'),
      bumpVersionNumber: db.prepare<[number], { last_version_number: number }>(
        'UPDATE lambda_functions SET last_version_number = last_version_number + 1 WHERE id = ? RETURNING last_version_number',
      ),
      deleteVersion: db.prepare('DELETE FROM lambda_versions WHERE function_id = ? AND version_number = ?'),
      deleteFunction: db.prepare('DELETE FROM lambda_functions WHERE id = ?'),
      setReservedConcurrency: db.prepare('UPDATE lambda_functions SET reserved_concurrency = ? WHERE id = ?'),
      setTags: db.prepare('UPDATE lambda_functions SET tags = ? WHERE id = ?'),
      alias: db.prepare<[number, string], AliasRow>('SELECT * FROM lambda_aliases WHERE function_id = ? AND name = ?'),
      aliasesOf: db.prepare<[number], AliasRow>('SELECT * FROM lambda_aliases WHERE function_id = ? ORDER BY name'),
      insertAlias: db.prepare(
        `INSERT INTO lambda_aliases (function_id, name, function_version, description, routing_config, revision_id)
         VALUES (@function_id, @name, @function_version, @description, @routing_config, @revision_id)
         ON CONFLICT (function_id, name) DO NOTHING`,
      ),
      updateAlias: db.prepare(
        `UPDATE lambda_aliases SET function_version = @function_version, description = @description,
           routing_config = @routing_config, revision_id = @revision_id WHERE function_id = @function_id AND name = @name`,
      ),
      deleteAlias: db.prepare('DELETE FROM lambda_aliases WHERE function_id = ? AND name = ?'),
      functionUsage: db.prepare<[string, string], { function_count: number; reserved: number | null }>(
        `SELECT count(*) AS function_count, sum(reserved_concurrency) AS reserved
         FROM lambda_functions WHERE account_id = ? AND region = ?`,
      ),
      codeUsage: db.prepare<[string, string], { code_size: number | null }>(
        `SELECT sum(v.code_size_bytes) AS code_size FROM lambda_versions v JOIN lambda_functions f ON f.id = v.function_id
         WHERE f.account_id = ? AND f.region = ?`,
      ),
      eventInvokeConfigByArn: db.prepare<[string, string, string, string], EventInvokeConfigJoinedRow>(
        `${EVENT_INVOKE_CONFIG_SELECT} WHERE f.account_id = ? AND f.region = ? AND f.name = ? AND c.qualifier = ?`,
      ),
      eventInvokeConfigsOf: db.prepare<[number], EventInvokeConfigJoinedRow>(
        `${EVENT_INVOKE_CONFIG_SELECT} WHERE c.function_id = ? ORDER BY c.qualifier`,
      ),
      replaceEventInvokeConfig: db.prepare(
        `INSERT OR REPLACE INTO lambda_event_invoke_configs (function_id, qualifier, maximum_retry_attempts,
           maximum_event_age_seconds, on_success_destination, on_failure_destination, last_modified_ms)
         VALUES (@function_id, @qualifier, @maximum_retry_attempts, @maximum_event_age_seconds, @on_success_destination,
           @on_failure_destination, @last_modified_ms)`,
      ),
      deleteEventInvokeConfig: db.prepare('DELETE FROM lambda_event_invoke_configs WHERE function_id = ? AND qualifier = ?'),
      codeDirs: db.prepare<[], { code_dir: string }>(`SELECT DISTINCT code_dir FROM lambda_versions WHERE code_kind = 'zip'`),
    };
  }

  #withLatest(row: FunctionRow | undefined): FunctionRecord | undefined {
    if (!row) return undefined;
    const latest = this.#statements.version.get(row.id, LATEST_NUMBER);
    return latest && toFunction(row, latest, this.#dataDir);
  }

  #cached<T>(key: string, load: () => T): T {
    if (this.#cache.has(key)) return this.#cache.get(key) as T;
    // Misses are kept too, so names nobody created must not grow it without end.
    if (this.#cache.size >= MAX_CACHED_READS) this.#cache.clear();
    const value = deepFreeze(load());
    this.#cache.set(key, value);
    return value;
  }

  /** Every write runs through here: the cache is emptied in the same turn as the rows change. */
  #write<T>(work: () => T): Promise<T> {
    this.#cache.clear();
    return this.#database.write(work);
  }

  getFunction(key: FunctionKey): FunctionRecord | undefined {
    return this.#cached(`f\0${key.accountId}\0${key.region}\0${key.name}`, () =>
      this.#withLatest(this.#statements.functionByKey.get(key.accountId, key.region, key.name)),
    );
  }

  listFunctions(accountId: string, region: string): FunctionRecord[] {
    return this.#statements.functionsOf
      .all(accountId, region)
      .map((row) => this.#withLatest(row))
      .filter((fn): fn is FunctionRecord => fn !== undefined);
  }

  createFunction(fn: NewFunction): Promise<FunctionRecord | undefined> {
    return this.#write(() => {
      const info = this.#statements.insertFunction.run({
        account_id: fn.accountId,
        region: fn.region,
        name: fn.name,
        tags: JSON.stringify(fn.tags),
        created_at_ms: fn.createdAtMs,
      });
      if (info.changes === 0) return undefined;
      const id = Number(info.lastInsertRowid);
      this.#statements.insertVersion.run(versionRow(id, LATEST_NUMBER, fn.latest, this.#dataDir));
      if (fn.firstVersion) this.#insertNextVersion(id, fn.firstVersion);
      return this.#withLatest(this.#statements.functionById.get(id));
    });
  }

  updateLatest(functionId: number, latest: VersionConfig, publish?: VersionConfig): Promise<VersionRecord | undefined> {
    return this.#write(() => {
      this.#statements.replaceVersion.run(versionRow(functionId, LATEST_NUMBER, latest, this.#dataDir));
      return publish && this.#insertNextVersion(functionId, publish);
    });
  }

  publishVersion(functionId: number, config: VersionConfig, latestRevisionId: string): Promise<VersionRecord> {
    return this.#write(() => {
      const version = this.#insertNextVersion(functionId, config);
      this.#statements.setLatestRevision.run(latestRevisionId, functionId);
      return version;
    });
  }

  #insertNextVersion(functionId: number, config: VersionConfig): VersionRecord {
    const bumped = this.#statements.bumpVersionNumber.get(functionId);
    if (!bumped) throw new Error(`No Lambda function with id ${functionId}`);
    const version = bumped.last_version_number;
    this.#statements.insertVersion.run(versionRow(functionId, version, config, this.#dataDir));
    return { functionId, version, config };
  }

  getVersion(functionId: number, version: number): VersionRecord | undefined {
    if (version === LATEST_NUMBER) return undefined;
    return this.#cached(`v\0${functionId}\0${version}`, () => {
      const row = this.#statements.version.get(functionId, version);
      return row && { functionId, version, config: toConfig(row, this.#dataDir) };
    });
  }

  listVersions(functionId: number): VersionRecord[] {
    return this.#statements.publishedVersions
      .all(functionId)
      .map((row) => ({ functionId, version: row.version_number, config: toConfig(row, this.#dataDir) }));
  }

  deleteVersion(functionId: number, version: number): Promise<void> {
    if (version === LATEST_NUMBER) return Promise.reject(new Error('$LATEST is deleted with its function'));
    return this.#write(() => {
      this.#statements.deleteVersion.run(functionId, version);
      this.#statements.deleteEventInvokeConfig.run(functionId, String(version));
    });
  }

  deleteFunction(functionId: number): Promise<void> {
    // Versions, aliases and EventInvokeConfigs go with it (ON DELETE CASCADE).
    return this.#write(() => void this.#statements.deleteFunction.run(functionId));
  }

  setReservedConcurrency(functionId: number, reservedConcurrency: number | null): Promise<void> {
    return this.#write(() => void this.#statements.setReservedConcurrency.run(reservedConcurrency, functionId));
  }

  setTags(functionId: number, tags: Record<string, string>): Promise<void> {
    return this.#write(() => void this.#statements.setTags.run(JSON.stringify(tags), functionId));
  }

  getAlias(functionId: number, name: string): AliasRecord | undefined {
    return this.#cached(`a\0${functionId}\0${name}`, () => {
      const row = this.#statements.alias.get(functionId, name);
      return row && toAlias(row);
    });
  }

  listAliases(functionId: number): AliasRecord[] {
    return this.#statements.aliasesOf.all(functionId).map(toAlias);
  }

  createAlias(alias: AliasRecord): Promise<boolean> {
    return this.#write(() => this.#statements.insertAlias.run(aliasRow(alias)).changes > 0);
  }

  updateAlias(alias: AliasRecord): Promise<void> {
    return this.#write(() => void this.#statements.updateAlias.run(aliasRow(alias)));
  }

  deleteAlias(functionId: number, name: string): Promise<void> {
    return this.#write(() => {
      this.#statements.deleteAlias.run(functionId, name);
      this.#statements.deleteEventInvokeConfig.run(functionId, name);
    });
  }

  getEventInvokeConfig(functionArn: string, qualifier: string): EventInvokeConfigRecord | undefined {
    return this.#cached(`c\0${functionArn}\0${qualifier}`, () => {
      const match = UNQUALIFIED_FUNCTION_ARN.exec(functionArn);
      if (!match) return undefined;
      const row = this.#statements.eventInvokeConfigByArn.get(match[2]!, match[1]!, match[3]!, qualifier);
      return row && toEventInvokeConfig(row);
    });
  }

  listEventInvokeConfigs(functionId: number): EventInvokeConfigRecord[] {
    return this.#statements.eventInvokeConfigsOf.all(functionId).map(toEventInvokeConfig);
  }

  putEventInvokeConfig(functionId: number, config: EventInvokeConfigWrite): Promise<void> {
    return this.#write(() => void this.#statements.replaceEventInvokeConfig.run(eventInvokeConfigRow(functionId, config)));
  }

  deleteEventInvokeConfig(functionId: number, qualifier: string): Promise<boolean> {
    return this.#write(() => this.#statements.deleteEventInvokeConfig.run(functionId, qualifier).changes > 0);
  }

  accountUsage(accountId: string, region: string): AccountUsage {
    const functions = this.#statements.functionUsage.get(accountId, region);
    return {
      functionCount: functions?.function_count ?? 0,
      totalCodeSizeBytes: this.#statements.codeUsage.get(accountId, region)?.code_size ?? 0,
      reservedConcurrency: functions?.reserved ?? 0,
    };
  }

  referencedCodeDirs(): Set<string> {
    return new Set(this.#statements.codeDirs.all().map((row) => path.resolve(this.#dataDir, row.code_dir)));
  }
}
