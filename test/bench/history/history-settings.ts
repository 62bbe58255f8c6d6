import { intEnv } from '../int-env';

/** The history benchmark's knobs (environment, read once) and its targets (issue 15, targets 6 and 7). */
export const historySettings = {
  /** Single-alert incidents seeded through the store port. The figure is 1,000,000 (~9 min to seed here, 5.9 GB). */
  incidents: intEnv('BENCH_HISTORY_INCIDENTS', 100_000),
  /** A directory to keep the seeded store in and reuse it from (cached-seed-history.ts); unset: seed every run. */
  seedCache: process.env.BENCH_HISTORY_SEED_CACHE || undefined,
  /** Sequential requests per read measurement (p99 wants at least 200). */
  requests: intEnv('BENCH_HISTORY_REQUESTS', 300),
  /** Single-alert ingest: seconds per round, connections, rounds (history and empty alternate each round). */
  ingestS: intEnv('BENCH_HISTORY_INGEST_S', 10),
  connections: intEnv('BENCH_CONNECTIONS', 32),
  rounds: intEnv('BENCH_HISTORY_ROUNDS', 2),
  /** Playbooks generated for the start-up measurement (target 7) and how often it is started. */
  playbooks: intEnv('BENCH_HISTORY_PLAYBOOKS', 100),
  startups: intEnv('BENCH_HISTORY_STARTUPS', 3),
  apiToken: 'history-bench-token-0123456789abcdef',
  targets: {
    startupMs: 2000, // 6: start-up to /readyz < 2 s with the history
    pageP99Ms: 20, // 6: GET /api/incidents first and late page p99 < 20 ms
    metricsP99Ms: 10, // 6: /metrics p99 < 10 ms, independent of history
    ingestRatio: 0.9, // 6: single-alert ingest ≥ 0.9 × the empty store's
    bytesPerIncident: 3 * 1024, // 6: ≤ 3 KB of data directory per single-alert incident, after a checkpoint
    playbooksStartupMs: 1000, // 7: start-up with 100 playbooks < 1 s to /readyz
  },
};
