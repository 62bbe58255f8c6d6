import type { Run } from '../../src/core/runs/run';

/** What an approval message should say now; derived from the stored run, so every replica agrees. */
export type ApprovalView =
  | { state: 'waiting' }
  | { state: 'approved' | 'rejected'; by: string; at: string }
  | { state: 'expired'; at: string; escalated: boolean }
  /** Cancelled before anyone decided (incident resolved, shutdown of the run): the buttons go away. */
  | { state: 'withdrawn'; reason: string };

export function approvalView(run: Run): ApprovalView {
  const a = run.approval;
  if (a?.decision === 'approved' || a?.decision === 'rejected') return { state: a.decision, by: a.by ?? 'unknown', at: a.at ?? run.updatedAt };
  if (a?.decision === 'expired') return { state: 'expired', at: a.at ?? run.updatedAt, escalated: run.definition.approval.onExpiry === 'escalate' };
  if (run.status === 'waiting_approval') return { state: 'waiting' };
  return { state: 'withdrawn', reason: run.reason ?? `run ${run.status}` };
}
