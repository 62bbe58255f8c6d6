import type { Decision } from './decision';

/**
 * What one delivery did to one incident. Store adapters accumulate it per incident while applying a
 * delivery's alerts and write the counters once per incident, not once per alert.
 */
export interface IncidentTouch {
  alertDelta: number;
  firingDelta: number;
  stateChanges: number;
  sources: Set<string>;
  duplicates: string[];
  mayResolve: boolean;
  lastStateDecision?: Decision;
}
