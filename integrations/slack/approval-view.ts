import type { AlertmanagerState } from '../../src/core/alertmanager/alertmanager-state';
import type { Run } from '../../src/core/runs/run';

/** What an approval message should say now; derived from stored state, so every replica agrees. */
export type ApprovalView =
  /** `goneSince`: Alertmanager no longer reports the incident's alerts (since then) while the approval waits. */
  | { state: 'waiting'; goneSince?: string }
  | { state: 'approved' | 'rejected'; by: string; at: string }
  | { state: 'expired'; at: string; escalated: boolean }
  /** Cancelled before anyone decided (incident resolved, shutdown of the run): the buttons go away. */
  | { state: 'withdrawn'; reason: string };

/** `alertmanager`: what reconciliation last learned about the run's incident (null: never asked). */
export function approvalView(run: Run, alertmanager?: AlertmanagerState | null): ApprovalView {
  const a = run.approval;
  if (a?.decision === 'approved' || a?.decision === 'rejected') return { state: a.decision, by: a.by ?? 'unknown', at: a.at ?? run.updatedAt };
  if (a?.decision === 'expired') return { state: 'expired', at: a.at ?? run.updatedAt, escalated: run.definition.approval.onExpiry === 'escalate' };
  if (run.status === 'waiting_approval') {
    return alertmanager && !alertmanager.active ? { state: 'waiting', goneSince: alertmanager.missingSince ?? alertmanager.checkedAt } : { state: 'waiting' };
  }
  return { state: 'withdrawn', reason: run.reason ?? `run ${run.status}` };
}
