import type { Run, StepState } from '../../core/runs/run';
import { html, type SafeHtml } from './html';
import { renderBadge } from './render-badge';
import { renderTime } from './render-time';

const width = 1000;

interface AxisRow {
  label: string;
  phase: StepState['phase'] | 'queue';
  cls: string;
  status: string;
  from?: string;
  to?: string;
  note: string;
}

function rowsOf(run: Run, now: string): AxisRow[] {
  const rows: AxisRow[] = [{ label: 'queued', phase: 'queue', cls: 'queued', status: 'queued', from: run.createdAt, to: run.startedAt ?? (run.status === 'pending' ? now : run.createdAt), note: '' }];
  for (const s of run.steps) {
    const waiting = run.status === 'waiting_approval' && s.action === 'approval' && s.status !== 'succeeded' && s.status !== 'failed';
    const from = s.startedAt ?? (waiting ? run.approval?.requestedAt : undefined);
    const to = s.finishedAt ?? (s.status === 'running' || waiting ? now : undefined);
    const status = waiting ? 'waiting_approval' : s.status;
    const note = [s.attempts > 1 ? `${s.attempts} attempts (retried)` : '', s.phase !== 'main' ? s.phase.replace('_', ' ') : '', s.error ?? ''].filter(Boolean).join(' · ');
    rows.push({ label: s.id, phase: s.phase, cls: waiting ? 'waiting' : s.status, status, from, to, note });
  }
  return rows;
}

/**
 * The run as a picture: one row per step (recovery steps indented) with a bar from its start to its end
 * on a common time axis, coloured by outcome; waiting and running bars reach "now". SVG attributes, not
 * inline styles, place the bars: the Content-Security-Policy allows no inline style.
 */
export function renderStepAxis(run: Run, now: string): SafeHtml {
  const rows = rowsOf(run, now);
  const t0 = Date.parse(run.createdAt);
  const ends = rows.map((r) => (r.to ? Date.parse(r.to) : t0));
  const t1 = Math.max(t0 + 1, ...ends, run.finishedAt ? Date.parse(run.finishedAt) : t0);
  const x = (iso: string) => Math.round(((Date.parse(iso) - t0) / (t1 - t0)) * width);
  return html`<table class="axis" id="step-axis"><thead><tr><th>Step</th><th>Status</th><th class="bar">${renderTime(run.createdAt)} → ${renderTime(new Date(t1).toISOString())}</th><th>Notes</th></tr></thead><tbody>
${rows.map((r) => {
  const bar =
    r.from !== undefined && r.to !== undefined
      ? html`<rect class="s-${r.cls}" x="${x(r.from)}" y="2" height="12" width="${Math.max(4, x(r.to) - x(r.from))}"><title>${r.label}: ${r.from} → ${r.to}</title></rect>`
      : html``;
  return html`<tr class="p-${r.phase}" data-step="${r.label}" data-status="${r.status}"><td>${r.label}</td><td>${renderBadge(r.status)}</td>
<td class="bar"><svg viewBox="0 0 ${width} 16" preserveAspectRatio="none" role="img" aria-label="${r.label} ${r.status}"><g class="p-${r.phase}">${bar}</g></svg></td><td class="muted">${r.note}</td></tr>`;
})}
</tbody></table>`;
}
