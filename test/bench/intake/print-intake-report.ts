import { formatNumber } from '../format-number';
import { formatTable } from '../format-table';
import { round } from '../round';
import { intakeSettings } from './intake-settings';
import type { IntakeFigures } from './intake-verdicts';

/** The tables on stdout: throughput (a, b), 10,000 alerts (c), fixed-rate latency (d) and what each mendbot stored. */
export function printIntakeReport(r: IntakeFigures & { ratios: Array<{ label: string; ratio: number }> }): void {
  const { connections, durationS, warmupS, targets } = intakeSettings;
  const mark = (met: boolean) => (met ? 'MET' : 'NOT MET');
  const rows: string[][] = [['scenario', 'server', 'req/s (median)', 'alerts/s', 'p50 ms', 'p99 ms', 'non-2xx/err', 'mendbot/bare', 'target']];
  for (const l of r.load) {
    const ratio = r.ratios.find((x) => x.label === l.label)!.ratio;
    const isMendbot = l.server === 'mendbot';
    rows.push([
      l.label,
      l.server,
      formatNumber(l.reqPerSec),
      formatNumber(l.alertsPerSec),
      formatNumber(l.latencyMs.p50),
      formatNumber(l.latencyMs.p99),
      `${l.non2xx}/${l.errors}`,
      isMendbot ? `${ratio.toFixed(2)}×` : '',
      isMendbot ? `≥ ${targets.throughputRatio}× ${mark(ratio >= targets.throughputRatio)}` : '',
    ]);
  }
  console.log('\nThroughput (autocannon, %d connections, %d s after %d s warm-up; fresh mendbot per scenario)', connections, durationS, warmupS);
  console.log(formatTable(rows));

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
  const dRows: string[][] = [['run', 'achieved req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'failed', 'target']];
  for (const p of r.pacedRuns) {
    dRows.push([
      p.label,
      formatNumber(p.achievedReqPerSec),
      formatNumber(p.latencyMs.p50),
      formatNumber(p.latencyMs.p90),
      formatNumber(p.latencyMs.p99),
      formatNumber(p.latencyMs.max),
      String(p.failed),
      `p99 < ${targets.p99AtThousandAlertsPerSecMs} ms ${mark(p.latencyMs.p99 < targets.p99AtThousandAlertsPerSecMs)}`,
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
      `p99 < ${targets.p99AtThousandAlertsPerSecMs} ms ${mark(f.latencyMs.p99 < targets.p99AtThousandAlertsPerSecMs)}`,
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
}
