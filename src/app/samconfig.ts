/**
 * The `default` environment of a SAM project's samconfig.toml: the stack name and parameter
 * overrides `sam deploy` would use. Only these two keys are read, with a line-based parser.
 */
export interface SamConfig {
  stackName?: string;
  parameterOverrides: Record<string, string>;
}

export function parseSamConfig(text: string): SamConfig {
  const config: SamConfig = { parameterOverrides: {} };
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    if (!section.startsWith('default.')) continue;
    const entry = /^([a-z_]+)\s*=\s*(.+)$/.exec(line);
    if (!entry) continue;
    const [, key, value] = entry;
    if (key === 'stack_name') config.stackName = unquote(value!);
    if (key === 'parameter_overrides') Object.assign(config.parameterOverrides, parseOverrides(value!));
  }
  return config;
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

/** `"A=1 B=\"two words\""` or `["A=1", "B=2"]`. */
function parseOverrides(value: string): Record<string, string> {
  const v = value.trim();
  const items = v.startsWith('[')
    ? [...v.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\"/g, '"'))
    : splitPairs(unquote(v).replace(/\\"/g, '"'));
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq > 0) out[item.slice(0, eq)] = unquote(item.slice(eq + 1));
  }
  return out;
}

function splitPairs(text: string): string[] {
  return [...text.matchAll(/[^\s=]+=(?:"[^"]*"|'[^']*'|\S*)/g)].map((m) => m[0]);
}
