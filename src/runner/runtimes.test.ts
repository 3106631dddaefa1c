import { describe, expect, it } from 'vitest';
import { onwardNodeModulesDirs } from './package-paths.ts';
import { launchPlan, nodeMemoryArgs, runtimeFamily, SUPPORTED_RUNTIMES } from './runtimes.ts';

describe('runtimes', () => {
  it('lists the supported runtime ids by family', () => {
    expect(SUPPORTED_RUNTIMES).toEqual([
      'nodejs18.x',
      'nodejs20.x',
      'nodejs22.x',
      'nodejs24.x',
      'python3.9',
      'python3.10',
      'python3.11',
      'python3.12',
      'python3.13',
      'provided',
      'provided.al2',
      'provided.al2023',
    ]);
    expect(['nodejs20.x', 'python3.9', 'provided.al2', 'java21', 'nodejs16.x'].map(runtimeFamily)).toEqual([
      'node',
      'python',
      'provided',
      undefined,
      undefined,
    ]);
  });

  it('derives V8 heap limits from the memory size unless NODE_OPTIONS sets them', () => {
    expect(nodeMemoryArgs(128)).toEqual(['--max-semi-space-size=6', '--max-old-space-size=116']);
    expect(nodeMemoryArgs(1769)).toEqual(['--max-semi-space-size=88', '--max-old-space-size=1593']);
    expect(nodeMemoryArgs(128, '--enable-source-maps --max-old-space-size=64')).toEqual([]);
  });

  it('launches provided runtimes as <codeDir>/bootstrap with no arguments', () => {
    expect(launchPlan({ family: 'provided', interpreter: '', codeDir: '/code', memorySizeMb: 128 })).toMatchObject({
      command: '/code/bootstrap',
      args: [],
    });
    const node = launchPlan({ family: 'node', interpreter: '/usr/bin/node', codeDir: '/code', memorySizeMb: 128 });
    expect(node.command).toBe('/usr/bin/node');
    expect(node.args.slice(0, 5)).toEqual([
      '--expose-gc',
      '--max-http-header-size',
      '81920',
      '--max-semi-space-size=6',
      '--max-old-space-size=116',
    ]);
    expect(node.args.at(-1)).toMatch(/runtimes\/node\/bootstrap\.mjs$/);
  });

  it('finds Onward’s node_modules, and the one it is installed in', () => {
    expect(onwardNodeModulesDirs('/srv/onward')).toEqual(['/srv/onward/node_modules']);
    expect(onwardNodeModulesDirs('/app/node_modules/onward/')).toEqual([
      '/app/node_modules/onward/node_modules',
      '/app/node_modules',
    ]);
    expect(onwardNodeModulesDirs('/app/node_modules/@scope/onward')).toEqual([
      '/app/node_modules/@scope/onward/node_modules',
      '/app/node_modules',
    ]);
  });
});
