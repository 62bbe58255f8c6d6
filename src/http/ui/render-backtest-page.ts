import type { BacktestReport } from '../../backtest/backtest-report';
import { html, type SafeHtml } from './html';
import { renderTime } from './render-time';
import type { UiPageContext } from './ui-page-context';

const counts = (held: Record<string, number>, lockWaits: number): string => {
  const parts = Object.entries(held)
    .filter(([, n]) => n > 0)
    .map(([guardrail, n]) => `${guardrail} ${n}`);
  if (lockWaits > 0) parts.push(`waited for lock ${lockWaits}`);
  return parts.length === 0 ? '–' : parts.join(', ');
};

/**
 * A backtest report as `mendbot backtest` prints it (same columns, same words), as a table: what the
 * current playbook and guardrails would have started over the window, against what did run then.
 */
export function renderBacktestPage(ctx: UiPageContext, name: string, report: BacktestReport): SafeHtml {
  const c = report.controls;
  return html`<h1>Backtest of ${name}</h1>
<div class="panel" id="backtest-summary"><p>${renderTime(report.window.since)} → ${renderTime(report.window.until)}:
<strong>${report.deliveries}</strong> deliveries, <strong>${report.alerts}</strong> alerts${report.unreadable > 0 && html`, ${report.unreadable} not replayable`}${report.truncated && html` <strong>(stopped at the delivery cap: later deliveries not replayed)</strong>`}.</p>
<p class="muted">Controls now: ${c.killSwitch ? 'KILL SWITCH ON' : 'kill switch off'}${c.paused.length > 0 && html`, paused: ${c.paused.join(', ')}`}; replayed in ${report.elapsedMs} ms. Nothing was executed.</p></div>
<table id="backtest"><thead><tr><th>Playbook</th><th>Mode</th><th>Incidents</th><th>Alerts</th><th>Would run</th><th>Held</th><th>Invalid</th><th>Already ran</th><th>Targets</th><th>Ran</th><th>Diff</th></tr></thead><tbody>
${report.playbooks.map(
  (p) => html`<tr data-playbook="${p.playbook}"><td>${p.playbook}</td><td>${p.mode}</td><td data-col="incidents">${p.incidentsMatched}</td><td data-col="alerts">${p.alertsMatched}</td>
<td data-col="would-run">${p.wouldStart}</td><td data-col="held">${counts(p.held, p.lockWaits)}</td><td data-col="invalid">${p.invalidParams}</td><td data-col="already-ran">${p.alreadyRan}</td>
<td data-col="targets" title="${p.targets.sample.join(', ')}">${p.targets.count}</td><td data-col="ran">${p.actual.started}</td><td data-col="diff">${p.difference > 0 ? `+${p.difference}` : p.difference}</td></tr>`,
)}
</tbody></table>
<p class="muted">Would run: runs the current playbook and guardrails start; Ran: runs that started then; Diff = Would run − Ran.</p>
<p><a href="${ctx.root}playbooks">Back to playbooks</a></p>`;
}
