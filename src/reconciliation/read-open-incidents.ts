import type { ReconciledIncident } from '../core/alertmanager/reconciled-incident';
import type { Store } from '../store/store';

/**
 * Every open incident with its alerts, newest first, a page of 200 at a time. One getIncident per incident
 * (the port has no read of just the alerts of open incidents); an incident resolved or deleted between the
 * page and its read is skipped.
 */
export async function readOpenIncidents(store: Pick<Store, 'listIncidents' | 'getIncident'>): Promise<ReconciledIncident[]> {
  const out: ReconciledIncident[] = [];
  let beforeId: string | undefined;
  for (;;) {
    const page = await store.listIncidents({ status: 'open', limit: 200, ...(beforeId ? { beforeId } : {}) });
    for (const incident of page.items) {
      const detail = await store.getIncident(incident.id);
      if (detail?.incident.status !== 'open') continue;
      out.push({ id: incident.id, correlationId: incident.correlationId, alertmanager: detail.incident.alertmanager ?? null, alerts: detail.alerts });
    }
    const last = page.items.at(-1);
    if (!page.hasMore || !last) return out;
    beforeId = last.id;
  }
}
