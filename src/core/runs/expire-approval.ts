import type { Run } from './run';
import type { RunChange } from './run-change';
import { runEvents } from './run-events';

/**
 * An approval nobody answered before its expiry (null for a run not waiting, or not yet expired: the
 * store selects candidates by `expiresAt`, this decides). The playbook's onExpiry decides: `escalate` makes the run pending again, so its
 * gate fails and on_failure steps run; otherwise it is cancelled and finished, its locks released.
 */
export function expireApproval(run: Run, now: string): RunChange | null {
  if (run.status !== 'waiting_approval' || !run.approval || run.approval.expiresAt > now) return null;
  const approval = { ...run.approval, decision: 'expired' as const, by: 'mendbot', at: now };
  const onExpiry = run.definition.approval.onExpiry;
  const events = [runEvents.approvalExpired(run.id, onExpiry)];
  if (onExpiry === 'escalate') {
    return { set: { status: 'pending', approval, reason: 'approval expired: escalating', updatedAt: now }, releaseLocks: false, events };
  }
  return { set: { status: 'cancelled', approval, reason: 'approval expired', finishedAt: now, updatedAt: now }, releaseLocks: true, events };
}
