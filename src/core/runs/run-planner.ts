import type { CorrelatedAlert } from '../alerts/alert';
import type { Decision } from '../incidents/decision';
import type { RunSeed } from './run';

export interface PlannerInput {
  alert: CorrelatedAlert;
  decision: Decision;
  incidentId: string;
  /**
   * Labels shared by this delivery's alerts of the same correlation ID. Worked out on the first call, once per
   * delivery: only a playbook that matched needs them (comparing every label of a 50-alert group was ~20 µs of
   * each grouped delivery, playbooks or not).
   */
  commonLabels: () => Record<string, string>;
}

export interface MatchTrace {
  playbook: string;
  matched: boolean;
  reason: string;
}

/**
 * Called by the store inside the delivery's write, for each alert decision that may start remediation,
 * so runs are created in the same atomic step as the incident decision. Pure and synchronous.
 */
export type RunPlanner = (input: PlannerInput) => { seeds: RunSeed[]; trace: MatchTrace[] };
