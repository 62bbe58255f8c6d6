import type { BacktestReport } from './backtest-report';

/** The report for a terminal: a summary, one row per playbook, then what each would have acted on. */
export function formatBacktestTable(report: BacktestReport): string[] {
  const lines = [
    `window ${report.window.since} → ${report.window.until}: ${report.deliveries} deliveries, ${report.alerts} alerts` +
      (report.unreadable > 0 ? `, ${report.unreadable} not replayable` : '') +
      (report.truncated ? ' (stopped at the delivery cap: later deliveries not replayed)' : ''),
    `controls now: ${report.controls.killSwitch ? 'KILL SWITCH ON' : 'kill switch off'}` +
      (report.controls.paused.length > 0 ? `, paused: ${report.controls.paused.join(', ')}` : '') +
      `; simulated run duration ${report.runDurationMs} ms; replayed in ${report.elapsedMs} ms`,
    '',
  ];
  const header = ['PLAYBOOK', 'MODE', 'INCIDENTS', 'ALERTS', 'WOULD RUN', 'HELD', 'INVALID', 'ALREADY RAN', 'TARGETS', 'RAN', 'DIFF'];
  const rows = report.playbooks.map((p) => [
    p.playbook,
    p.mode,
    String(p.incidentsMatched),
    String(p.alertsMatched),
    String(p.wouldStart),
    describeHeld(p.held, p.lockWaits),
    String(p.invalidParams),
    String(p.alreadyRan),
    String(p.targets.count),
    String(p.actual.started),
    p.difference > 0 ? `+${p.difference}` : String(p.difference),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  lines.push(line(header), ...rows.map(line));
  if (report.playbooks.length === 0) lines.push('(no playbooks)');
  for (const p of report.playbooks) {
    if (p.targets.sample.length === 0) continue;
    const more = p.targets.count > p.targets.sample.length ? ` … ${p.targets.count - p.targets.sample.length} more` : '';
    lines.push('', `${p.playbook} targets: ${p.targets.sample.join(', ')}${more}`);
  }
  lines.push('', 'WOULD RUN: runs the current playbooks and guardrails start; RAN: runs that started then; DIFF = WOULD RUN − RAN. Nothing was executed.');
  return lines;
}

function describeHeld(held: Record<string, number>, lockWaits: number): string {
  const parts = Object.entries(held)
    .filter(([, n]) => n > 0)
    .map(([g, n]) => `${g} ${n}`);
  if (lockWaits > 0) parts.push(`waited for lock ${lockWaits}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}
