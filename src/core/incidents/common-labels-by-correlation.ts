import type { CorrelatedAlert } from '../../core/alerts/alert';

/** Labels equal across all of a delivery's alerts with the same correlation ID (Alertmanager's commonLabels, per group). */
export function commonLabelsByCorrelation(alerts: CorrelatedAlert[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const a of alerts) {
    const prev = out.get(a.correlationId);
    if (!prev) {
      out.set(a.correlationId, { ...a.labels });
      continue;
    }
    for (const [k, v] of Object.entries(prev)) if (a.labels[k] !== v) delete prev[k];
  }
  return out;
}
