import path from 'node:path';
import { intEnv } from '../int-env';

/** The intake benchmark's knobs (environment, read once at start) and its targets. */
export const intakeSettings = {
  connections: intEnv('BENCH_CONNECTIONS', 20),
  durationS: intEnv('BENCH_DURATION', 10),
  warmupS: intEnv('BENCH_WARMUP', 3),
  outFile: process.env.BENCH_OUT ?? path.join(__dirname, '..', 'results', 'latest.json'),
  /** Playbooks for mendbot (default: an empty directory, so only intake is measured). */
  playbooksDir: process.env.BENCH_PLAYBOOKS_DIR || undefined,
  webhookPath: '/webhooks/alertmanager',
  headers: { 'Content-Type': 'application/json', 'User-Agent': 'Alertmanager/0.34.0' },
  targets: {
    throughputRatio: 0.7, // mendbot req/s ≥ 0.7 × bare express req/s
    tenThousandAlertsMs: 2000, // 200 × 50 alerts acknowledged in < 2 s
    p99AtThousandAlertsPerSecMs: 25, // p99 acknowledgement < 25 ms at 1,000 alerts/s
  },
  /** Part of every group key this run sends, so no two runs share one. */
  runId: `b${Date.now().toString(36)}`,
};
