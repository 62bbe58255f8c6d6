/**
 * Intake benchmark (issue 15's targets): how fast does mendbot acknowledge (= durably store) Alertmanager
 * webhooks, next to two servers that only parse the same JSON and answer: bare express 5 + express.json()
 * (bare-express-server.ts) and a Node-RED 4 flow (node-red/, when the node-red devDependency is installed).
 *
 *   npm run build && npm run bench          BENCH_QUICK=1 npm run bench for a short iteration run
 *
 * Every server is its own process on 127.0.0.1; mendbot is the built CLI (`dist/src/cli.js serve`, or
 * BENCH_MENDBOT_CLI), at its default log level (info) unless BENCH_LOG_LEVEL says otherwise, default SQLite
 * settings, stdout to a file in its fresh temp data dir, and ./event-loop-probe.cjs preloaded (event-loop
 * delay, read on SIGUSR2). Phases:
 *
 *   (a) max throughput, ~2 KB single-alert bodies      autocannon, BENCH_CONNECTIONS (32) connections: each
 *   (b) max throughput, 50-alert groups (~45 KB)       server warmed up, then BENCH_ROUNDS rounds of
 *                                                      BENCH_DURATION s, the servers' order rotated; medians.
 *                                                      (b) has a second mendbot at LOG_LEVEL=warn in the
 *                                                      same rounds (what logging costs) and reads mendbot's
 *                                                      RSS idle, after the load, BENCH_RSS_SETTLE s later.
 *   (c) 10,000 distinct alerts = 200 POSTs of 50, 20 in flight: time to the last ack, checked through the API,
 *       re-delivered (must change nothing but deliveryCount); also on the database (a) left behind.
 *   (d) a fixed 1,000 alerts/s: 1,000 × 1 and 20 × 50 alerts a second, evenly paced (wrk2-style, latency from
 *       when each request was due) with mendbot's event-loop delay over each paced run; and autocannon
 *       `overallRate`.
 *   (e) bytes of data directory per single-alert incident: BENCH_SEED_INCIDENTS recorded through the store
 *       port, WAL checkpointed.
 *
 * Every body sent to mendbot is distinct (its own group key, fingerprints and startsAt), so every request is
 * a new incident. After each phase mendbot gets SIGTERM and its SQLite file is checked: every acknowledged
 * body must be stored with all its alerts. The report ends with each target: measured, baseline, ratio, goal.
 * Results go to test/bench/results/latest.json (BENCH_OUT). BENCH_KEEP_DATA=1 keeps the data dirs;
 * BENCH_PLAYBOOKS_DIR gives mendbot playbooks (default none); BENCH_CPU_PROF=<dir> profiles every mendbot
 * (or `npm run bench:profile`: profile-intake.ts, the saturating and the paced storm, summarised).
 *
 * Mind the machine: the load generator and the servers share the host's cores (and, on a shared machine,
 * other jobs): compare the ratios measured in one run, not absolute figures across runs.
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
import { bytesPerIncident } from './intake/bytes-per-incident';
import { maxThroughputPhases } from './intake/max-throughput-phases';
import { postAll } from './intake/post-all';
import { printIntakeReport } from './intake/print-intake-report';
import { startBareExpress } from './intake/start-bare-express';
import { startNodeRed } from './intake/start-node-red';
import { tenThousandAlerts, type TenKFigures } from './intake/ten-thousand-alerts';
import { withMendbot, type PhaseStorage } from './intake/with-mendbot';
import { round } from './round';

async function main(): Promise<void> {
  const { runId, connections, durationS, warmupS, rounds, outFile, playbooksDir, targets, mendbotLogLevel } = intakeSettings;
  const cli = process.env.BENCH_MENDBOT_CLI || mendbotCli;
  if (!fs.existsSync(cli)) throw new Error(`${path.relative(repoRoot, cli)} is missing: run \`npm run build\` first`);
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
  log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${machine.cpus} cores (shared machine: compare ratios from the same run)`);
  log(`bodies: single ${bytes.single} B (${alerts.single} alert), storm ${bytes.storm} B (${alerts.storm} alerts); ${connections} connections, ${warmupS} s warm-up + ${durationS} s per run`);

  log('generating distinct bodies…');
  const single = new DistinctBodies('single', 45_000);
  const storm = new DistinctBodies('storm', 4_000);

  const bare = await startBareExpress();
  log(`bare express ${bare.url}`);
  const nodeRed = await startNodeRed();
  log(nodeRed ? `Node-RED ${nodeRed.url}` : 'Node-RED is not installed (devDependency node-red): measured against bare express only');
  const phases: PhaseStorage[] = [];
  try {
    // (a) and (b): max throughput against each peer, rounds rotated; (a) also runs (c) on the database it filled.
    const peers = [{ name: 'bare express' as const, peer: bare }, ...(nodeRed ? [{ name: 'Node-RED' as const, peer: nodeRed }] : [])];
    const { load, aged, runs, memory, quietStorm, loggingCpu, generatedWhileMeasured } = await maxThroughputPhases({ single, storm, peers, alertsPerBody: alerts, bytesPerBody: bytes, phases });
    await bare.stop();
    await nodeRed?.stop();
    // What the throughput runs generated ahead and did not send (up to BENCH_BODY_POOL_MB) is not needed again.
    single.discardPool();
    storm.discardPool();

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

    // (e) bytes per stored incident (target 6), seeded through the store port.
    const storage = await bytesPerIncident();

    const figures = { load, tenK: { fresh: fresh!, aged: aged! }, fixed, pacedRuns, phases, memory, quietStorm, loggingCpu, storage };
    const { ratios, verdicts } = intakeVerdicts(figures);
    printIntakeReport({ ...figures, ratios, targets: verdicts.targets, generatedWhileMeasured });

    const results = {
      runId,
      at: new Date().toISOString(),
      machine,
      source,
      settings: {
        connections,
        durationS,
        warmupS,
        rounds,
        loadAverageAtEnd: os.loadavg(),
        mendbot: {
          logLevel: mendbotLogLevel,
          sqliteSynchronous: 'NORMAL (default)',
          cli: path.relative(repoRoot, mendbotCli),
          freshInstancePerPhase: true,
          playbooksDir: playbooksDir ?? '(empty directory)',
        },
        bodies: { singleBytes: bytes.single, singleAlerts: alerts.single, stormBytes: bytes.storm, stormAlerts: alerts.storm },
        bodiesGeneratedDuringLoad: single.generatedLive + storm.generatedLive,
        bodiesGeneratedWhileMeasured: generatedWhileMeasured,
      },
      targets,
      throughput: load,
      throughputRounds: runs,
      quietStorm,
      loggingCpu,
      memory,
      bytesPerIncident: storage,
      ratios,
      tenThousandAlerts: figures.tenK,
      fixedRate: { paced: pacedRuns, autocannon: fixed },
      phases,
      verdicts,
    };
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${path.relative(process.cwd(), outFile)}`);
  } finally {
    await bare.stop();
    await nodeRed?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
