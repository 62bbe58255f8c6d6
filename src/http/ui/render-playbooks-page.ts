import type { Controls } from '../../core/runs/controls';
import { html, type SafeHtml } from './html';
import type { PlaybookRow } from './load-playbook-rows';
import { renderBadge } from './render-badge';
import { renderCsrfField } from './render-csrf-field';
import { renderTime } from './render-time';
import type { UiPageContext } from './ui-page-context';
import { mayAct } from './ui-viewer';

/** The kill switch: state for everyone, the switch for admins (the API's rule). */
function renderKillSwitch(ctx: UiPageContext, controls: Controls): SafeHtml {
  const k = controls.killSwitch;
  const state = k
    ? html`<p><span class="badge b-tripped" id="kill-switch-state">ON</span> all automation stopped by <strong>${k.by}</strong> ${renderTime(k.at)}: ${k.reason}</p>`
    : html`<p><span class="badge b-active" id="kill-switch-state">off</span> playbooks run.</p>`;
  const control = mayAct(ctx.viewer, 'admin')
    ? k
      ? html`<form method="post" action="kill-switch">${renderCsrfField(ctx)}<input type="hidden" name="state" value="off"><button type="submit" id="kill-switch-off">Turn the kill switch off</button></form>`
      : html`<form method="post" action="kill-switch">${renderCsrfField(ctx)}<input type="hidden" name="state" value="on"><label>Why<input name="reason" required maxlength="500" id="kill-switch-reason"></label> <button class="danger" type="submit" id="kill-switch-on">Stop all automation</button></form>`
    : html``;
  return html`<div class="panel" id="kill-switch"><h2>Kill switch</h2>${state}${control}</div>`;
}

/**
 * Playbooks: mode, pause, breaker, budget used this hour, last runs; pause and resume for operators and up;
 * a backtest of the last 7 days for everyone when the server has a backtester (computed on request, never
 * on page load: a replay reads a week of deliveries).
 */
export function renderPlaybooksPage(ctx: UiPageContext, controls: Controls, rows: PlaybookRow[], canBacktest = false): SafeHtml {
  const operator = mayAct(ctx.viewer, 'operator');
  return html`<h1>Playbooks</h1>
${renderKillSwitch(ctx, controls)}
<table id="playbooks"><thead><tr><th>Playbook</th><th>Mode</th><th>State</th><th>Runs this hour</th><th>Last runs</th>${canBacktest && html`<th>Backtest</th>`}${operator && html`<th>Control</th>`}</tr></thead><tbody>
${rows.map((r) => {
  const name = encodeURIComponent(r.name);
  return html`<tr data-playbook="${r.name}"><td>${r.name}</td><td>${r.mode}</td>
<td>${r.paused ? html`${r.breakerTripped ? renderBadge('tripped', 'breaker tripped') : renderBadge('paused')} <span class="muted">by ${r.paused.by}: ${r.paused.reason}</span>` : renderBadge('active')}</td>
<td>${r.runsThisHour}${r.maxRunsPerHour !== undefined && html` / ${r.maxRunsPerHour}`}</td>
<td>${r.lastRuns.map((run) => html`<a href="runs/${encodeURIComponent(run.id)}" title="${run.createdAt}">${renderBadge(run.status)}</a> `)}</td>
${canBacktest && html`<td>${r.mode === 'not loaded' ? html`<span class="muted">not loaded</span>` : html`<form class="inline" method="post" action="playbooks/${name}/backtest">${renderCsrfField(ctx)}<button type="submit" data-backtest="${r.name}">Backtest last 7 days</button></form>`}</td>`}
${operator && html`<td>${r.paused
    ? html`<form class="inline" method="post" action="playbooks/${name}/resume">${renderCsrfField(ctx)}<button type="submit">Resume</button></form>`
    : html`<form class="inline" method="post" action="playbooks/${name}/pause">${renderCsrfField(ctx)}<input name="reason" required maxlength="500" placeholder="why" aria-label="Why pause ${r.name}"> <button type="submit">Pause</button></form>`}</td>`}</tr>`;
})}
</tbody></table>`;
}
