import { html, type SafeHtml } from './html';
import type { IncidentView } from './incident-view';
import { renderCsrfField } from './render-csrf-field';
import type { UiPageContext } from './ui-page-context';
import { mayAct } from './ui-viewer';

/** One incident: resolve by hand (operator and up, while open), then the live body. */
export function renderIncidentPage(ctx: UiPageContext, view: IncidentView, body: SafeHtml): SafeHtml {
  const { incident } = view.detail;
  const id = encodeURIComponent(incident.id);
  return html`<h1>${incident.title || incident.correlationId}</h1>
${incident.status === 'open' && mayAct(ctx.viewer, 'operator') && html`<details class="panel"><summary>Resolve by hand</summary>
<form method="post" action="./${id}/resolve" id="resolve-form">${renderCsrfField(ctx)}
<label>Why<input name="reason" required maxlength="500" placeholder="fixed by rolling back"></label> <button class="danger" type="submit">Resolve incident</button></form></details>`}
<section id="incident-live" data-live="./${id}?fragment=1" data-events="../events" data-watch="incident:${incident.id}">${body}</section>`;
}
