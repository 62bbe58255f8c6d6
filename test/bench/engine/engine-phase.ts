import { round } from '../round';
import { engineBodies } from './engine-bodies';
import { engineSettings } from './engine-settings';
import { histogramDelta } from './histogram-delta';
import { histogramQuantile } from './histogram-quantile';
import { latency } from './latency';
import { log } from './log';
import { openLoopLoad } from './open-loop-load';
import { phaseFigures } from './phase-figures';
import type { EngineResult } from './phase-result';
import { runsOf } from './runs-of';
import { scrapeCounterSum } from './scrape-counter-sum';
import { scrapeHistogram } from './scrape-histogram';
import { startEngineServer } from './start-engine-server';
import { waitForRuns } from './wait-for-runs';
import { warmUp } from './warm-up';

/**
 * Phase 2: the playbook matches every alert. After the load, waits for the backlog to drain, then reads
 * every measured run from the API (alert-to-first-step per run) and the histogram mendbot exports.
 */
export async function enginePhase(): Promise<EngineResult> {
  const { reqRate, durationS, alertsPerReq, drainTimeoutS, metric, webhookMetric, benchId } = engineSettings;
  const matcher = 'alertname="KubePodCrashLooping"';
  const server = await startEngineServer('engine', matcher);
  try {
    const warm = await warmUp(server.url);
    if (!(await waitForRuns(server.url, warm * alertsPerReq, 60_000))) throw new Error('the warm-up runs did not finish within 60 s');
    const before = await scrapeHistogram(server.url, metric);
    const finishedBefore = await scrapeCounterSum(server.url, 'mendbot_runs_total');
    const hooksBefore = await scrapeHistogram(server.url, webhookMetric);

    const { sent, startWall, endWall } = await openLoopLoad(server.url, engineBodies(reqRate * durationS), reqRate);
    const hooks = histogramDelta(await scrapeHistogram(server.url, webhookMetric), hooksBefore);
    const figures = phaseFigures('engine', matcher, sent, startWall, hooks);
    const ok = sent.filter((s) => s.status === 200);
    const expected = ok.length * alertsPerReq;
    log(`engine: load sent; waiting for ${expected} runs to finish`);
    const drained = await waitForRuns(server.url, finishedBefore + expected, drainTimeoutS * 1000);
    if (!drained) log(`engine: the backlog did not drain within ${drainTimeoutS} s; reporting what finished (latencies are lower bounds)`);
    const after = await scrapeHistogram(server.url, metric);

    const runs = await runsOf(server.url, ok.map((s) => s.incidentId!).filter(Boolean));
    const dueBySeqGroup = new Map(ok.map((s) => [`${benchId}-${s.body.seq}`, s.dueWall]));
    const statuses: Record<string, number> = {};
    const server_: number[] = [];
    const e2e: number[] = [];
    // Per second of load, to tell a transient (a cold process catching up) from a tail spread over the run.
    const bySecond: number[][] = [];
    for (const r of runs) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const started = r.steps[0]?.startedAt;
      if (!started) continue;
      const createdAt = Date.parse(r.createdAt);
      const ms = Date.parse(started) - createdAt;
      server_.push(ms);
      (bySecond[Math.max(0, Math.floor((createdAt - startWall) / 1000))] ??= []).push(ms);
      const due = dueBySeqGroup.get(r.context.labels.bench_group ?? '');
      if (due !== undefined) e2e.push(Date.parse(started) - due);
    }
    const finished = runs.filter((r) => r.finishedAt).map((r) => Date.parse(r.finishedAt!));
    const created = runs.map((r) => Date.parse(r.createdAt));
    const lastFinished = Math.max(...finished);
    const delta = histogramDelta(after, before);
    const le50 = delta.buckets.find((b) => b.le === 0.05)?.count ?? NaN;
    return {
      ...figures,
      runsExpected: expected,
      runsFound: runs.length,
      runStatuses: statuses,
      alertToFirstStepMs: { server: latency(server_), endToEnd: latency(e2e), p99BySecondOfLoad: Array.from(bySecond, (ms) => (ms ? latency(ms).p99 : null)) },
      metricsHistogram: {
        observations: delta.count,
        p50Ms: round(histogramQuantile(delta, 0.5) * 1000, 1),
        p90Ms: round(histogramQuantile(delta, 0.9) * 1000, 1),
        p99Ms: round(histogramQuantile(delta, 0.99) * 1000, 1),
        shareAtOrBelow50Ms: round(le50 / delta.count, 4),
        lastFiniteBoundMs: Math.max(...delta.buckets.filter((b) => Number.isFinite(b.le)).map((b) => b.le)) * 1000,
        meanMs: round((delta.sum / delta.count) * 1000, 1),
        buckets: delta.buckets,
      },
      runsPerSec: {
        duringLoad: round(finished.filter((f) => f >= startWall && f <= endWall).length / ((endWall - startWall) / 1000), 1),
        overall: round(runs.length / ((lastFinished - Math.min(...created)) / 1000), 1),
      },
      backlogAtLoadEnd: runs.filter((r) => Date.parse(r.createdAt) <= endWall && (!r.finishedAt || Date.parse(r.finishedAt) > endWall)).length,
      drainMsAfterLoadEnd: Math.max(0, Math.round(lastFinished - endWall)),
      drainTimedOut: !drained,
      runsNotStartedAtTimeout: runs.filter((r) => !r.steps[0]?.startedAt).length,
    };
  } finally {
    await server.stop();
  }
}
