/**
 * History benchmark (issue 15, targets 6 and 7): does mendbot's cost stay flat as incidents pile up, and does
 * it start quickly with many playbooks?
 *
 *   npm run bench:history
 *   BENCH_HISTORY_INCIDENTS=1000000 npm run bench:history   (the issue's figure; seeding takes ~9 min here, 5.9 GB)
 *
 * Seeds BENCH_HISTORY_INCIDENTS (100,000) single-alert incidents through the store port (recordDelivery, the
 * Alertmanager source parsing the intake bench's ~2 KB body), checkpoints the WAL and measures the data
 * directory per incident. Then the built server (dist/src/cli.js, or BENCH_MENDBOT_CLI) is started on that
 * directory and measured: start-up to /readyz (median of BENCH_HISTORY_STARTUPS), GET /api/incidents first
 * page and a late page by cursor, /metrics (p50/p99 over BENCH_HISTORY_REQUESTS sequential requests), and
 * single-alert ingest req/s against a second server on an empty store in the same run (rounds alternate).
 * Last, BENCH_HISTORY_PLAYBOOKS (100) generated playbooks and start-up to /readyz, median of 3.
 * BENCH_HISTORY_SEED_CACHE=<dir> keeps the seeded store there and copies it instead of seeding again while the
 * code that writes it (src/, integrations/ at HEAD, nothing uncommitted) and the count are the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeCursor } from '../../src/http/page-cursor';
import { ingestRate, type IngestFigures } from './history/ingest-rate';
import { historySettings as s } from './history/history-settings';
import { timePlaybookStartup, writePlaybooks } from './history/playbook-startup';
import { cachedSeedHistory } from './history/cached-seed-history';
import { timeRequests } from './history/time-requests';
import { log } from './intake/log';
import { round } from './round';
import { startQuietMendbot, type QuietMendbot } from './start-quiet-mendbot';
import { lowerMedian } from './lower-median';

/** Starts the server on `dataDir`; resolves it with the time from spawn to a 200 from /readyz. */
async function startOn(name: string, dataDir: string, playbooksDir: string): Promise<{ m: QuietMendbot; ms: number }> {
  const started = performance.now();
  const m = await startQuietMendbot({
    name,
    dataDirPrefix: 'mendbot-bench-unused-',
    playbooksDir: () => playbooksDir,
    env: { MENDBOT_DATA_DIR: dataDir, MENDBOT_API_TOKEN: s.apiToken },
  });
  const ms = Math.round(performance.now() - started);
  fs.rmSync(m.dataDir, { recursive: true, force: true }); // the fresh directory it made and did not use
  return { m, ms };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-bench-history-'));
  const historyDir = path.join(work, 'history');
  const emptyDir = path.join(work, 'empty');
  const noPlaybooks = path.join(work, 'no-playbooks');
  fs.mkdirSync(noPlaybooks);
  try {
    log(`history: seeding ${s.incidents} single-alert incidents through the store port`);
    const seeded = await cachedSeedHistory(historyDir, s.incidents, s.seedCache);
    log(`history: seeded in ${seeded.seedS} s${seeded.reused ? ' (by an earlier run)' : ''}, ${seeded.bytesPerIncident} bytes per incident`);

    const startups: number[] = [];
    for (let i = 0; i < s.startups - 1; i++) {
      const { m, ms } = await startOn(`history-start-${i}`, historyDir, noPlaybooks);
      startups.push(ms);
      await m.stop(30_000);
    }
    const { m: history, ms: lastStart } = await startOn('history', historyDir, noPlaybooks);
    startups.push(lastStart);
    const { m: empty } = await startOn('empty', emptyDir, noPlaybooks);
    const auth = { authorization: `Bearer ${s.apiToken}` };
    try {
      log('history: reads');
      const firstPage = await timeRequests(`${history.url}/api/incidents?limit=50`, s.requests, auth);
      const latePage = await timeRequests(`${history.url}/api/incidents?limit=50&cursor=${encodeCursor(seeded.lateId)}`, s.requests, auth);
      const lateItems = ((await (await fetch(`${history.url}/api/incidents?limit=50&cursor=${encodeCursor(seeded.lateId)}`, { headers: auth })).json()) as { items: unknown[] }).items.length;
      const metricsHistory = await timeRequests(`${history.url}/metrics`, s.requests);
      const metricsEmpty = await timeRequests(`${empty.url}/metrics`, s.requests);

      const withHistory: IngestFigures[] = [];
      const onEmpty: IngestFigures[] = [];
      for (let r = 0; r < s.rounds; r++) {
        // Alternate which goes first: the machine is shared, and the second of two runs is often slower.
        const order = r % 2 === 0 ? (['history', 'empty'] as const) : (['empty', 'history'] as const);
        for (const which of order) {
          log(`history: ingest round ${r + 1}/${s.rounds} on the ${which} store`);
          const figures = await ingestRate(which === 'history' ? history.url : empty.url, `ingest-${which}-${r}`, s.ingestS, s.connections);
          (which === 'history' ? withHistory : onEmpty).push(figures);
        }
      }
      const ingestHistory = lowerMedian(withHistory.map((f) => f.reqPerSec));
      const ingestEmpty = lowerMedian(onEmpty.map((f) => f.reqPerSec));
      const failedIngest = [...withHistory, ...onEmpty].reduce((n, f) => n + f.non2xx, 0);

      log(`history: start-up with ${s.playbooks} playbooks`);
      const playbooksDir = path.join(work, 'playbooks');
      writePlaybooks(playbooksDir, s.playbooks);
      const playbookStartup = await timePlaybookStartup(playbooksDir, s.startups);

      const ratio = round(ingestHistory / ingestEmpty, 2);
      const startupMs = lowerMedian(startups);
      const pbStartupMs = lowerMedian(playbookStartup.startupsMs);
      const t = s.targets;
      const rows: Array<[string, string, string, boolean]> = [
        [`start-up to /readyz, ${seeded.incidents} incidents (median of ${startups.length}: ${startups.join(', ')} ms)`, `${startupMs} ms`, `< ${t.startupMs} ms`, startupMs < t.startupMs],
        [`GET /api/incidents first page, p50 ${firstPage.p50} ms, n=${firstPage.n}`, `p99 ${firstPage.p99} ms`, `< ${t.pageP99Ms} ms`, firstPage.p99 < t.pageP99Ms],
        [`GET /api/incidents late page by cursor (${lateItems} items), p50 ${latePage.p50} ms`, `p99 ${latePage.p99} ms`, `< ${t.pageP99Ms} ms`, latePage.p99 < t.pageP99Ms],
        [`/metrics with history, p50 ${metricsHistory.p50} ms (empty store: p50 ${metricsEmpty.p50}, p99 ${metricsEmpty.p99} ms)`, `p99 ${metricsHistory.p99} ms`, `< ${t.metricsP99Ms} ms`, metricsHistory.p99 < t.metricsP99Ms],
        [`single-alert ingest req/s, history ${ingestHistory} vs empty ${ingestEmpty} (medians of ${s.rounds}; ${failedIngest} non-2xx)`, `${ratio}×`, `≥ ${t.ingestRatio}×`, ratio >= t.ingestRatio && failedIngest === 0],
        [`data directory per single-alert incident after wal_checkpoint(TRUNCATE)`, `${seeded.bytesPerIncident} B`, `≤ ${t.bytesPerIncident} B`, seeded.bytesPerIncident <= t.bytesPerIncident],
        [`start-up to /readyz with ${playbookStartup.loaded} of ${s.playbooks} playbooks loaded (${playbookStartup.startupsMs.join(', ')} ms)`, `${pbStartupMs} ms`, `< ${t.playbooksStartupMs} ms`, pbStartupMs < t.playbooksStartupMs && playbookStartup.loaded === s.playbooks],
      ];
      console.log(`\nHistory benchmark: ${seeded.incidents} single-alert incidents seeded through the store port in ${seeded.seedS} s (the issue's figure is 1,000,000: BENCH_HISTORY_INCIDENTS=1000000)\n`);
      console.log('| target | measured | goal | met |\n|---|---|---|---|');
      for (const [what, value, goal, met] of rows) console.log(`| ${what} | ${value} | ${goal} | ${met ? 'met' : '**not met**'} |`);
      console.log(`\nwhere the bytes go (per incident): ${seeded.byObject.map((o) => `${o.name} ${o.bytesPerIncident}`).join(', ')}`);
      console.log(`data directory: ${round(seeded.dataDirBytes / 1024 / 1024, 1)} MB for ${seeded.incidents} incidents; at 1,000,000 that is ~${round((seeded.bytesPerIncident * 1_000_000) / 1024 ** 3, 1)} GB`);
    } finally {
      await history.stop(30_000);
      await empty.stop(30_000);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
