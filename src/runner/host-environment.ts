/**
 * The few variables of Onward's own environment a function process inherits: what finding programs and
 * a home directory needs. Everything else a function sees is defined by instance-environment.ts.
 */
export type HostEnvironment = Readonly<Record<string, string | undefined>>;

export const INHERITED_VARIABLES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'TMPDIR', 'LD_LIBRARY_PATH', 'SYSTEMROOT'] as const;

export function hostEnvironment(): HostEnvironment {
  const basics: Record<string, string | undefined> = {};
  // The one read of process.env outside config/: function processes must not inherit Onward's configuration
  // (ONWARD_*, NODE_OPTIONS, credentials), only what running a program needs.
  // eslint-disable-next-line no-restricted-properties
  const env = process.env;
  for (const name of INHERITED_VARIABLES) if (env[name] !== undefined) basics[name] = env[name];
  return basics;
}
