import type { CorrelatedAlert } from '../alerts/alert';
import { reopeningMark } from '../playbooks/scope-for-reopening';
import type { RunSeed } from '../runs/run';
import type { MatchTrace } from '../runs/run-planner';
import type { TimelineEntry } from './delivery-change';

/** The timeline entries intake writes: what humans read in `mendbot why` and the incident API. */
export const timelineEntries = {
  incidentOpened: (alert: CorrelatedAlert, deliveryId: string): TimelineEntry => ({
    type: 'incident_opened',
    message: `incident opened by ${alert.key}: ${alert.summary}`,
    data: { correlationId: alert.correlationId, deliveryId },
  }),

  /** One entry per alert received: what arrived and what was decided about it (the reason), together. */
  alertReceived: (alert: CorrelatedAlert, reason: string, kind: string, deliveryId: string): TimelineEntry => ({
    type: 'alert_received',
    message: `alert ${alert.key} ${alert.status} (${alert.summary}): ${reason}`,
    data: { alertKey: alert.key, status: alert.status, deliveryId, kind },
  }),

  /**
   * The alerts one delivery attached to an open incident, when more than one: one entry naming every alert (so
   * `why <alert>` finds it) and showing the first three, instead of one per alert (see decide-alert-changes.ts).
   */
  alertsJoined: (alerts: CorrelatedAlert[], incidentId: string, deliveryId: string): TimelineEntry => {
    const resolved = alerts.filter((a) => a.status === 'resolved').length;
    const shown = alerts
      .slice(0, 3)
      .map((a) => `${a.key} ${a.status} (${a.summary})`)
      .join(', ');
    const more = alerts.length > 3 ? ` and ${alerts.length - 3} more` : '';
    return {
      type: 'alert_received',
      message: `${alerts.length} alerts joined open incident ${incidentId}${resolved > 0 ? ` (${resolved} first seen already resolved)` : ''}: ${shown}${more}`,
      data: { alertKeys: alerts.map((a) => a.key), count: alerts.length, firing: alerts.length - resolved, resolved, deliveryId, kind: 'attached' },
    };
  },

  incidentReopened: (alertKey: string, deliveryId: string): TimelineEntry => ({
    type: 'incident_reopened',
    message: `incident reopened: ${alertKey} fired again within the reopen window`,
    data: { deliveryId },
  }),

  flappingDetected: (correlationId: string, count: number, windowMs: number): TimelineEntry => ({
    type: 'flapping_detected',
    message: `flapping: ${count} state changes within ${windowMs / 60000} min`,
    data: { correlationId, count },
  }),

  sourceActivity: (alertKey: string, reason: string, deliveryId: string): TimelineEntry => ({
    type: 'source_activity',
    message: reason,
    data: { alertKey, deliveryId },
  }),

  /** Duplicates are summed per incident and delivery, so a repeating storm does not flood the timeline. */
  duplicatesCounted: (alertKeys: string[], deliveryId: string): TimelineEntry => ({
    type: 'decision',
    message: `duplicate: ${alertKeys.length} alert(s) already recorded, delivery ${deliveryId} counted`,
    data: { deliveryId, count: alertKeys.length, alertKeys: alertKeys.slice(0, 20) },
  }),

  incidentResolved: (deliveryId: string): TimelineEntry => ({
    type: 'incident_resolved',
    message: 'incident resolved: all its alerts are resolved',
    data: { deliveryId },
  }),

  /** A copy that arrived too late to apply: what it said and why nothing changed. */
  staleEvent: (alert: CorrelatedAlert, reason: string, deliveryId: string): TimelineEntry => ({
    type: 'alert_received',
    message: `alert ${alert.key} ${alert.status ?? alert.activity ?? 'activity'} (${alert.summary}): stale, not applied: ${reason}`,
    data: { alertKey: alert.key, status: alert.status, deliveryId, kind: 'stale', ...(alert.occurredAt ? { occurredAt: alert.occurredAt } : {}) },
  }),

  /**
   * A matching playbook the store did not run because a run already holds its scope (once per incident,
   * per reopening, per alert): which playbook, for which alerts, and the run that holds the scope.
   */
  runNotRepeated: (
    seed: Pick<RunSeed, 'playbook' | 'scopeKey' | 'alertKey' | 'definition'>,
    alsoFor: string[],
    holder: { runId: string; status: string } | null,
  ): TimelineEntry => {
    const alerts = [seed.alertKey, ...alsoFor].filter((k): k is string => k !== null);
    const shown = alerts.length > 3 ? `${alerts.slice(0, 3).join(', ')} and ${alerts.length - 3} more` : alerts.join(', ');
    const by = holder ? `run ${holder.runId} (${holder.status})` : 'an earlier run';
    return {
      type: 'playbook_matched',
      message: `playbook ${seed.playbook} matched${shown ? ` ${shown}` : ''} but did not run again: ${by} already holds its scope, ${scopeRule(seed)}`,
      data: { playbook: seed.playbook, scopeKey: seed.scopeKey, alertKeys: alerts.slice(0, 20), count: alerts.length, runId: holder?.runId ?? null },
    };
  },

  /** A person closed the incident (API or chat): who, why, and what that did to its alerts. */
  resolvedByHand: (by: string, reason: string, alertKeys: string[]): TimelineEntry => ({
    type: 'incident_resolved',
    message:
      `incident resolved by ${by}: ${reason}` +
      (alertKeys.length > 0 ? ` (${alertKeys.length} firing alert(s) marked resolved; a later copy of them is stale, a new occurrence reopens)` : ''),
    data: { by, reason, manual: true, alertKeys: alertKeys.slice(0, 20), count: alertKeys.length },
  }),

  playbooksNotMatched: (alertKey: string, misses: MatchTrace[]): TimelineEntry => ({
    type: 'playbook_not_matched',
    message: `alert ${alertKey}: ${misses.map((m) => `${m.playbook} (${m.reason})`).join('; ')}`,
    data: { alertKey, playbooks: misses },
  }),
};

function scopeRule(seed: Pick<RunSeed, 'scopeKey' | 'alertKey' | 'definition'>): string {
  if (seed.scopeKey === 'incident') {
    return seed.definition.rerunOnReopen
      ? 'it runs once per incident until the incident reopens'
      : 'it runs once per incident (with rerun_on_reopen: true it runs again when the incident reopens)';
  }
  if (seed.scopeKey.startsWith(`incident${reopeningMark}`)) return 'it runs once per reopening of the incident (rerun_on_reopen)';
  if (seed.alertKey !== null && seed.scopeKey.startsWith(seed.alertKey)) return 'it runs once per alert (per: alert)';
  return `it runs once per scope ${seed.scopeKey}`;
}
