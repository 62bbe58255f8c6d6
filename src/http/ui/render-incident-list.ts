import type { Incident } from '../../core/incidents/incident';
import { html, type SafeHtml } from './html';
import type { IncidentListPage } from './load-incident-list';
import { renderBadge } from './render-badge';
import { renderTime } from './render-time';

/** Flapping and what Alertmanager last said, where known. */
function renderIncidentBadges(incident: Incident): SafeHtml {
  const am = incident.alertmanager;
  return html`${incident.flapping && renderBadge('flapping')}
${am && (am.active ? html`<span class="badge b-active" title="checked ${am.checkedAt}">active in Alertmanager</span>` : html`<span class="badge b-missing" title="missing since ${am.missingSince ?? '?'}">gone from Alertmanager</span>`)}`;
}

/**
 * The incidents table: the live region of the incidents page, also served alone as a fragment the script
 * re-fetches on an event. Links are relative to /ui/, where both are served from.
 */
export function renderIncidentList(page: IncidentListPage, olderHref: string | undefined): SafeHtml {
  if (page.items.length === 0) return html`<p class="muted" id="no-incidents">No incidents match.</p>`;
  return html`<table id="incidents"><thead><tr><th>Status</th><th>Incident</th><th>Sources</th><th>Alerts</th><th>Opened</th><th>Last seen</th></tr></thead><tbody>
${page.items.map(
  (i) => html`<tr data-incident="${i.id}"><td>${renderBadge(i.status)}</td>
<td><a href="./incidents/${encodeURIComponent(i.id)}">${i.title || i.correlationId}</a> ${renderIncidentBadges(i)}<div class="muted">${i.correlationId}</div></td>
<td>${i.sources.join(', ')}</td><td>${i.firingCount} firing / ${i.alertCount}</td><td>${renderTime(i.openedAt)}</td><td>${renderTime(i.lastSeenAt)}</td></tr>`,
)}
</tbody></table>
${olderHref !== undefined && html`<p class="pager"><a href="${olderHref}">Older incidents →</a></p>`}`;
}
