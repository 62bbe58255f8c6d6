import type { Controls } from './controls';
import type { Run } from './run';

/** What the guardrails need to know about a candidate run, read inside the claim's transaction. */
export interface RunGuardFacts {
  controls: Controls;
  /** Runs of this playbook started within the last hour (this one excluded). */
  startedLastHour: number;
  /** Most recent start of this playbook for this correlation ID (this run excluded). */
  lastStartForCorrelation: string | null;
  /** The run holding this run's lock key, if another one does. */
  lockHolder: string | null;
  incidentStatus: 'open' | 'resolved';
}

export type Admission =
  | { kind: 'admit' }
  | { kind: 'defer'; reason: string; guardrail: string; retryInMs: number }
  | { kind: 'cancel'; reason: string; guardrail: string };

/** A guardrail decision taken on the way to a claim (a deferred or cancelled candidate), for metrics and logs. */
export interface GuardrailHit {
  runId: string;
  playbook: string;
  kind: 'defer' | 'cancel';
  guardrail: string;
  reason: string;
}

export interface ClaimRequest {
  owner: string;
  now: string;
  leaseMs: number;
  admit(run: Run, facts: RunGuardFacts): Admission;
}

export interface ClaimResult {
  run: Run | null;
  /** Guardrail decisions taken on the way (deferred or cancelled candidates), for metrics and logs. */
  hits: GuardrailHit[];
}
