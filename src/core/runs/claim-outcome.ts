import type { Admission, GuardrailHit } from './admission';
import { cancelRunChange } from './cancel-run-change';
import type { Run } from './run';
import type { RunChange } from './run-change';
import { runEvents } from './run-events';

export type ClaimOutcome =
  /** Lease the run to the claimer; take `takeLock` first (null: the run has no lock key). */
  | { kind: 'lease'; change: RunChange; takeLock: string | null }
  | { kind: 'defer' | 'cancel'; change: RunChange; hit: GuardrailHit };

/** The lease a claim candidate still carries: an owner that let it expire (it died or stalled), or none. */
export interface HeldLease {
  owner: string | null;
  expiresAt: string | null;
}

/**
 * What the guardrails' admission does to a claim candidate. Admitted: running, leased to `owner` for
 * `leaseMs`, startedAt set on its first claim only (a takeover keeps it), its lock taken; a takeover of an
 * expired lease is said on the timeline, naming both owners. Deferred: not
 * claimable before `now + retryInMs`, the reason recorded (a timeline entry only when the reason changed,
 * so a run polling a held lock does not flood the timeline). Cancelled: see cancelRunChange.
 */
export function claimOutcome(
  run: Run,
  admission: Admission,
  claim: { owner: string; now: string; leaseMs: number },
  held: HeldLease = { owner: null, expiresAt: null },
): ClaimOutcome {
  const { owner, now, leaseMs } = claim;
  if (admission.kind === 'admit') {
    const set = {
      status: 'running' as const,
      reason: null,
      leaseOwner: owner,
      leaseExpiresAt: new Date(Date.parse(now) + leaseMs).toISOString(),
      startedAt: run.startedAt ?? now,
      notBefore: null,
      updatedAt: now,
    };
    const events = held.owner === null ? [] : [runEvents.takenOver(run.id, owner, { owner: held.owner, expiresAt: held.expiresAt })];
    return { kind: 'lease', change: { set, releaseLocks: false, events }, takeLock: run.lockKey };
  }
  const hit: GuardrailHit = { runId: run.id, playbook: run.playbook, kind: admission.kind, guardrail: admission.guardrail, reason: admission.reason };
  if (admission.kind === 'cancel') return { kind: 'cancel', change: cancelRunChange(run.id, admission.reason, now, run.playbook), hit };
  const change: RunChange = {
    set: { notBefore: new Date(Date.parse(now) + admission.retryInMs).toISOString(), reason: admission.reason, updatedAt: now },
    releaseLocks: false,
    events: run.reason === admission.reason ? [] : [runEvents.waiting(run.id, run.playbook, admission.reason, admission.guardrail)],
  };
  return { kind: 'defer', change, hit };
}
