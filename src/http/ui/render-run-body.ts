import type { TimelineEvent } from '../../core/incidents/incident';
import type { Run } from '../../core/runs/run';
import { html, type SafeHtml } from './html';
import { renderBadge } from './render-badge';
import { renderStepAxis } from './render-step-axis';
import { renderTime } from './render-time';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The live part of a run's page: the step picture, each step's rendered input and output exactly as
 * stored (the engine redacts secrets before it stores step state, so nothing here can reveal one), and
 * the decision trace: the incident timeline entries about this run, in order.
 */
export function renderRunBody(run: Run, trace: TimelineEvent[], now: string): SafeHtml {
  return html`<p>${renderBadge(run.status)} playbook <strong>${run.playbook}</strong> (mode ${run.mode}, trigger ${run.trigger}) ·
<a href="../incidents/${encodeURIComponent(run.incidentId)}">incident</a> · created ${renderTime(run.createdAt)}${run.finishedAt && html`, finished ${renderTime(run.finishedAt)}`}</p>
${run.reason && html`<p class="notice" id="run-reason">${run.reason}</p>`}
${run.approval && html`<p id="approval">Approval: ${run.approval.decision ? html`${run.approval.decision} by <strong>${run.approval.by ?? '?'}</strong> ${renderTime(run.approval.at)}` : html`waiting for ${run.approval.approvers.join(', ')} until ${renderTime(run.approval.expiresAt)}`}</p>`}
<h2>Steps</h2>
${renderStepAxis(run, now)}
<h2>Inputs and outputs</h2>
${run.steps.map(
  (s) => html`<details class="step" data-step="${s.id}"${s.status === 'failed' ? html` open` : ''}><summary>${s.id} <span class="muted">${s.action}</span> ${renderBadge(s.status)}</summary>
${s.input !== undefined && html`<h3>Input</h3><pre class="input">${json(s.input)}</pre>`}
${s.output !== undefined && html`<h3>Output</h3><pre class="output">${json(s.output)}</pre>`}
${s.error !== undefined && html`<h3>Error</h3><pre class="error">${s.error}${s.errorDetails ? `\n${json(s.errorDetails)}` : ''}</pre>`}
</details>`,
)}
<h2>Decision trace</h2>
<table id="trace"><tbody>${trace.map((e) => html`<tr><td>${renderTime(e.at)}</td><td>${e.type.replace(/_/g, ' ')}</td><td>${e.message}</td></tr>`)}</tbody></table>`;
}
