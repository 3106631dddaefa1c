import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { findApp, loadApp } from './find-app.ts';

const SLS = 'service: s\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  f: { handler: h.handler }\n';
const TEMPLATE = 'Resources:\n  Q: { Type: AWS::SQS::Queue, Properties: { QueueName: q } }\n';
const MANIFEST = JSON.stringify({
  version: '55.0.0',
  artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } },
});

describe('finding the app in a folder', () => {
  it('prefers serverless.yml, then template.yaml|yml|json, then cdk.out', () => {
    expect(findApp(tempApp({ 'serverless.yaml': SLS }))).toMatchObject({ format: 'serverless', ignored: [] });
    expect(findApp(tempApp({ 'template.yml': TEMPLATE }))).toMatchObject({ format: 'template', ignored: [] });
    expect(findApp(tempApp({ 'template.json': '{}' }))).toMatchObject({ format: 'template' });
    const cdk = tempApp({ 'cdk.out/manifest.json': MANIFEST });
    expect(findApp(cdk)).toEqual({ format: 'cdk', dir: path.join(cdk, 'cdk.out'), ignored: [] });
    const both = tempApp({ 'serverless.yml': SLS, 'template.yaml': TEMPLATE });
    expect(findApp(both)).toMatchObject({
      format: 'serverless',
      file: path.join(both, 'serverless.yml'),
      ignored: ['template.yaml'],
    });
  });

  it('accepts the cdk.out folder itself', () => {
    const dir = tempApp({ 'manifest.json': MANIFEST, 'cdk.out': '{"version":"55.0.0"}' });
    expect(findApp(dir)).toEqual({ format: 'cdk', dir, ignored: [] });
  });

  it('-t FILE picks a template with any name', () => {
    const dir = tempApp({ 'serverless.yml': SLS, 'infra/stack.yaml': TEMPLATE });
    expect(findApp(dir, { templateFile: 'infra/stack.yaml' })).toEqual({
      format: 'template',
      file: path.join(dir, 'infra/stack.yaml'),
      ignored: [],
    });
    const app = loadApp(dir, { templateFile: 'infra/stack.yaml', stackName: 'infra' });
    expect(app.queues.map((q) => q.name)).toEqual(['q']);
    expect(app.stacks[0]!.templateFile).toBe('infra/stack.yaml');
    expect(() => findApp(dir, { templateFile: 'nope.yaml' })).toThrow('nope.yaml: template file not found');
  });

  it('explains what it looked for when the folder holds no app', () => {
    const empty = tempApp({ 'README.md': '' });
    expect(() => findApp(empty)).toThrow(
      `${empty}: holds no app. Onward looked for serverless.yml, serverless.yaml, template.yaml, template.yml, template.json and a cdk.out folder (CDK: run \`npx cdk synth\`); use -t FILE for a template with another name`,
    );
    expect(() => findApp(tempApp({ 'serverless.ts': 'export default {}' }))).toThrow(
      'serverless.ts: is not supported: Onward reads serverless.yml (YAML)',
    );
    expect(() => findApp(tempApp({ 'cdk.json': '{"app":"npx ts-node bin/app.ts"}' }))).toThrow(
      'cdk.out: not found: this is a CDK app; run `npx cdk synth`',
    );
    expect(() => findApp(path.join(empty, 'missing'))).toThrow('is not a folder');
  });

  it('loads what it found, with file paths relative to the folder and a warning for the ignored formats', () => {
    const dir = tempApp({ 'serverless.yml': SLS, 'template.yaml': TEMPLATE, 'h.js': 'exports.handler = async () => 1;' });
    mkdirSync(path.join(dir, 'cdk.out'));
    const app = loadApp(dir, { stage: 'test' });
    expect(app.functions.map((f) => f.name)).toEqual(['s-test-f']);
    expect(app.warnings).toEqual([
      {
        kind: 'unsupported-resource',
        file: 'template.yaml',
        path: '',
        message: 'ignored: this folder also holds another app format; serverless.yml was loaded',
      },
    ]);
    expect(() =>
      loadApp(
        tempApp({
          'serverless.yml':
            'service: s\nprovider: { name: aws }\nfunctions:\n  f: { handler: h.handler, events: [{ sqs: { batchSize: 1 } }] }\n',
        }),
      ),
    ).toThrow('serverless.yml: functions.f.events[0].sqs.arn: is required');
  });
});
