import type { IncidentDetail } from '../../src/core/incidents/incident';
import type { Store } from '../../src/store/store';

/** How far back an alert key or fingerprint is looked for (the store has no index by alert key). */
const searchedIncidents = 100;

/**
 * An incident by its ID, or the newest incident holding an alert with this key (`am:<fp>@<startsAt>`) or
 * fingerprint, among the latest incidents.
 */
export async function findIncident(store: Store, target: string): Promise<IncidentDetail | null> {
  const direct = await store.getIncident(target);
  if (direct) return direct;
  const page = await store.listIncidents({ status: 'all', limit: searchedIncidents });
  for (const incident of page.items) {
    const detail = await store.getIncident(incident.id);
    if (detail?.alerts.some((a) => a.key === target || a.fingerprint === target)) return detail;
  }
  return null;
}
