import { breakerCounter } from './breaker-counter';
import type { RunChange, RunFields } from './run-change';
import { runEvents } from './run-events';
import type { RunPatch } from './run-patch';

export interface RunCheckpoint {
  change: RunChange;
  /** What the outcome does to the playbook's consecutive-failure counter (then see decideBreaker). */
  failureCounter: 'reset' | 'increment' | null;
  /** A postmortem to schedule in the same write as the outcome. */
  postmortem: { reason: string; dueAt: string } | null;
}

/**
 * A checkpoint by the run's lease owner (the adapter checks the lease). Releasing gives up the lease
 * (claimable again after `release.notBefore`, or at once); finishing also releases it, stamps finishedAt,
 * frees the run's locks and feeds the breaker. Failed or escalated remediation gets its postmortem now.
 */
export function runCheckpoint(runId: string, patch: RunPatch): RunCheckpoint {
  const set: RunFields = { updatedAt: patch.now };
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.reason !== undefined) set.reason = patch.reason;
  if (patch.steps !== undefined) set.steps = patch.steps;
  if (patch.approval !== undefined) set.approval = patch.approval;
  if (patch.leaseExpiresAt !== undefined) set.leaseExpiresAt = patch.leaseExpiresAt;
  // A release wins over a heartbeat sent with it.
  if (patch.release || patch.finished) Object.assign(set, { leaseOwner: null, leaseExpiresAt: null, notBefore: patch.release?.notBefore ?? null });
  if (patch.finished) set.finishedAt = patch.now;
  const events = (patch.events ?? []).map((e) => runEvents.tagged(runId, e));
  const outcome = patch.finished ? patch.status : undefined;
  return {
    change: { set, releaseLocks: patch.finished === true, events },
    failureCounter: outcome ? breakerCounter(outcome) : null,
    postmortem:
      outcome === 'failed' || outcome === 'needs_attention' ? { reason: `remediation ${outcome}: run ${runId}`, dueAt: patch.now } : null,
  };
}
