import type { GuardrailHit } from '../core/runs/admission';
import type { MatchTrace } from '../core/runs/run-planner';
import type { Run } from '../core/runs/run';

/** What the engine did in one test case: the facts the expectations are checked against. */
export interface CaseObservation {
  /** Every playbook match decision the planner took, per alert. */
  traces: Array<MatchTrace & { alertKey: string }>;
  /** Every run, in creation order. */
  runs: Run[];
  /** Guardrail decisions taken while claiming runs, in order. */
  hits: GuardrailHit[];
  /** Deliveries the intake refused (e.g. an invalid webhook body file), as `alerts[i]: message`. */
  deliveryErrors: string[];
}
