/**
 * Where a mendbot CPU profile's time went, by the categories the README's performance section reports:
 *
 *   node -r @swc-node/register test/bench/summarize-cpu-profile.ts <file.cpuprofile> [...]
 *
 * (profile-intake.ts calls summarizeCpuProfile on the profiles it takes.)
 * A sample is charged to its own frame's category when the frame says (pino, zod, prom-client, SQLite…),
 * else to the nearest caller that does (a native `run` called from src/store/sqlite is SQLite). Shares are
 * of the busy time (idle excluded) and of the whole profile.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const rules: Array<[string, (name: string, url: string) => boolean]> = [
  ['idle', (n) => n === '(idle)'],
  ['GC', (n) => n === '(garbage collector)'],
  ['logging (pino, redaction)', (_n, u) => /\/(pino|fast-redact|sonic-boom|pino-std-serializers)\//.test(u)],
  ['zod', (_n, u) => /\/zod\//.test(u)],
  ['metrics (prom-client)', (_n, u) => /\/prom-client\//.test(u)],
  ['JSON.parse / stringify', (n) => n === 'parse' || n === 'stringify'],
  ['zlib', (_n, u) => /zlib|deflate/.test(u)], // node:zlib, and the kept compressor driving its handle (reusable-deflate-raw)
  ['SQLite statements and rows', (_n, u) => /better-sqlite3|\/store\/sqlite\//.test(u)],
  ['fingerprinting, correlation', (_n, u) => /\/core\/alerts\/|\/integrations\/alertmanager\/|correlat/.test(u)],
  ['incident rules (core)', (_n, u) => /\/core\//.test(u)],
  ['event fan-out', (_n, u) => /\/src\/events\//.test(u)],
  ['intake and webhook route', (_n, u) => /\/src\/(intake|http)\//.test(u)],
  ['HTTP, express, body reading', (_n, u) => /\/(express|body-parser|raw-body|router|finalhandler|on-finished|iconv-lite)\/|node:_http|node:net|node:stream|_stream_/.test(u)],
];

function categorise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const cached = memo.get(id);
    if (cached) return cached;
    const { functionName, url } = byId.get(id)!.callFrame;
    let category = rules.find(([, test]) => test(functionName, url))?.[0];
    if (!category) {
      const p = parent.get(id);
      category = p === undefined || functionName === '(program)' ? 'other (program, runtime)' : categoryOf(p);
      if (category === 'idle' || category === 'GC') category = 'other (program, runtime)';
    }
    memo.set(id, category);
    return category;
  };
  const us = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const c = categoryOf(id);
    us.set(c, (us.get(c) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return us;
}

/** The breakdown of one .cpuprofile file, as printed lines. */
export function summarizeCpuProfile(file: string): string {
  const us = categorise(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
  const total = [...us.values()].reduce((a, b) => a + b, 0);
  const busy = total - (us.get('idle') ?? 0);
  const lines = [`${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy`];
  for (const [c, t] of [...us].sort((a, b) => b[1] - a[1])) {
    const ofBusy = c === 'idle' ? '' : `${((t / busy) * 100).toFixed(1)} % of busy`;
    lines.push(`  ${c.padEnd(30)} ${(t / 1e6).toFixed(2).padStart(7)} s  ${((t / total) * 100).toFixed(1).padStart(5)} %  ${ofBusy}`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) process.stdout.write(summarizeCpuProfile(file));
}
