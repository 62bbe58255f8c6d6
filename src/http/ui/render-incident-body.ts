import { html, type SafeHtml } from './html';
import type { IncidentView } from './incident-view';
import { renderBadge } from './render-badge';
import { renderTime } from './render-time';
import { safeHref } from './safe-href';

function link(url: string | undefined, text: string): SafeHtml | false {
  const href = safeHref(url);
  return href !== undefined && html`<a href="${href}" rel="noopener noreferrer" target="_blank">${text}</a>`;
}

/** The live part of an incident's page: alerts with labels and links, its runs, the timeline. */
export function renderIncidentBody(view: IncidentView, alertmanagerUrl: string | undefined): SafeHtml {
  const { incident, alerts, timeline } = view.detail;
  const am = incident.alertmanager;
  return html`<p>${renderBadge(incident.status)} ${incident.flapping && renderBadge('flapping')}
${am && (am.active ? html`<span class="badge b-active">active in Alertmanager</span>` : html`<span class="badge b-missing">gone from Alertmanager since ${renderTime(am.missingSince)}</span>`)}
opened ${renderTime(incident.openedAt)}${incident.resolvedAt && html`, resolved ${renderTime(incident.resolvedAt)}`} · correlation <code>${incident.correlationId}</code></p>
<p class="links">${link(view.slackThread, 'Slack thread')} ${view.postmortem && link(view.postmortem.url, `Postmortem ${view.postmortem.id}`)}
${alertmanagerUrl !== undefined && link(`${alertmanagerUrl}/#/alerts`, 'Alertmanager')}</p>
<h2>Alerts (${alerts.length})</h2>
<table id="alerts"><thead><tr><th>Status</th><th>Alert</th><th>Labels</th><th>Started</th><th>Links</th></tr></thead><tbody>
${alerts.map(
  (a) => html`<tr><td>${renderBadge(a.status === 'firing' ? 'open' : 'resolved', a.status)}</td><td>${a.summary}<div class="muted">${a.source} · ${a.deliveryCount} deliveries</div></td>
<td class="labels">${Object.entries(a.labels).map(([k, v]) => html`<code>${k}=${v}</code>`)}</td><td>${renderTime(a.startsAt)}</td>
<td>${link(a.generatorUrl ?? undefined, 'source')} ${link(a.annotations.runbook_url, 'runbook')} ${a.source === 'pagerduty' && link(a.annotations.html_url ?? a.labels.html_url, 'PagerDuty')}</td></tr>`,
)}
</tbody></table>
<h2>Runs (${view.runs.length})</h2>
${view.runs.length === 0
  ? html`<p class="muted">No playbook ran for this incident.</p>`
  : html`<table id="runs"><thead><tr><th>Run</th><th>Playbook</th><th>Status</th><th>Created</th><th>Reason</th></tr></thead><tbody>
${view.runs.map((r) => html`<tr><td><a href="../runs/${encodeURIComponent(r.id)}">${r.id}</a></td><td>${r.playbook} <span class="muted">(${r.mode})</span></td><td>${renderBadge(r.status)}</td><td>${renderTime(r.createdAt)}</td><td>${r.reason ?? ''}</td></tr>`)}
</tbody></table>`}
<h2>Timeline</h2>
<table id="timeline"><thead><tr><th>When</th><th>What</th><th>Detail</th></tr></thead><tbody>
${timeline.map((e) => html`<tr><td>${renderTime(e.at)}</td><td>${e.type.replace(/_/g, ' ')}</td><td>${e.message}</td></tr>`)}
</tbody></table>`;
}
