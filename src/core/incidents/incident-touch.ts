import type { Decision } from './decision';

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
  /** An alert of this incident resolved: the incident resolves if nothing fires any more. */
  mayResolve: boolean;
  /** The decision that gets `incidentResolved` when it does. */
  lastStateDecision?: Decision;
}
