/**
 * `onward up [dir]`: starts Onward, loads the app in `dir` (serverless.yml, SAM/CloudFormation, cdk.out),
 * deploys it through the service operations, serves its HTTP routes, prints what runs, and redeploys
 * when its files change. Function output streams on stdout as `<function> | <line>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppDescription } from '../app/app-description.ts';
import { AppLoadError } from '../app/app-load-error.ts';
import { applyApp, type ApplyReport } from '../app/apply/apply-app.ts';
import { appSummary, deployProblems, redeployLine } from '../app/apply/app-summary.ts';
import { operationResult, type ServiceCall } from '../app/apply/service-call.ts';
import { loadApp } from '../app/find-app.ts';
import type { OnwardOptions } from '../config/options.ts';
import { startOnward } from '../runtime.ts';
import { ONWARD_VERSION } from '../version.ts';
import { startAppHttp, type AppHttp } from './up-http.ts';

export interface UpCommand {
  dir: string;
  templateFile?: string;
  stage?: string;
  /** `--region` given: the app deploys there, whatever its file says. */
  region?: string;
  params: Record<string, string>;
  /** What serverless `${env:NAME}` reads. */
  environment: Record<string, string | undefined>;
  httpPort: number;
  watch: boolean;
  onward: OnwardOptions;
  write: (line: string) => void;
  colour: boolean;
  /** Resolves when the command should stop (SIGINT/SIGTERM). */
  stopped: Promise<unknown>;
}

export class UpCommandError extends Error {
  override name = 'UpCommandError';
}

/** Files whose change is not a change of the app: Onward's own data, dependencies, VCS, editor droppings. */
const IGNORED_SEGMENTS = new Set(['node_modules', '.git', '.onward', '.serverless', '.aws-sam', '__pycache__']);
const DEBOUNCE_MS = 250;

function hostUrl(host: string, port: number): string {
  const name = ['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export async function runUpCommand(command: UpCommand): Promise<void> {
  const dir = path.resolve(command.dir);
  const load = (endpoint: string, region?: string): AppDescription => {
    try {
      return loadApp(dir, {
        ...(command.templateFile !== undefined ? { templateFile: command.templateFile } : {}),
        ...(command.stage !== undefined ? { stage: command.stage } : {}),
        ...(region !== undefined ? { region } : {}),
        params: command.params,
        env: command.environment,
        accountId: command.onward.accountId,
        endpoint,
      });
    } catch (error) {
      if (error instanceof AppLoadError) throw new UpCommandError(error.message, { cause: error });
      throw error;
    }
  };
  // Loaded once before starting, so a broken app fails fast and Onward starts in the app's region.
  const provisional = load(hostUrl(command.onward.host, command.onward.port), command.region);
  const onwardOptions: OnwardOptions = { ...command.onward, region: command.region ?? provisional.region };
  const onward = await startOnward(onwardOptions, { functionOutput: command.write, colour: command.colour });
  let http: AppHttp | undefined;
  const watchers: fs.FSWatcher[] = [];
  try {
    const region = command.region ?? provisional.region;
    const reload = () => load(onward.url, region);
    let app = onward.url === hostUrl(command.onward.host, command.onward.port) ? provisional : reload();
    const call: ServiceCall = async (service, operation, input) =>
      operationResult(await onward.call(service, operation, input, { accountId: app.accountId, region: app.region }));
    const apply = (verify = false): Promise<ApplyReport> => applyApp(app, { call, dataDir: command.onward.dataDir, verify });

    // The first deploy checks what the state says exists: something deleted by hand comes back.
    let report = await apply(true);
    if (app.httpRoutes.length)
      http = await startAppHttp(onward, app, command.httpPort, command.onward.host, command.onward.logRequests);
    const clock = onwardOptions.clockMode === 'scaled' ? `scaled x${onwardOptions.timeScale}` : onwardOptions.clockMode;
    command.write(`Onward ${ONWARD_VERSION} on ${onward.url} (data: ${onward.store.location}, clock: ${clock})`);
    for (const line of appSummary(app, report, { endpointUrl: onward.url, ...(http ? { httpUrl: http.url } : {}) }))
      command.write(line);
    command.write(command.watch ? `Ready. Watching ${dir} for changes.` : 'Ready.');

    if (command.watch) {
      let timer: NodeJS.Timeout | undefined;
      let running = Promise.resolve();
      const redeploy = () => {
        running = running.then(async () => {
          try {
            app = reload();
          } catch (error) {
            command.write(`Not redeployed: ${(error as Error).message}`);
            return;
          }
          report = await apply();
          if (app.httpRoutes.length) {
            if (http) http.setRoutes(app);
            else http = await startAppHttp(onward, app, command.httpPort, command.onward.host, command.onward.logRequests);
          } else http?.setRoutes(app);
          command.write(redeployLine(report));
          for (const line of deployProblems(app, report)) command.write(line);
        });
      };
      const changed = () => {
        clearTimeout(timer);
        timer = setTimeout(redeploy, DEBOUNCE_MS);
      };
      watchers.push(
        fs.watch(dir, { recursive: true }, (_event, file) => {
          if (!file || !isIgnored(String(file), dir, command.onward.dataDir)) changed();
        }),
      );
      // Files the app reads from outside its folder (`${file(../shared.yml)}`, a template's `-t ../x.yaml`).
      for (const file of app.sourceFiles) {
        if (!isInside(file, dir)) watchers.push(fs.watch(file, changed));
      }
      await command.stopped;
      clearTimeout(timer);
      await running;
    } else {
      await command.stopped;
    }
  } finally {
    for (const watcher of watchers) watcher.close();
    await http?.close();
    await onward.close();
  }
}

function isInside(file: string, dir: string): boolean {
  const absolute = path.resolve(file);
  return absolute === dir || absolute.startsWith(`${dir}${path.sep}`);
}

function isIgnored(relative: string, dir: string, dataDir: string): boolean {
  if (isInside(path.resolve(dir, relative), path.resolve(dataDir))) return true;
  return relative
    .split(/[\\/]/)
    .some((segment) => IGNORED_SEGMENTS.has(segment) || segment.endsWith('~') || segment.startsWith('.#'));
}
