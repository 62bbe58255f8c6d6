/**
 * Backtest benchmark: how long does `mendbot backtest` take to replay 100,000 stored deliveries, and does
 * its memory stay flat? Target: under 30 s on a 2-core machine.
 *
 *   npm run bench:backtest
 *   (bench:backtest = node -r @swc-node/register test/bench/backtest-bench.ts)
 *
 * Seeding goes through the store port, as intake would write (store.recordDelivery with the run planner,
 * in batches so SQLite's group commit applies), never through SQL: BENCH_BACKTEST_DELIVERIES (100000)
 * Alertmanager bodies over 7 days, from BENCH_BACKTEST_GROUPS (2000) groups of 1-3 alerts each. Every
 * group is re-sent the way Alertmanager does: four firing notifications of an occurrence, then its
 * resolution, then a new occurrence (new startsAt) — so the replay meets new incidents, attachments,
 * duplicates, resolutions and reopenings, and the store holds the runs the planner created.
 *
 * Then the replay, as the CLI does it (openSqliteReader on the file, the sources' parsers, three
 * playbooks: one with a budget and a lock, one per alert, one that never matches), BENCH_BACKTEST_REPEAT
 * (3) times: the median wall time, deliveries/s, and the process RSS before and after each replay (plus
 * the peak RSS of the process, which includes the seeding). The data dir is deleted unless
 * BENCH_KEEP_DATA=1; with BENCH_BACKTEST_DATA_DIR it is seeded there once and reused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAlertmanagerWebhook } from '../../integrations/alertmanager/parse-alertmanager-webhook';
import { createBacktester } from '../../src/backtest/create-backtester';
import { createId } from '../../src/core/create-id';
import { defaultLifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import type { Delivery } from '../../src/core/intake/delivery';
import { createRunPlanner } from '../../src/runs/create-run-planner';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store';
import { openSqliteReader } from '../../src/store/sqlite/open-sqlite-reader';
import { deliveryParsers } from '../../src/wiring/delivery-parsers';
import { playbookFromYaml } from '../helpers/start-engine';
import { formatNumber } from './format-number';
import { intEnv } from './int-env';

const deliveries = intEnv('BENCH_BACKTEST_DELIVERIES', 100_000);
const groups = intEnv('BENCH_BACKTEST_GROUPS', 2_000);
const repeat = intEnv('BENCH_BACKTEST_REPEAT', 3);
const windowMs = 7 * 86_400_000;
const start = Date.parse('2026-03-01T00:00:00.000Z');
const names = ['HighErrorRate', 'DiskFull', 'KubePodCrashLooping', 'HighLatency', 'TargetDown'];

const playbooks = [
  `
name: rollback
mode: auto
match: ['alertname="HighErrorRate"']
params:
  service: { from: labels.service, pattern: "^[a-z0-9-]+$" }
lock: "{{ params.service }}"
limits: { maxRunsPerHour: 20, cooldown: 30m }
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "http://127.0.0.1:9/rollback/{{ params.service }}" }
`,
  `
name: clean-disk
mode: dry-run
per: alert
match: ['alertname="DiskFull"', 'severity=~"warning|critical"']
steps:
  - id: clean
    action: http
    with: { method: POST, url: "http://127.0.0.1:9/clean" }
`,
  `
name: never
mode: auto
match: ['alertname="NeverFires"']
steps:
  - id: noop
    action: http
    with: { method: POST, url: "http://127.0.0.1:9/noop" }
`,
].map(playbookFromYaml);

const receivedAtOf = (i: number) => start + Math.floor((i * windowMs) / deliveries);

/**
 * Delivery `i`, send number `n` of group `g`: occurrence n/5 of the group, firing for four sends (the same
 * startsAt: Alertmanager's resends) and then resolved.
 */
function body(i: number, g: number, n: number): string {
  const occurrence = Math.floor(n / 5);
  const status = n % 5 === 4 ? 'resolved' : 'firing';
  const name = names[g % names.length]!;
  const receivedAtMs = receivedAtOf(i);
  const startsAt = new Date(receivedAtOf(i - (n % 5) * groups) - 30_000).toISOString();
  const alerts = Array.from({ length: 1 + (g % 3) }, (_, i) => {
    const labels = { alertname: name, namespace: 'prod', service: `svc-${g}`, instance: `10.0.${g % 250}.${i}:9100`, severity: i === 0 ? 'critical' : 'warning', group: `g${g}` };
    return {
      status,
      labels,
      annotations: { summary: `${name} on svc-${g}`, description: `occurrence ${occurrence} of group ${g}, instance ${i}`, runbook_url: 'https://runbooks.example.com/x' },
      startsAt,
      endsAt: status === 'resolved' ? new Date(receivedAtMs).toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'https://prometheus.example.com/graph?g0.expr=up',
      fingerprint: `${(g * 8 + i).toString(16).padStart(12, '0')}${occurrence.toString(16).padStart(4, '0')}`,
    };
  });
  return JSON.stringify({ receiver: 'mendbot', status, alerts, groupLabels: { group: `g${g}` }, commonLabels: { namespace: 'prod', group: `g${g}` }, commonAnnotations: {}, externalURL: 'https://alertmanager.example.com', version: '4', groupKey: `{}:{group="g${g}"}` });
}

