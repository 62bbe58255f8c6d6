/** What the intake decided for one alert of one delivery. Every decision carries a reason for humans. */
export type DecisionKind =
  | 'new_incident'
  | 'attached'
  | 'duplicate'
  | 'state_change'
  | 'reopened'
  | 'activity'
  | 'ignored'
  /** A late or out-of-order copy: recorded with its reason, applied to nothing (see decideAlert). */
  | 'stale'
  | 'duplicate_delivery';

export interface Decision {
  kind: DecisionKind;
  /** Absent for deliveries without alerts (ping, unknown event) and for ignored alerts. */
  alertKey?: string;
  incidentId?: string;
  correlationId?: string;
  /** e.g. "new incident inc_… for correlation ID …", "duplicate of alert … in incident …". */
  reason: string;
  /** Set when this alert's change resolved its incident. */
  incidentResolved?: boolean;
  /** Set when this alert's change made its incident cross the flapping threshold. */
  flappingDetected?: boolean;
}

export interface DeliveryOutcome {
  deliveryId: string;
  /** The same dedupe key was stored before: nothing changed. */
  duplicateDelivery: boolean;
  decisions: Decision[];
  /** Runs the delivery's write created (the executor is only woken when there is work). */
  runsCreated?: number;
  /** Queued runs and pending approvals the delivery's resolutions cancelled. */
  runsCancelled?: Array<{ runId: string; playbook: string }>;
}
