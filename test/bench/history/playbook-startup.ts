import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startQuietMendbot } from '../start-quiet-mendbot';

/** `count` distinct playbooks: own matchers, two steps, auto and dry-run modes, written as `<name>.yaml`. */
export function writePlaybooks(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const name = `bench-playbook-${String(i).padStart(3, '0')}`;
    fs.writeFileSync(
      path.join(dir, `${name}.yaml`),
      `name: ${name}
description: Generated for the start-up benchmark (${i + 1} of ${count}).
match: ['alertname="BenchAlert${i}"', 'namespace=~"prod|staging"']
mode: ${i % 2 === 0 ? 'auto' : 'dry-run'}
per: alert
steps:
  - id: settle
    action: wait
    with: { duration: 1s }
  - id: settle_again
    action: wait
    with: { duration: 2s }
`,
    );
  }
}

export interface PlaybookStartup {
  /** Spawn → first 200 from /readyz, each start on a fresh data directory. */
  startupsMs: number[];
  /** Playbooks the server knows (labels of mendbot_runs_total), to show they were all loaded. */
  loaded: number;
}

/** Starts mendbot `times` times with the playbooks in `dir` and times each start to /readyz. */
export async function timePlaybookStartup(dir: string, times: number): Promise<PlaybookStartup> {
  const startupsMs: number[] = [];
  let loaded = 0;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const m = await startQuietMendbot({ name: `playbooks-${i}`, dataDirPrefix: 'mendbot-bench-playbooks-', playbooksDir: () => dir });
    startupsMs.push(Math.round(performance.now() - started));
    const text = await (await fetch(`${m.url}/metrics`)).text();
    loaded = new Set([...text.matchAll(/mendbot_runs_total\{playbook="([^"]+)"/g)].map((x) => x[1])).size;
    await m.stop(10_000);
    fs.rmSync(m.dataDir, { recursive: true, force: true });
  }
  return { startupsMs, loaded };
}
