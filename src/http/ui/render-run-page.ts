import type { Run } from '../../core/runs/run';
import { html, type SafeHtml } from './html';
import { renderCsrfField } from './render-csrf-field';
import type { UiPageContext } from './ui-page-context';
import { mayAct } from './ui-viewer';

/**
 * Approve and reject, rendered only for operators and up and only while the run waits (the server checks
 * the role again on the POST: a hidden button is not a permission). Part of the live region, so the
 * buttons go away as soon as anyone — here, in Slack or through the API — has decided.
 */
export function renderRunDecision(ctx: UiPageContext, run: Run): SafeHtml {
  if (run.status !== 'waiting_approval' || !mayAct(ctx.viewer, 'operator')) return html``;
  const id = encodeURIComponent(run.id);
  return html`<div class="panel" id="decision">
<form class="inline" method="post" action="./${id}/approve">${renderCsrfField(ctx)}<button class="primary" type="submit" id="approve">Approve</button></form>
<form class="inline" method="post" action="./${id}/reject">${renderCsrfField(ctx)}<button class="danger" type="submit" id="reject">Reject</button></form>
<span class="muted">as ${ctx.viewer.name}</span></div>`;
}

/** One run: its live region (decision buttons and body) refreshes on this run's events. */
export function renderRunPage(run: Run, live: SafeHtml): SafeHtml {
  const id = encodeURIComponent(run.id);
  return html`<h1>Run ${run.id}</h1>
<section id="run-live" data-live="./${id}?fragment=1" data-events="../events" data-watch="run:${run.id}">${live}</section>`;
}
