import { round } from '../round';
import { engineSettings } from './engine-settings';
import type { Histogram } from './histogram';
import { histogramQuantile } from './histogram-quantile';
import { latency } from './latency';
import type { Sent } from './open-loop-load';
import type { PhaseResult } from './phase-result';

/** The intake figures every phase reports: acknowledgements as the client saw them, and the server's own histogram. */
export function phaseFigures(name: PhaseResult['name'], matcher: string, sent: Sent[], startWall: number, hooks: Histogram): PhaseResult {
  const { alertsPerReq } = engineSettings;
  const lastAck = Math.max(...sent.map((s) => s.dueWall + s.ackMs));
  const ok = sent.filter((s) => s.status === 200);
  return {
    name,
    playbookMatcher: matcher,
    requests: sent.length,
    alerts: ok.length * alertsPerReq,
    non200: sent.length - ok.length,
    firstError: sent.find((s) => s.status !== 200)?.error,
    achievedAlertsPerSec: round((ok.length * alertsPerReq) / ((lastAck - startWall) / 1000), 1),
    ackLatencyMs: latency(ok.map((s) => s.ackMs)),
    clientDispatchLagMs: latency(sent.map((s) => s.dispatchLagMs)),
    ackFromSendMs: latency(ok.map((s) => s.fromSendMs)),
    serverWebhookMs: {
      p50: round(histogramQuantile(hooks, 0.5) * 1000, 2),
      p99: round(histogramQuantile(hooks, 0.99) * 1000, 2),
      mean: round((hooks.sum / hooks.count) * 1000, 2),
    },
  };
}
