import type { AppWarning, WarningKind } from './app-description.ts';

/**
 * Collects everything the loaders met and Onward will not run, so `onward up` can print one list
 * instead of silently dropping part of an app.
 */
export class Warnings {
  readonly list: AppWarning[] = [];

  add(kind: WarningKind, file: string, path: string, message: string): void {
    if (this.list.some((w) => w.kind === kind && w.file === file && w.path === path && w.message === message)) return;
    this.list.push({ kind, file, path, message });
  }

  /** Warns about every key of `properties` that is not in `handled`. */
  unhandledProperties(file: string, path: string, type: string, properties: object, handled: readonly string[]): void {
    for (const key of Object.keys(properties)) {
      if (!handled.includes(key))
        this.add(
          'unsupported-property',
          file,
          path ? `${path}.${key}` : key,
          `${type} property ${key} is not supported and is ignored`,
        );
    }
  }
}

/** The warning list as one message: what `onward up` prints before the summary. */
export function formatWarnings(warnings: readonly AppWarning[]): string {
  if (warnings.length === 0) return '';
  const lines = warnings.map((w) => `  - ${w.file}: ${w.path}: ${w.message}`);
  return [`${warnings.length} part(s) of this app are not supported by Onward and were skipped:`, ...lines].join('\n');
}
