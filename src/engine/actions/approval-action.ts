import { z } from 'zod';
import type { Action } from '../action';
import { PermanentStepError, SuspendForApproval } from '../step-errors';

/**
 * The approval gate as an ordinary action: undecided → suspend the run (durably: the decision lives in
 * the store, so a restart changes nothing); approved → pass; rejected or expired → fail the step, which
 * runs the playbook's on_failure (an expiry with `on_expiry: escalate` arrives here as "expired").
 */
export function createApprovalAction(): Action<{ approvers?: string[] }> {
  return {
    name: 'approval',
    description: 'Wait until a named approver approves (Slack buttons or POST /api/runs/:id/approve).',
    input: z.object({ approvers: z.array(z.string().min(1)).optional() }).strict(),
    idempotent: true,
    async execute(input, ctx) {
      const state = ctx.approval.state;
      if (!state?.decision) {
        const approvers = input.approvers ?? ctx.approval.approvers;
        throw new SuspendForApproval(approvers, new Date(ctx.clock.now().getTime() + ctx.approval.expiresMs).toISOString());
      }
      if (state.decision === 'approved') return { approvedBy: state.by, approvedAt: state.at };
      throw new PermanentStepError(state.decision === 'expired' ? 'approval expired' : `rejected by ${state.by}`);
    },
  };
}
