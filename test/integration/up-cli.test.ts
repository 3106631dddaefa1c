/** `onward up` as a user meets it when something is wrong: a folder with no app, an app that does not load. */
import { describe, expect, it } from 'vitest';
import { makeDataDir } from '../helpers/onward.ts';
import { runOnward } from '../helpers/process.ts';
import { tempApp } from '../helpers/temp-app.ts';

describe('onward up refuses what it cannot run, and says why', { timeout: 60_000 }, () => {
  it('explains what it looked for in a folder that holds no app', async () => {
    const dir = tempApp({ 'README.md': '# not an app\n' });
    const result = await runOnward(['up', dir, '--port', '0', '--data-dir', makeDataDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `onward: ${dir}: holds no app. Onward looked for serverless.yml, serverless.yaml, template.yaml, template.yml, template.json and a cdk.out folder`,
    );
    expect(result.stdout).not.toContain('Ready.');
  });

  it('names the file and the path of what breaks the app, before starting anything', async () => {
    const dir = tempApp({
      'serverless.yml':
        'service: s\nprovider: { name: aws }\nfunctions:\n  a:\n    handler: a.handler\n    destinations: { onSuccess: helo }\n',
    });
    const result = await runOnward(['up', dir, '--port', '0', '--data-dir', makeDataDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'onward: serverless.yml: functions.a.destinations.onSuccess: "helo" is neither a function of this service (a) nor an ARN\n',
    );
  });

  it('rejects a malformed --param', async () => {
    const result = await runOnward(['up', tempApp({}), '--param', 'novalue']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('onward: Invalid --param "novalue": use KEY=VALUE.\n');
  });
});
