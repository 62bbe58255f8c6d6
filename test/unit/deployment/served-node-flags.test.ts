/**
 * mendbot is served with the same Node.js flags however it is started (see test/helpers/served-node-flags.ts):
 * `npm start`, the `mendbot` bin (`npx mendbot serve`, through its shebang) and the image (checked in
 * dockerfile.test.ts). The benchmarks start it with servedNodeFlags, so what they measure is what ships.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { servedNodeFlags } from '../../helpers/served-node-flags';
import { deploymentPaths } from './deployment-paths';

const { root } = deploymentPaths;

describe('the flags mendbot is served with', () => {
  it('npm start passes them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(['node', ...servedNodeFlags, 'dist/src/cli.js', 'serve'].join(' '));
  });

  it('the bin script (the CLI entry, its shebang kept by tsc) passes them through env -S', () => {
    const firstLine = fs.readFileSync(path.join(root, 'src', 'cli.ts'), 'utf8').split('\n')[0];
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${servedNodeFlags.join(' ')}`);
  });

  it('node accepts them: a process started with them has the larger young generation', () => {
    const script = "const v8 = require('v8'); let keep = []; for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 3e5) keep = []; }" +
      " console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20);";
    const young = (flags: string[]) => Number(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }).trim());
    expect(young(servedNodeFlags)).toBeGreaterThan(young([]));
  });

  it('node accepts them: the collector is exposed, and a full collection gives a dropped heap back (what startHeapSettler relies on)', () => {
    const script =
      "const v8 = require('v8'); const used = () => v8.getHeapStatistics().used_heap_size; let keep = [];" +
      " for (let i = 0; i < 1e6; i++) keep.push({ i, s: 'x' + i }); const grown = used(); keep = null;" +
      " gc(); console.log(JSON.stringify([typeof gc, grown, used()]));";
    const [type, grown, settled] = JSON.parse(execFileSync(process.execPath, [...servedNodeFlags, '-e', script], { encoding: 'utf8' })) as [string, number, number];
    expect(type).toBe('function');
    expect(settled).toBeLessThan(grown / 4);
  });
});
