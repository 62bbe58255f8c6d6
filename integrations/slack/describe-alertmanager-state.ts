import type { Incident } from '../../src/core/incidents/incident';
import { formatUtcTime } from './format-utc-time';

/**
 * What Alertmanager last said about the incident's alerts, as one line for its Slack message; undefined when
 * it was never asked (no ALERTMANAGER_URL, or reconciliation has not run yet).
 */
export function describeAlertmanagerState(incident: Pick<Incident, 'status' | 'alertmanager'>): string | undefined {
  const state = incident.alertmanager;
  if (!state) return undefined;
  if (state.active) return `Alertmanager: still active (checked ${formatUtcTime(state.checkedAt)})`;
  const since = formatUtcTime(state.missingSince ?? state.checkedAt);
  // Once resolved there is nothing left to wait for; while open, reconciliation resolves it after its grace.
  return incident.status === 'open' ? `Alertmanager: no longer active since ${since} (resolving after grace)` : `Alertmanager: no longer active since ${since}`;
}
