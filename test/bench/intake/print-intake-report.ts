import { formatNumber } from '../format-number';
import { formatTable } from '../format-table';
import { round } from '../round';
import { intakeSettings } from './intake-settings';
import type { IntakeFigures, TargetRow } from './intake-verdicts';

/** The tables on stdout: throughput (a, b), 10,000 alerts (c), fixed-rate latency (d) and what each mendbot stored. */
export function printIntakeReport(
  r: IntakeFigures & { ratios: Array<{ label: string; peer: string; ratio: number; p99Ratio: number }>; targets: TargetRow[]; generatedWhileMeasured: number },
): void {
  const { connections, durationS, warmupS, rounds, mendbotLogLevel, targets } = intakeSettings;
  const mark = (met: boolean) => (met ? 'MET' : 'NOT MET');
  const rows: string[][] = [['scenario', 'server', 'req/s (median)', 'alerts/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx/err', 'mendbot/peer req/s', 'p99 ratio']];
  for (const l of r.load) {
    const ratio = r.ratios.find((x) => x.label === l.label && x.peer === l.server);
    rows.push([
      l.label,
      l.server,
      formatNumber(l.reqPerSec),
      formatNumber(l.alertsPerSec),
      formatNumber(l.latencyMs.p50),
      formatNumber(l.latencyMs.p99),
      formatNumber(l.latencyMs.max),
      `${l.non2xx}/${l.errors}`,
      ratio ? `${ratio.ratio.toFixed(3)}×` : '',
      ratio ? `${ratio.p99Ratio.toFixed(2)}×` : '',
    ]);
  }
  const q = r.quietStorm;
  rows.push([q.label, 'mendbot, LOG_LEVEL=warn', formatNumber(q.reqPerSec), formatNumber(q.alertsPerSec), formatNumber(q.latencyMs.p50), formatNumber(q.latencyMs.p99), formatNumber(q.latencyMs.max), `${q.non2xx}/${q.errors}`, '', '']);
  console.log(
    '\nThroughput (autocannon, %d connections, %d s after %d s warm-up, medians of %d round(s), order rotated; mendbot LOG_LEVEL=%s, fresh per scenario)',
    connections,
    durationS,
    warmupS,
    rounds,
    mendbotLogLevel,
  );
  console.log(formatTable(rows));
  // mendbot's bodies come from a pool generated ahead of each run, like the peers'; one made during a run loads
  // the load generator, not the server, and lowers mendbot's figure.
  console.log(
    r.generatedWhileMeasured === 0
      ? 'every mendbot body sent while measured came from the pre-generated pool'
      : `WARNING: ${r.generatedWhileMeasured} mendbot bodies were generated while measured (the pool ran out): mendbot's figures are low`,
  );

  console.log('\n(c) 10,000 distinct alerts = 200 POSTs × 50 alerts, 20 in flight');
  const cRows: string[][] = [['run', 'incidents before', 'acknowledged', 'time to last ack', 'alerts/s', 'API check', 're-delivery (dedup)', 'target']];
  for (const t of [r.tenK.fresh, r.tenK.aged]) {
    cRows.push([
      t.label,
      formatNumber(t.incidentsBefore),
      `${t.acknowledged}/${t.groups}`,
      `${formatNumber(t.ms)} ms`,
      formatNumber(t.alertsPerSec),
      t.verified ? `${t.groups} incidents × ${t.alertsPerGroup} alerts` : 'FAILED',
      `${t.redelivery.acknowledged}/${t.groups} in ${formatNumber(t.redelivery.ms)} ms, ${t.redelivery.verified ? 'nothing new, deliveryCount 2' : 'FAILED'}`,
      `< ${targets.tenThousandAlertsMs} ms ${mark(t.ms < targets.tenThousandAlertsMs && t.verified)}`,
    ]);
  }
  console.log(formatTable(cRows));

  console.log('\n(d) acknowledgement latency at a fixed 1,000 alerts/s for %d s', durationS);
  const dRows: string[][] = [['run', 'achieved req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'failed', 'event-loop max / p99 ms', 'target']];
  for (const p of r.pacedRuns) {
    dRows.push([
      p.label,
      formatNumber(p.achievedReqPerSec),
      formatNumber(p.latencyMs.p50),
      formatNumber(p.latencyMs.p90),
      formatNumber(p.latencyMs.p99),
      formatNumber(p.latencyMs.max),
      String(p.failed),
      p.eventLoop ? `${formatNumber(p.eventLoop.maxMs)} / ${formatNumber(p.eventLoop.p99Ms)}` : '',
      `p99 < ${targets.pacedP99Ms} ms ${mark(p.latencyMs.p99 < targets.pacedP99Ms)}`,
    ]);
  }
  for (const f of r.fixed) {
    dRows.push([
      f.label,
      formatNumber(f.reqPerSecMean),
      formatNumber(f.latencyMs.p50),
      formatNumber(f.latencyMs.p90),
      formatNumber(f.latencyMs.p99),
      formatNumber(f.latencyMs.max),
      String(f.non2xx + f.errors),
      '',
      `p99 < ${targets.pacedP99Ms} ms ${mark(f.latencyMs.p99 < targets.pacedP99Ms)}`,
    ]);
  }
  console.log(formatTable(dRows));
  console.log(
    `  paced: ${connections} connections, requests evenly spaced, latency from when each was due (wrk2-style, no coordinated omission).\n` +
      '  autocannon overallRate: each connection sends its share back to back at the start of every second (bursts); 1 ms resolution.',
  );

  console.log('\nStorage: each mendbot stopped with SIGTERM, then its SQLite file read (read-only)');
  const sRows: string[][] = [['mendbot instance', 'exit', 'acked bodies', 'acked alerts', 'incidents', 'alerts', 'deliveries', 'acked but missing', 'incomplete', 'DB MiB']];
  for (const p of r.phases) {
    sRows.push([
      p.phase,
      String(p.mendbotExitCode),
      formatNumber(p.acknowledgedBodies),
      formatNumber(p.acknowledgedAlerts),
      formatNumber(p.incidents),
      formatNumber(p.alerts),
      formatNumber(p.deliveries),
      String(p.missingAcknowledged),
      String(p.incompleteAcknowledged),
      formatNumber(round(p.dbBytes / 2 ** 20, 1)),
    ]);
  }
  console.log(formatTable(sRows));
  const examples = r.phases.flatMap((p) => p.examples);
  if (examples.length) console.log(`  e.g. ${examples.slice(0, 10).join('; ')}`);
  console.log(`  seeded store: ${r.storage.byObject.map((o) => `${o.name} ${o.bytesPerIncident} B`).join(', ')} per incident`);

  console.log('\nTargets (issue 15; the machine is shared, so compare ratios measured in the same run, not absolute figures)');
  const tRows: string[][] = [['target', 'mendbot', 'baseline', 'ratio', 'goal', 'verdict']];
  for (const t of r.targets) tRows.push([t.target, t.measured, t.baseline, t.ratio, t.goal, mark(t.met)]);
  console.log(formatTable(tRows));
}
