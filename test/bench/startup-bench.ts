/**
 * Start-up benchmark (issue 15, target 7): spawn → first 200 from /readyz of the built server, with no
 * playbooks and with BENCH_STARTUP_PLAYBOOKS (100) generated ones, each start on a fresh data directory.
 *
 *   npm run build && npm run bench:startup
 *   (bench:startup = node -r @swc-node/register test/bench/startup-bench.ts)
 *
 * Only start-up is measured (no history, no load): the history benchmark measures it too, but only after
 * seeding for minutes. The two cases alternate, BENCH_STARTUP_TIMES (5) starts each, so a busy moment of a
 * shared machine falls on both; the medians are reported. Runs the built CLI (dist/src/cli.js, or
 * BENCH_MENDBOT_CLI) as start-quiet-mendbot.ts does: LOG_LEVEL=warn, 127.0.0.1, a free port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { intEnv } from './int-env';
import { log } from './intake/log';
import { timePlaybookStartup, writePlaybooks } from './history/playbook-startup';
import { lowerMedian } from './lower-median';

const playbookCount = intEnv('BENCH_STARTUP_PLAYBOOKS', 100);
const times = intEnv('BENCH_STARTUP_TIMES', 5);
const targetMs = 1000; // 7: start-up with 100 playbooks < 1 s to /readyz

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-bench-startup-'));
  const none = path.join(work, 'no-playbooks');
  const many = path.join(work, 'playbooks');
  fs.mkdirSync(none);
  writePlaybooks(many, playbookCount);
  try {
    const empty: number[] = [];
    const full: number[] = [];
    let loaded = 0;
    for (let i = 0; i < times; i++) {
      log(`start-up ${i + 1}/${times}: no playbooks, then ${playbookCount}`);
      empty.push(...(await timePlaybookStartup(none, 1)).startupsMs);
      const withPlaybooks = await timePlaybookStartup(many, 1);
      full.push(...withPlaybooks.startupsMs);
      loaded = withPlaybooks.loaded;
    }
    const emptyMs = lowerMedian(empty);
    const fullMs = lowerMedian(full);
    const met = fullMs < targetMs && loaded === playbookCount;
    console.log(`\nStart-up benchmark: spawn → 200 from /readyz, fresh data directory each start, medians of ${times}\n`);
    console.log('| target | measured | goal | met |\n|---|---|---|---|');
    console.log(`| start-up to /readyz, no playbooks (${empty.join(', ')} ms) | ${emptyMs} ms | | |`);
    console.log(`| start-up to /readyz with ${loaded} of ${playbookCount} playbooks loaded (${full.join(', ')} ms) | ${fullMs} ms | < ${targetMs} ms | ${met ? 'met' : '**not met**'} |`);
    console.log(`\nthe playbooks cost ${fullMs - emptyMs} ms of it (${Math.round((fullMs - emptyMs) / playbookCount * 10) / 10} ms each)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
