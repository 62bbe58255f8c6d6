import type { ActiveAlert } from './alertmanager-api';
import { groupLabelsOf } from './group-labels-of';
import type { ReconciledIncident } from './reconciled-incident';

/** An alert Alertmanager reports firing that mendbot holds no firing alert for: its webhook was lost. */
export interface MissedAlert {
  /** What the in-memory "already reported" set remembers: fingerprint and the incident it was noted on. */
  key: string;
  fingerprint: string;
  alertname: string;
  labels: Record<string, string>;
  startsAt: string;
  reportedBy: string[];
  /** The open incident it belongs to (same fingerprint stored, else its common labels all match), or null. */
  incidentId: string | null;
}

/**
 * Active alerts mendbot never received as firing. Only alerts Alertmanager would have notified count: a
 * suppressed alert (silenced, inhibited) sends no webhook and an unprocessed one has not been routed yet.
 * An alert younger than `graceMs` may still be waiting for its group's first notification (group_wait,
 * group_interval), so it is not called lost yet.
 */
export function findMissedAlerts(input: { incidents: readonly ReconciledIncident[]; reported: readonly ActiveAlert[]; now: string; graceMs: number }): MissedAlert[] {
  const firing = new Set(input.incidents.flatMap((i) => i.alerts.filter((a) => a.status === 'firing').map((a) => a.fingerprint)));
  const now = Date.parse(input.now);
  const seen = new Set<string>();
  const missed: MissedAlert[] = [];
  for (const alert of input.reported) {
    if (alert.state !== 'active' || firing.has(alert.fingerprint) || seen.has(alert.fingerprint)) continue;
    if (now - Date.parse(alert.startsAt) < input.graceMs) continue;
    seen.add(alert.fingerprint);
    const incidentId = matchingIncident(alert, input.incidents);
    missed.push({
      key: `${alert.fingerprint}|${incidentId ?? '-'}`,
      fingerprint: alert.fingerprint,
      alertname: alert.labels.alertname ?? alert.fingerprint,
      labels: alert.labels,
      startsAt: alert.startsAt,
      reportedBy: alert.reportedBy,
      incidentId,
    });
  }
  return missed;
}

/**
 * The incident a missed alert belongs to: one that stored the same fingerprint (an earlier occurrence),
 * else one whose group labels (parsed from its group-key correlation ID) or, failing those, its
 * Alertmanager alerts' common labels are non-empty and all equal the alert's — the most specific such
 * match, the newest on a tie (ids sort by creation time). Null when none does.
 */
function matchingIncident(alert: ActiveAlert, incidents: readonly ReconciledIncident[]): string | null {
  const newestFirst = [...incidents].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const byFingerprint = newestFirst.find((i) => i.alerts.some((a) => a.fingerprint === alert.fingerprint));
  if (byFingerprint) return byFingerprint.id;
  let best: { id: string; size: number } | null = null;
  for (const incident of newestFirst) {
    const shared =
      (incident.correlationId !== undefined ? groupLabelsOf(incident.correlationId) : undefined) ??
      commonLabels(incident.alerts.filter((a) => a.source === 'alertmanager').map((a) => a.labels));
    const names = Object.keys(shared);
    if (names.length === 0 || !names.every((n) => alert.labels[n] === shared[n])) continue;
    if (!best || names.length > best.size) best = { id: incident.id, size: names.length };
  }
  return best?.id ?? null;
}

function commonLabels(sets: ReadonlyArray<Record<string, string>>): Record<string, string> {
  if (sets.length === 0) return {};
  const out = { ...sets[0] };
  for (const labels of sets.slice(1)) for (const [k, v] of Object.entries(out)) if (labels[k] !== v) delete out[k];
  return out;
}
