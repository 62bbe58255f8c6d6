import path from 'node:path';
import { intEnv } from '../int-env';

/** The engine benchmark's knobs (environment, read once at start), target and the metrics it reads. */
export const engineSettings = {
  reqRate: intEnv('BENCH_ENGINE_REQ_RATE', 50),
  alertsPerReq: intEnv('BENCH_ENGINE_ALERTS', 20),
  durationS: intEnv('BENCH_DURATION', 10),
  warmupS: intEnv('BENCH_WARMUP', 1),
  /** How long to wait for the backlog to drain after the load; past it the figures are reported as lower bounds. */
  drainTimeoutS: intEnv('BENCH_DRAIN_TIMEOUT', 300),
  concurrency: process.env.BENCH_ENGINE_CONCURRENCY,
  outFile: process.env.BENCH_OUT ?? path.join(__dirname, '..', 'results', 'engine-latest.json'),
  targetP99Ms: 25,
  webhookPath: '/webhooks/alertmanager',
  headers: { 'Content-Type': 'application/json', 'User-Agent': 'Alertmanager/0.28.1' },
  metric: 'mendbot_alert_to_first_step_seconds',
  webhookMetric: 'mendbot_webhook_duration_seconds',
  /** Part of every group key this run sends (the `bench_group` label is `<benchId>-<seq>`). */
  benchId: `e${Date.now().toString(36)}`,
};
