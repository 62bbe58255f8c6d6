import type { ActiveAlert } from '../../src/core/alertmanager/alertmanager-api';
import type { AlertmanagerAlerts } from './alertmanager-alerts-schema';

/** Which state wins when peers disagree (gossip lag): notified beats suppressed beats just received. */
const rank: Record<ActiveAlert['state'], number> = { active: 3, suppressed: 2, unprocessed: 1 };

/**
 * The alerts of every peer that answered, one per fingerprint: an alert is active if any peer reports it,
 * `reportedBy` names those peers, and the window is the widest any peer knows.
 */
export function mergeAlerts(answers: Array<{ url: string; alerts: AlertmanagerAlerts }>): ActiveAlert[] {
  const merged = new Map<string, ActiveAlert>();
  for (const { url, alerts } of answers) {
    for (const alert of alerts) {
      const seen = merged.get(alert.fingerprint);
      if (!seen) {
        merged.set(alert.fingerprint, {
          fingerprint: alert.fingerprint,
          labels: alert.labels,
          state: alert.status.state,
          startsAt: alert.startsAt,
          endsAt: alert.endsAt,
          reportedBy: [url],
        });
        continue;
      }
      if (!seen.reportedBy.includes(url)) seen.reportedBy.push(url);
      if (rank[alert.status.state] > rank[seen.state]) seen.state = alert.status.state;
      if (Date.parse(alert.startsAt) < Date.parse(seen.startsAt)) seen.startsAt = alert.startsAt;
      if (Date.parse(alert.endsAt) > Date.parse(seen.endsAt)) seen.endsAt = alert.endsAt;
    }
  }
  return [...merged.values()];
}
