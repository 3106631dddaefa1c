/**
 * Applies an app description to a running Onward: creates what is new, changes what changed, removes
 * what the app no longer has, and leaves the rest alone (a warm function stays warm). What was applied is
 * kept in `<dataDir>/apps/<app>/state.json`, written after every resource, so a restart or a crash
 * mid-apply resumes from what really exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppDescription, FunctionSpec, Origin } from '../app-description.ts';
import { codeStamp, packageFunction } from './function-package.ts';
import { putResource, removeResource, resourceExists, type ApplyContext } from './resource-operations.ts';
import { planResources, plannedResources, type AppliedResource } from './resource-plan.ts';
import type { ServiceCall } from './service-call.ts';

export interface ApplyFailure {
  key: string;
  origin?: Origin;
  message: string;
}

export interface ApplyReport {
  created: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
  failed: ApplyFailure[];
  notes: string[];
}

interface AppState {
  version: 1;
  resources: Record<string, AppliedResource>;
}

export function appStateFile(dataDir: string, appName: string): string {
  return path.resolve(dataDir, 'apps', encodeURIComponent(appName), 'state.json');
}

function readState(file: string): AppState {
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as AppState;
    if (state.version === 1 && state.resources) return state;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { version: 1, resources: {} };
}

/** Written to a temporary file and renamed: a crash leaves the old state or the new one, never half. */
function writeState(file: string, state: AppState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, file);
}

export interface ApplyOptions {
  call: ServiceCall;
  dataDir: string;
  /**
   * Check that each unchanged resource still exists and create it again if not (it may have been deleted
   * by hand while Onward was down): `onward up` does this on its first apply.
   */
  verify?: boolean;
}

export async function applyApp(app: AppDescription, options: ApplyOptions): Promise<ApplyReport> {
  const stateFile = appStateFile(options.dataDir, app.name);
  const state = readState(stateFile);
  const desired = plannedResources(app);
  const stamps: Record<string, string> = {};
  for (const resource of desired) {
    if (resource.kind === 'function') stamps[resource.key] = codeStamp(resource.spec as FunctionSpec);
  }
  const plan = planResources(desired, state.resources, stamps);
  const context: ApplyContext = { call: options.call, dataDir: options.dataDir, appName: app.name, accountId: app.accountId };
  if (options.verify) {
    const missing: AppliedResource[] = [];
    for (const applied of plan.unchanged) if (!(await resourceExists(context, applied))) missing.push(applied);
    for (const applied of missing) {
      plan.unchanged.splice(plan.unchanged.indexOf(applied), 1);
      plan.apply.push({ resource: applied.resource, fingerprint: applied.fingerprint });
    }
    // Re-created resources keep their place in the creation order.
    plan.apply.sort(
      (a, b) => desired.findIndex((r) => r.key === a.resource.key) - desired.findIndex((r) => r.key === b.resource.key),
    );
  }
  const report: ApplyReport = { created: [], updated: [], removed: [], unchanged: 0, failed: [], notes: [] };

  for (const applied of plan.remove) {
    try {
      await removeResource(context, applied);
      delete state.resources[applied.resource.key];
      writeState(stateFile, state);
      report.removed.push(applied.resource.key);
    } catch (error) {
      report.failed.push({ key: applied.resource.key, message: (error as Error).message });
    }
  }
  // A TypeScript handler's sources can change without its spec changing: bundle again (unchanged output
  // is not rewritten, so the function stays warm).
  for (const applied of plan.unchanged) {
    if (applied.resource.kind !== 'function') continue;
    const spec = desired.find((resource) => resource.key === applied.resource.key)!.spec as FunctionSpec;
    if (spec.code.kind !== 'directory' || !spec.code.bundle) continue;
    try {
      await packageFunction(spec, options.dataDir, app.name);
    } catch (error) {
      report.failed.push({ key: applied.resource.key, origin: spec.origin, message: (error as Error).message });
    }
  }
  for (const { resource, fingerprint, previous } of plan.apply) {
    try {
      const result = await putResource(context, resource, previous);
      state.resources[resource.key] = {
        resource,
        fingerprint,
        ...(result.physicalId !== undefined ? { physicalId: result.physicalId } : {}),
      };
      writeState(stateFile, state);
      (previous ? report.updated : report.created).push(resource.key);
      report.notes.push(...result.notes);
    } catch (error) {
      // Forgotten, so the next apply tries it again from scratch.
      if (previous) {
        state.resources[resource.key] = { ...previous, fingerprint: `failed:${previous.fingerprint}` };
        writeState(stateFile, state);
      }
      const origin = 'origin' in resource.spec ? resource.spec.origin : undefined;
      report.failed.push({ key: resource.key, ...(origin ? { origin } : {}), message: (error as Error).message });
    }
  }
  report.unchanged = plan.unchanged.length;
  return report;
}
