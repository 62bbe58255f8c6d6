/**
 * Engine benchmark: at 1,000 alerts/s, how long from an alert arriving to its run's first step starting, and
 * how many runs per second does the executor complete? Compared, in the same invocation, with the same load
 * on a mendbot whose playbook does not match (intake only), so a ratio can be quoted.
 *
 *   npm run build && npm run bench:engine
 *   (bench:engine = node -r @swc-node/register test/bench/engine-bench.ts)
 *
 * Two phases, each on its own freshly started built server (`dist/src/cli.js serve`, fresh temp data dir,
 * LOG_LEVEL=warn, default SQLite settings, default executor concurrency unless BENCH_ENGINE_CONCURRENCY):
 *
 *   baseline  the playbook's matcher never holds (alertname="EngineBenchNeverFires"): every delivery is
 *             stored, matched against the catalog and answered, no run is created;
 *   engine    the playbook matches every alert, `per: alert`, `mode: auto`, ONE trivial step:
 *             `wait` with duration 0s. Chosen over an http GET to a local target because it has no
 *             network hop and no third process competing for the same cores: what is measured is the
 *             engine's own path (claim transaction, lease, `running` checkpoint, action, `succeeded`
 *             checkpoint, final status), which every step of every playbook pays.
 *
 * Load (both phases identical): an open-loop, evenly paced client sends BENCH_ENGINE_REQ_RATE (50) POST
 * /webhooks/alertmanager per second, each a distinct 20-alert group (BENCH_ENGINE_ALERTS), for BENCH_DURATION
 * (10) s = 1,000 alerts/s, after a BENCH_WARMUP (1) s warm-up whose runs are drained and excluded. Bodies come
 * from alertmanager-bodies.ts (storm-shaped KubePodCrashLooping groups; every body its own group key,
 * fingerprints and startsAt), so each request opens one incident and, in the engine phase, creates 20 runs.
 *
 * Measured:
 *   - webhook acknowledgement latency (from when each request was due: no coordinated omission);
 *   - alert-to-first-step, precisely, for EVERY measured run from the API (GET /api/incidents/:id → runs):
 *       server  run.createdAt (= the delivery's receivedAt, written in the delivery's own transaction)
 *               → steps[0].startedAt (the `running` checkpoint, just before the action runs);
 *       e2e     when the client's request was due → steps[0].startedAt;
 *   - the same from GET /metrics `mendbot_alert_to_first_step_seconds` (delta of the histogram over the
 *     measured window; quantiles interpolated inside buckets like PromQL histogram_quantile, and the exact
 *     share ≤ 50 ms since 0.05 is a bucket bound). The executor observes it when it claims a run, a moment
 *     before the `running` checkpoint;
 *   - runs/s completed while the load ran, overall (first createdAt → last finishedAt), backlog at the end
 *     of the load and the time to drain it.
 * Target (issue 15, target 8): p99 alert-to-first-step < 25 ms at 1,000 alerts/s, runs completed keeping up. Results: test/bench/results/engine-latest.json
 * (BENCH_OUT to change). Client and server share the machine's cores; on 2 cores that matters.
 *
 * Other knobs: BENCH_DRAIN_TIMEOUT seconds (300; how long the backlog may take to drain after the load),
 * BENCH_ENGINE_CONCURRENCY (MENDBOT_EXECUTOR_CONCURRENCY), BENCH_KEEP_DATA=1 (keep the temp data
 * dirs), BENCH_SERVER_NODE_ARGS (extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"),
 * BENCH_SERVER_LOG_TO_FILE=1 (the servers' stdout to mendbot.log in their data dirs, e.g. with "--trace-gc").
 * The report also prints the p99 of each second of the load: a cold process catching up in its first seconds
 * and a tail spread over the whole run call for different fixes.
 *
 * This file is the runner; the phases, load generator, metric scraping and report live in engine/, and the
 * helpers shared with the intake benchmark (starting a quiet mendbot, number formatting) next to this file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mendbotCli, repoRoot } from '../helpers/start-mendbot';
import { baselinePhase } from './engine/baseline-phase';
import { enginePhase } from './engine/engine-phase';
import { engineSettings } from './engine/engine-settings';
import { log } from './engine/log';
import { printEngineReport } from './engine/print-engine-report';
import { round } from './round';

async function main(): Promise<void> {
  const { reqRate, alertsPerReq, durationS, warmupS, concurrency, outFile, targetP99Ms } = engineSettings;
  if (!fs.existsSync(mendbotCli)) throw new Error('dist/src/cli.js is missing: run `npm run build` first');
  const alertsPerSec = reqRate * alertsPerReq;
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  if (loadAtStart[0]! > 0.5) log(`note: the machine is not idle (load average ${loadAtStart.join(' ')}); figures will be noisier`);
  log(`load: ${reqRate} req/s × ${alertsPerReq} alerts = ${alertsPerSec} alerts/s for ${durationS} s (+${warmupS} s warm-up), ${os.cpus().length} cores`);
  log('phase 1/2: baseline (no matching playbook: intake only)');
  const base = await baselinePhase();
  log('phase 2/2: engine (per-alert auto playbook, one `wait 0s` step)');
  const eng = await enginePhase();

  const p99 = eng.alertToFirstStepMs.server.p99;
  const result = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      // Other work on the machine skews everything here; the 1-minute load average says how busy it was.
      loadAvgAtStart: loadAtStart,
      loadAvgAtEnd: os.loadavg().map((l) => round(l, 2)),
    },
    load: { requestsPerSec: reqRate, alertsPerRequest: alertsPerReq, alertsPerSec, durationS, warmupS, executorConcurrency: concurrency ?? 'default (32)' },
    step: 'wait { duration: 0s } (no network hop: the engine path only)',
    target: { p99AlertToFirstStepMs: targetP99Ms, met: p99 < targetP99Ms },
    baseline: base,
    engine: eng,
    ratios: {
      alertToFirstStepP99OverBaselineAckP99: round(p99 / base.ackLatencyMs.p99, 2),
      alertToFirstStepP50OverBaselineAckP50: round(eng.alertToFirstStepMs.server.p50 / base.ackLatencyMs.p50, 2),
      engineAckP99OverBaselineAckP99: round(eng.ackLatencyMs.p99 / base.ackLatencyMs.p99, 2),
    },
  };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  printEngineReport(result);
  log(`results written to ${path.relative(repoRoot, outFile)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench:engine] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
