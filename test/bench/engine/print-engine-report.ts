import { formatNumber } from '../format-number';
import { formatTable } from '../format-table';
import { engineSettings } from './engine-settings';
import type { EngineResult, Latency, PhaseResult } from './phase-result';

/** The report on stdout: latency table (baseline vs engine), then runs, drain, server-side and client checks. */
export function printEngineReport(r: {
  load: { alertsPerSec: number; durationS: number };
  baseline: PhaseResult;
  engine: EngineResult;
  ratios: Record<string, number>;
  target: { met: boolean };
}): void {
  const { metric, webhookMetric, drainTimeoutS, targetP99Ms } = engineSettings;
  const b = r.baseline;
  const e = r.engine;
  const ms = (l: Latency) => [formatNumber(l.p50), formatNumber(l.p90), formatNumber(l.p99), formatNumber(l.max)];
  const h = e.metricsHistogram;
  const bucketMs = (v: number) => (v >= h.lastFiniteBoundMs ? `≥${formatNumber(v)}` : formatNumber(v));
  console.log(`\nEngine benchmark: ${r.load.alertsPerSec} alerts/s for ${r.load.durationS} s (per-alert auto playbook, one \`wait 0s\` step)\n`);
  console.log(
    formatTable([
      ['measure (ms)', 'n', 'p50', 'p90', 'p99', 'max'],
      ['baseline: webhook ack, no matching playbook', String(b.ackLatencyMs.n), ...ms(b.ackLatencyMs)],
      ['engine: webhook ack', String(e.ackLatencyMs.n), ...ms(e.ackLatencyMs)],
      ['engine: alert-to-first-step (createdAt → steps[0].startedAt)', String(e.alertToFirstStepMs.server.n), ...ms(e.alertToFirstStepMs.server)],
      ['engine: request due → steps[0].startedAt', String(e.alertToFirstStepMs.endToEnd.n), ...ms(e.alertToFirstStepMs.endToEnd)],
      [
        `engine: /metrics ${metric} (bucket-interpolated)`,
        String(e.metricsHistogram.observations),
        bucketMs(h.p50Ms),
        bucketMs(h.p90Ms),
        bucketMs(h.p99Ms),
        '-',
      ],
    ]),
  );
  console.log(
    `\n  /metrics: ${(e.metricsHistogram.shareAtOrBelow50Ms * 100).toFixed(2)}% of first steps within 50 ms (exact: 0.05 is a bucket bound); mean ${formatNumber(e.metricsHistogram.meanMs)} ms`,
  );
  console.log(
    `  runs: ${e.runsFound}/${e.runsExpected} found, statuses ${JSON.stringify(e.runStatuses)}; completed ${formatNumber(e.runsPerSec.duringLoad)} runs/s during the load, ${formatNumber(e.runsPerSec.overall)} runs/s overall;` +
      ` backlog at load end ${e.backlogAtLoadEnd}, ` +
      (e.drainTimedOut
        ? `NOT drained after ${drainTimeoutS} s (${e.runsNotStartedAtTimeout} runs never started; latencies above are lower bounds)`
        : `drained ${formatNumber(e.drainMsAfterLoadEnd)} ms after`),
  );
  console.log(
    `  server-side webhook handling (/metrics ${webhookMetric}): baseline p50 ${formatNumber(b.serverWebhookMs.p50)} / p99 ${formatNumber(b.serverWebhookMs.p99)} ms,` +
      ` engine p50 ${formatNumber(e.serverWebhookMs.p50)} / p99 ${formatNumber(e.serverWebhookMs.p99)} ms`,
  );
  console.log(`  achieved alerts/s: baseline ${formatNumber(b.achievedAlertsPerSec)}, engine ${formatNumber(e.achievedAlertsPerSec)}; non-200: baseline ${b.non200}, engine ${e.non200}`);
  for (const p of [b, e]) if (p.firstError) console.log(`  first failure (${p.name}): ${p.firstError}`);
  console.log(
    `  client check: requests issued p99 ${formatNumber(b.clientDispatchLagMs.p99)} ms (baseline) / ${formatNumber(e.clientDispatchLagMs.p99)} ms (engine) after they were due;` +
      ` ack from issue p99 ${formatNumber(b.ackFromSendMs.p99)} / ${formatNumber(e.ackFromSendMs.p99)} ms`,
  );
  console.log(`  alert-to-first-step p99 by second of the load (ms): ${e.alertToFirstStepMs.p99BySecondOfLoad.map((v) => (v === null ? '–' : formatNumber(v))).join(' ')}`);
  console.log(
    `  target p99 alert-to-first-step < ${targetP99Ms} ms: ${formatNumber(e.alertToFirstStepMs.server.p99)} ms ${r.target.met ? 'MET' : 'NOT MET'};` +
      ` ratio to baseline ack p99 ${r.ratios.alertToFirstStepP99OverBaselineAckP99}×; engine ack p99 / baseline ack p99 ${r.ratios.engineAckP99OverBaselineAckP99}×`,
  );
}