async function seed(dataDir: string): Promise<void> {
  const store = createSqliteStore({ dataDir });
  const planner = createRunPlanner({ playbooks: () => playbooks });
  const sends = new Array<number>(groups).fill(0);
  const t0 = performance.now();
  const batch = 500;
  for (let first = 0; first < deliveries; first += batch) {
    const pending: Array<Promise<unknown>> = [];
    for (let i = first; i < Math.min(deliveries, first + batch); i++) {
      const g = i % groups;
      const receivedAtMs = receivedAtOf(i);
      const raw = body(i, g, sends[g]!++);
      const alerts = parseAlertmanagerWebhook(Buffer.from(raw)).alerts.map((a) => ({ ...a, correlationId: a.defaultCorrelationId }));
      const delivery: Delivery = { id: createId('dlv', receivedAtMs), source: 'alertmanager', receivedAt: new Date(receivedAtMs).toISOString(), eventType: 'notification', alerts, raw };
      pending.push(store.recordDelivery(delivery, defaultLifecyclePolicy, planner));
    }
    await Promise.all(pending);
    if ((first / batch) % 40 === 0) process.stdout.write(`  seeded ${first + pending.length}/${deliveries}\r`);
  }
  const runs = await store.listRuns({ limit: 1_000_000 });
  await store.close();
  console.log(`seeded ${formatNumber(deliveries)} deliveries (${groups} groups, ${formatNumber(runs.length)} runs) in ${formatNumber((performance.now() - t0) / 1000)} s`);
}

const mb = (bytes: number) => `${formatNumber(bytes / 1_048_576)} MB`;

async function main(): Promise<void> {
  // BENCH_BACKTEST_DATA_DIR: seed there once and reuse it on later runs (kept), to time the replay alone.
  const reuse = process.env.BENCH_BACKTEST_DATA_DIR;
  const dataDir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-backtest-bench-'));
  try {
    if (reuse === undefined || !fs.existsSync(path.join(reuse, 'mendbot.db'))) await seed(dataDir);
    const times: number[] = [];
    for (let r = 0; r < repeat; r++) {
      global.gc?.();
      const before = process.memoryUsage().rss;
      const reader = openSqliteReader({ dataDir });
      const backtester = createBacktester({ store: reader, parsers: deliveryParsers, playbooks: () => playbooks, now: () => new Date(start + windowMs + 1) });
      const t0 = performance.now();
      const report = await backtester.run({ since: new Date(start).toISOString(), until: new Date(start + windowMs + 1).toISOString() });
      const ms = performance.now() - t0;
      await reader.close();
      times.push(ms);
      const after = process.memoryUsage().rss;
      const summary = report.playbooks.map((p) => `${p.playbook}: would run ${p.wouldStart}, held ${JSON.stringify(Object.fromEntries(Object.entries(p.held).filter(([, n]) => n > 0)))}, ran ${p.actual.started} of ${p.actual.runs}`).join('; ');
      console.log(`replay ${r + 1}: ${formatNumber(report.deliveries)} deliveries, ${formatNumber(report.alerts)} alerts in ${formatNumber(ms / 1000)} s (${formatNumber(report.deliveries / (ms / 1000))}/s); RSS ${mb(before)} → ${mb(after)}; ${summary}`);
      if (report.deliveries !== deliveries || report.unreadable !== 0) throw new Error(`replayed ${report.deliveries} (${report.unreadable} unreadable), expected ${deliveries}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`\nmedian of ${repeat}: ${formatNumber(median / 1000)} s for ${formatNumber(deliveries)} deliveries (${formatNumber(deliveries / (median / 1000))} deliveries/s); peak RSS of the process ${mb(process.resourceUsage().maxRSS * 1024)}; ${os.cpus().length} cores; target < 30 s: ${median < 30_000 ? 'met' : 'NOT met'}`);
  } finally {
    if (reuse === undefined && process.env.BENCH_KEEP_DATA !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
