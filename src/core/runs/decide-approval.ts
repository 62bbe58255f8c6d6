import type { Run } from './run';
import type { RunChange } from './run-change';
import { runEvents } from './run-events';

export interface ApprovalDecision {
  decision: 'approved' | 'rejected';
  by: string;
  at: string;
}

/**
 * A human's answer to an approval request. Only a run still waiting for approval changes (null
 * otherwise: another decision or the expiry came first). Approved: pending again, claimable at once, and
 * the gate step then passes. Rejected: cancelled and finished, its locks released.
 */
export function decideApproval(run: Run | null, d: ApprovalDecision): RunChange | null {
  if (!run || run.status !== 'waiting_approval' || !run.approval) return null;
  const approval = { ...run.approval, decision: d.decision, by: d.by, at: d.at };
  const events = [runEvents.approvalDecided(run.id, d.decision, d.by)];
  if (d.decision === 'approved') {
    return { set: { status: 'pending', approval, reason: `approved by ${d.by}`, notBefore: null, updatedAt: d.at }, releaseLocks: false, events };
  }
  return { set: { status: 'cancelled', approval, reason: `rejected by ${d.by}`, finishedAt: d.at, updatedAt: d.at }, releaseLocks: true, events };
}
