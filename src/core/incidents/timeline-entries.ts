import type { CorrelatedAlert } from '../alerts/alert';
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

  playbooksNotMatched: (alertKey: string, misses: MatchTrace[]): TimelineEntry => ({
    type: 'playbook_not_matched',
    message: `alert ${alertKey}: ${misses.map((m) => `${m.playbook} (${m.reason})`).join('; ')}`,
    data: { alertKey, playbooks: misses },
  }),
};
