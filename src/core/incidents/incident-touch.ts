import type { CorrelatedAlert } from '../alerts/alert';
import type { Decision } from './decision';
import type { DeliveryChange } from './delivery-change';

/**
 * What one delivery did to one incident, accumulated while its alerts are decided: the counters are
 * written once per incident, not once per alert, and the resolve rule looks at the sum.
 */
export interface IncidentTouch {
  alertDelta: number;
  firingDelta: number;
  stateChanges: number;
  sources: Set<string>;
  duplicates: string[];
  /**
   * Alerts this delivery attached to the incident (not the one that opened it, nor reopenings): one timeline
   * entry names them all, written where the first one joined and rewritten as more join (`joined` in decide-alert-changes.ts).
   */
  joined?: { alerts: CorrelatedAlert[]; change: Extract<DeliveryChange, { kind: 'appendEvent' }> };
  /** An alert of this incident resolved: the incident resolves if nothing fires any more. */
  mayResolve: boolean;
  /** The decision that gets `incidentResolved` when it does. */
  lastStateDecision?: Decision;
}
