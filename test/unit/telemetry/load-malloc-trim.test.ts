import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadMallocTrim } from '../../../src/telemetry/load-malloc-trim';

const trimModule = path.resolve(__dirname, '../../../src/telemetry/load-malloc-trim.ts');

describe('loadMallocTrim', () => {
  it("is glibc's malloc_trim on this Linux machine", () => {
    expect(process.platform).toBe('linux');
    expect(typeof loadMallocTrim()).toBe('function');
  });

  it('is none off Linux, without koffi, or on a libc without libc.so.6 (musl), and never throws', () => {
    let loaded = 0;
    const koffi = () => {
      loaded++;
      return jest.requireActual<typeof import('koffi')>('koffi');
    };
    expect(loadMallocTrim(koffi, 'darwin')).toBeUndefined();
    expect(loaded).toBe(0);
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'koffi'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(loadMallocTrim(missing)).toBeUndefined();
    const musl = () => ({ load: () => { throw new Error('Failed to load shared library: libc.so.6: cannot open shared object file'); } });
    expect(loadMallocTrim(musl)).toBeUndefined();
    expect(typeof loadMallocTrim(koffi)).toBe('function');
    expect(loaded).toBe(1);
  });

  it('hands freed malloc memory back that a collection alone leaves resident', () => {
    // 64 MiB of 64 KiB buffers (under glibc's mmap threshold: they live in its arena), each followed by a small
    // buffer kept alive, so the arena's top never becomes free and glibc's own trim has nothing to take.
    const script = `
      const rss = () => process.memoryUsage.rss() / 1048576;
      const dropped = [], kept = [];
      for (let i = 0; i < 1000; i++) { dropped.push(Buffer.allocUnsafeSlow(65536).fill(1)); kept.push(Buffer.allocUnsafeSlow(512).fill(2)); }
      const grown = rss();
      dropped.length = 0; gc(); gc();
      const collected = rss();
      const trimmed = require(${JSON.stringify(trimModule)}).loadMallocTrim()();
      console.log(JSON.stringify({ grown, collected, trimmed, after: rss(), kept: kept.length }));`;
    const child = spawnSync(process.execPath, ['--expose-gc', '-r', '@swc-node/register', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    const r = JSON.parse(child.stdout) as { grown: number; collected: number; trimmed: boolean; after: number };
    expect(r.collected).toBeGreaterThan(r.grown - 16);
    expect(r.trimmed).toBe(true);
    expect(r.after).toBeLessThan(r.collected - 40);
  });
});
