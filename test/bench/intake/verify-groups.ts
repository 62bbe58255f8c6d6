import type { GeneratedBody } from '../alertmanager-bodies';
import { getJson } from './get-json';

interface ApiIncident {
  id: string;
  correlationId: string;
  alertCount: number;
  deliveryCount: number;
}

/** Checks through the API that each group is exactly one incident holding exactly its alerts. */
export async function verifyGroups(url: string, groups: GeneratedBody[], deliveryCount: number): Promise<string[]> {
  const problems: string[] = [];
  for (const g of groups) {
    const list = await getJson<{ items: ApiIncident[] }>(
      `${url}/api/incidents?status=all&limit=200&correlation_id=${encodeURIComponent(g.groupKey)}`,
    );
    if (list.items.length !== 1) {
      problems.push(`${g.groupKey}: ${list.items.length} incidents`);
      continue;
    }
    const inc = list.items[0]!;
    if (inc.alertCount !== g.alerts.length) problems.push(`${g.groupKey}: alertCount ${inc.alertCount}, expected ${g.alerts.length}`);
    if (inc.deliveryCount !== deliveryCount) problems.push(`${g.groupKey}: deliveryCount ${inc.deliveryCount}, expected ${deliveryCount}`);
    const detail = await getJson<{ alerts: Array<{ key: string; fingerprint: string }> }>(`${url}/api/incidents/${inc.id}`);
    const stored = new Set(detail.alerts.map((a) => a.key));
    const missing = g.alerts.filter((a) => !stored.has(a.key));
    if (missing.length > 0 || stored.size !== g.alerts.length) {
      problems.push(`${g.groupKey}: ${stored.size} alerts stored, ${missing.length} expected keys missing`);
    }
  }
  return problems;
}
