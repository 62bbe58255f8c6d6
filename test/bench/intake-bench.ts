/**
 * Intake benchmark: how fast does mendbot acknowledge (= durably store) Alertmanager webhooks, compared with
 * a bare express app that only parses the same JSON?
 *
 *   npm run build && npm run bench        (npm run bench = node -r @swc-node/register test/bench/intake-bench.ts)
 *
 * One run starts a bare express 5 server (bare-express-server.ts) and, for each phase below, a fresh built
 * mendbot (`dist/src/cli.js serve`, new temp data dir, LOG_LEVEL=warn, default SQLite settings: WAL +
 * synchronous=NORMAL), each in its own process on 127.0.0.1, so no phase measures the database another
 * phase filled:
 *
 *   (a) max throughput, ~2 KB single-alert bodies        autocannon, CONNECTIONS connections, WARMUP s then
 *                                                        DURATION s, mendbot then bare express
 *   (b) max throughput, 50-alert storm-shaped groups      same
 *   (c) 10,000 distinct alerts = 200 POSTs of 50 alerts, 20 in flight, on a warmed-up server: time from the
 *       first request to the 200th acknowledgement; then every group is checked through the API (1 incident,
 *       50 alerts, the right keys), and the same 200 bodies are re-delivered and must change nothing but
 *       deliveryCount. Also run once more on the database phase (a) left behind ("aged").
 *   (d) acknowledgement latency at a fixed 1,000 alerts/s for DURATION s, as 1,000 req/s × 1 alert and as
 *       20 req/s × 50 alerts: with an evenly paced client (wrk2-style: CONNECTIONS connections, each with its
 *       own schedule, latency counted from when the request was due) and with autocannon `overallRate`.
 *
 * Every body sent to mendbot is distinct (its own group key, fingerprints and startsAt; see
 * alertmanager-bodies.ts), so every request creates a new incident instead of hitting the duplicate path.
 * After each phase mendbot gets SIGTERM and its SQLite file is opened read-only to check that every
 * acknowledged body is stored with all its alerts. Results go to test/bench/results/latest.json.
 *
 * Knobs (environment): BENCH_CONNECTIONS (20), BENCH_DURATION seconds (10), BENCH_WARMUP seconds (3),
 * BENCH_OUT (results file), BENCH_KEEP_DATA=1 (keep mendbot's temp data dirs; deleted by default),
 * BENCH_PLAYBOOKS_DIR (playbooks mendbot loads; default an empty directory, so no runs are planned).
 *
 * Mind the machine: the load generator and both servers share the host's cores, so the bare express figure
 * is partly bounded by the load generator itself.
 *
 * This file is the runner; the phases, load generators, servers, checks and report live in intake/, and the
 * helpers shared with the engine benchmark (starting a quiet mendbot, number formatting) next to this file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mendbotCli, repoRoot } from '../helpers/start-mendbot';
import { alertsPerBody, checkFingerprintImplementation, makeAlertmanagerBody } from './alertmanager-bodies';
import { DistinctBodies } from './intake/distinct-bodies';
import { fixedRatePhase } from './intake/fixed-rate-phase';
import { gitState } from './intake/git-state';
import { intakeSettings } from './intake/intake-settings';
import { intakeVerdicts } from './intake/intake-verdicts';
import { log } from './intake/log';
import { maxThroughputPhases } from './intake/max-throughput-phases';
import { postAll } from './intake/post-all';
import { printIntakeReport } from './intake/print-intake-report';
import { startBareExpress } from './intake/start-bare-express';
import { tenThousandAlerts, type TenKFigures } from './intake/ten-thousand-alerts';
import { withMendbot, type PhaseStorage } from './intake/with-mendbot';
import { round } from './round';

async function main(): Promise<void> {
  const { runId, connections, durationS, warmupS, outFile, playbooksDir, targets } = intakeSettings;
  if (!fs.existsSync(mendbotCli)) throw new Error(`${path.relative(repoRoot, mendbotCli)} is missing: run \`npm run build\` first`);
  checkFingerprintImplementation();

  const alerts = { single: alertsPerBody('single'), storm: alertsPerBody('storm') };
  const bytes = { single: makeAlertmanagerBody('size', 0, 'single').body.length, storm: makeAlertmanagerBody('size', 0, 'storm').body.length };
  const machine = {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
  };
  const source = gitState();
  log(`mendbot intake benchmark ${runId}: ${machine.cpus}× ${machine.cpuModel}, node ${machine.node}, mendbot ${source.commit.slice(0, 7)}${source.dirtyFiles ? ` + ${source.dirtyFiles} uncommitted change(s) in src/ and integrations/` : ''}`);
  log(`bodies: single ${bytes.single} B (${alerts.single} alert), storm ${bytes.storm} B (${alerts.storm} alerts); ${connections} connections, ${warmupS} s warm-up + ${durationS} s per run`);

  log('generating distinct bodies…');
  const single = new DistinctBodies('single', 45_000);
  const storm = new DistinctBodies('storm', 4_000);

  const bare = await startBareExpress();
  log(`bare express ${bare.url}`);
  const phases: PhaseStorage[] = [];
  try {
    // (a) and (b): max throughput, mendbot then bare express; (a) also runs (c) on the database it filled.
    const { load, aged } = await maxThroughputPhases({ single, storm, bareUrl: bare.url, alertsPerBody: alerts, bytesPerBody: bytes, phases });
    await bare.stop();

    // (c) 10,000 distinct alerts on a fresh, warmed-up mendbot.
    let fresh: TenKFigures | undefined;
    await withMendbot('(c) 200 × 50 alerts', phases, async (mendbot) => {
      log('(c) warm-up: 20 storm groups, 500 single alerts');
      await postAll(mendbot.url, storm.take(20), 20);
      await postAll(mendbot.url, single.take(500), 20);
      fresh = await tenThousandAlerts(mendbot, '(c) fresh DB, after warm-up');
    });

    // (d) fixed 1,000 alerts/s on a fresh mendbot, after a warm-up.
    const { fixed, pacedRuns } = await fixedRatePhase(single, storm, alerts, phases);

    const figures = { load, tenK: { fresh: fresh!, aged: aged! }, fixed, pacedRuns, phases };
    const { ratios, verdicts } = intakeVerdicts(figures);
    printIntakeReport({ ...figures, ratios });

    const results = {
      runId,
      at: new Date().toISOString(),
      machine,
      source,
      settings: {
        connections,
        durationS,
        warmupS,
        mendbot: {
          logLevel: 'warn',
          sqliteSynchronous: 'NORMAL (default)',
          cli: path.relative(repoRoot, mendbotCli),
          freshInstancePerPhase: true,
          playbooksDir: playbooksDir ?? '(empty directory)',
        },
        bodies: { singleBytes: bytes.single, singleAlerts: alerts.single, stormBytes: bytes.storm, stormAlerts: alerts.storm },
        bodiesGeneratedDuringLoad: single.generatedLive + storm.generatedLive,
      },
      targets,
      throughput: load,
      ratios,
      tenThousandAlerts: figures.tenK,
      fixedRate: { paced: pacedRuns, autocannon: fixed },
      storage: phases,
      verdicts,
    };
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${path.relative(process.cwd(), outFile)}`);
  } finally {
    await bare.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
