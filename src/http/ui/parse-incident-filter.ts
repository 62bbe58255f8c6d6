import type { IncidentFilter } from './load-incident-list';
import { UiRefusal } from './ui-refusal';

const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The incidents page's query string → a filter; anything else is a 400 naming the parameter. */
export function parseIncidentFilter(query: Record<string, unknown>): IncidentFilter {
  const status = one(query.status) ?? 'open';
  if (status !== 'open' && status !== 'resolved' && status !== 'all') throw new UiRefusal(400, 'status must be open, resolved or all');
  const source = one(query.source);
  if (source !== undefined && source !== 'alertmanager' && source !== 'pagerduty') throw new UiRefusal(400, 'source must be alertmanager or pagerduty');
  const labelText = one(query.label);
  let label: IncidentFilter['label'];
  if (labelText !== undefined) {
    const i = labelText.indexOf('=');
    if (i <= 0 || labelText.length > 500) throw new UiRefusal(400, 'label must be name=value');
    label = { key: labelText.slice(0, i).trim(), value: labelText.slice(i + 1).trim() };
  }
  const before = one(query.before);
  if (before !== undefined && before.length > 100) throw new UiRefusal(400, 'before is not an incident id');
  return { status, ...(source !== undefined ? { source } : {}), ...(label ? { label } : {}), ...(before !== undefined ? { before } : {}) };
}
