import fs from 'node:fs';

/** Onward's version, from the package.json one level above both src/ and dist/. */
export const ONWARD_VERSION: string = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
