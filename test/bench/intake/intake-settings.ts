import path from 'node:path';
import { intEnv } from '../int-env';

const quick = process.env.BENCH_QUICK === '1';

/** The intake benchmark's knobs (environment, read once at start) and its targets (issue 15). */
export const intakeSettings = {
  /** BENCH_QUICK=1: short runs, one round, no 60 s memory wait, a small seeded store; for iterating. */
  quick,
  connections: intEnv('BENCH_CONNECTIONS', 32),
  durationS: intEnv('BENCH_DURATION', quick ? 4 : 15),
  warmupS: intEnv('BENCH_WARMUP', quick ? 1 : 3),
  /** Max-throughput rounds per scenario, the servers' order rotated each round; medians are reported. */
  rounds: intEnv('BENCH_ROUNDS', quick ? 1 : 3),
  /**
   * Most memory (MiB) the load generator may hold in bodies generated ahead of a mendbot run. The peers cycle
   * through a few pre-built bodies; mendbot gets bodies never sent before, and one generated while a run is
   * measured costs the load generator ~1 ms of CPU for a 50-alert group (label fingerprints, JSON), on the same
   * two cores the server runs on. With 6,000 groups (the old cap), about half of each 15 s storm round was
   * generated live, and the measured rate fell with it (measured: 625 and 757 groups/s live against 941 and
   * 879 from a pool). The pool covers twice the best rate measured so far for the whole run, up to this much memory.
   */
  bodyPoolMb: intEnv('BENCH_BODY_POOL_MB', 2048),
  /** Seconds to wait after the storm load before reading mendbot's RSS again (target 5); 0 skips it. */
  rssSettleS: Number(process.env.BENCH_RSS_SETTLE ?? (quick ? 0 : 60)),
  /** Single-alert incidents seeded through the store port to measure bytes per incident (target 6). */
  seedIncidents: intEnv('BENCH_SEED_INCIDENTS', quick ? 2_000 : 20_000),
  /** mendbot's log level; its default (info) unless told, since logging is part of what is measured. */
  mendbotLogLevel: process.env.BENCH_LOG_LEVEL || 'info',
  /** A directory for `--cpu-prof` profiles of every mendbot instance (unset: no profiling). */
  cpuProfDir: process.env.BENCH_CPU_PROF || undefined,
  outFile: process.env.BENCH_OUT ?? path.join(__dirname, '..', 'results', 'latest.json'),
  /** Playbooks for mendbot (default: an empty directory, so only intake is measured). */
  playbooksDir: process.env.BENCH_PLAYBOOKS_DIR || undefined,
  webhookPath: '/webhooks/alertmanager',
  headers: { 'Content-Type': 'application/json', 'User-Agent': 'Alertmanager/0.34.0' },
  targets: {
    stormThroughputRatio: 0.3, // 1: 50-alert groups, mendbot alerts/s ≥ 0.3 × express
    stormP99Ratio: 3, // 1: and p99 ≤ 3 × express's
    singleThroughputRatio: 0.7, // 2: single alert, req/s ≥ 0.7 × express
    singleP99Ratio: 1.5, // 2: and p99 ≤ 1.5 × express's
    pacedP99Ms: 25, // 3: paced 1,000 alerts/s as 20 × 50: p99 ack < 25 ms
    pacedEventLoopMaxMs: 50, // 3: and event-loop delay max < 50 ms
    loggingCostShare: 0.1, // 4: default level costs < 10 % of the throughput at warn
    rssAfterLoadMb: 250, // 5: RSS < 250 MB after the storm load
    rssSettledRatio: 1.25, // 5: and within 25 % of idle after the settle wait
    bytesPerIncident: 3 * 1024, // 6: ≤ 3 KB of data directory per single-alert incident, after a checkpoint
    tenThousandAlertsMs: 2000, // README: 200 × 50 alerts acknowledged in < 2 s
  },
  /** Part of every group key this run sends, so no two runs share one. */
  runId: `b${Date.now().toString(36)}`,
};
