import { html, type SafeHtml } from './html';
import type { IncidentFilter } from './load-incident-list';
import type { UiPageContext } from './ui-page-context';

/** The query string of a filter (without paging): the page, its fragment and "Older" share it. */
export function incidentFilterQuery(filter: IncidentFilter, before?: string): string {
  const q = new URLSearchParams({ status: filter.status });
  if (filter.source !== undefined) q.set('source', filter.source);
  if (filter.label !== undefined) q.set('label', `${filter.label.key}=${filter.label.value}`);
  if (before !== undefined) q.set('before', before);
  return q.toString();
}

/**
 * Open and recent incidents with filters (a plain GET form: shareable URLs, works without script). The
 * first page is live: on any incident or run event the script re-fetches `fragments/incidents`.
 */
export function renderIncidentsPage(ctx: UiPageContext, filter: IncidentFilter, list: SafeHtml): SafeHtml {
  const option = (value: string, current: string | undefined, text = value) => html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${text}</option>`;
  const live = filter.before === undefined;
  return html`<h1>Incidents</h1>
<form class="filters" method="get" action="${ctx.root}" role="search">
<label>Status<select name="status">${option('open', filter.status)}${option('resolved', filter.status)}${option('all', filter.status)}</select></label>
<label>Source<select name="source">${option('', filter.source, 'any')}${option('alertmanager', filter.source)}${option('pagerduty', filter.source)}</select></label>
<label>Label<input name="label" placeholder="service=checkout" value="${filter.label ? `${filter.label.key}=${filter.label.value}` : ''}"></label>
<button type="submit">Filter</button></form>
<section id="incident-list" aria-live="polite"${live ? html` data-live="fragments/incidents?${incidentFilterQuery(filter)}" data-events="events" data-watch="*"` : ''}>${list}</section>`;
}
