import type { App } from '@slack/bolt';
import { z } from 'zod';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { escapeRegExp } from '../../src/core/escape-reg-exp';
import type { RunService } from '../../src/runs/create-run-service';
import type { Store } from '../../src/store/store';
import type { Logger } from '../../src/telemetry/create-logger';
import type { SlackWebClient } from './create-slack-web-client';
import { escapeSlackText } from './escape-slack-text';
import { formatSlackDate } from './format-slack-date';
import { formatSlackUser } from './format-slack-user';
import { approveActionId, rejectActionId } from './render-approval-message';

// The block_actions fields mendbot reads (Bolt has already parsed the form's `payload` JSON). The button
// value is only a run ID: the run, its approvers and its state are read from the store, never taken from
// the payload.
const payloadSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).nullish(),
  container: z.object({ channel_id: z.string().optional() }).nullish(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).nullish(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().min(1).max(2000) })).min(1),
});

export interface ApprovalActionDeps {
  runs: RunService;
  store: Store;
  client: SlackWebClient;
  log: Logger;
  /** Rewrites the incident's messages now (the clicked message loses its buttons). */
  syncNow(incidentId: string): void;
}

/**
 * Approve / Reject clicks. Ack first; then the run service decides (it checks the approver and lets exactly
 * one decision win); the outcome is shown by rewriting the message from the stored run, and refusals go only
 * to the person who clicked (ephemeral), so nothing in the channel changes.
 */
export function registerApprovalActions(app: App, deps: ApprovalActionDeps): void {
  const pattern = new RegExp(`^(${escapeRegExp(approveActionId)}|${escapeRegExp(rejectActionId)})$`);
  app.action(pattern, async ({ ack, body }) => {
    await ack();
    const parsed = payloadSchema.safeParse(body);
    if (!parsed.success) {
      deps.log.warn({ component: 'slack', issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'approval click payload not understood');
      return;
    }
    const { user, actions, message } = parsed.data;
    const action = actions[0]!;
    const runId = action.value;
    const decision = action.action_id === approveActionId ? 'approved' : 'rejected';
    const channel = parsed.data.channel?.id ?? parsed.data.container?.channel_id;
    const tell = async (text: string) => {
      if (!channel) return;
      await deps.client.chat
        .postEphemeral({ channel, user: user.id, text, thread_ts: message?.thread_ts })
        .catch((err: unknown) => deps.log.warn({ err, component: 'slack', runId }, 'could not send the ephemeral answer'));
    };
    const log = deps.log.child({ component: 'slack', runId, userId: user.id, decision });
    try {
      const run = await deps.runs.decide(runId, decision, user.id);
      log.info({ incidentId: run.incidentId, playbook: run.playbook }, `approval ${decision} in Slack`);
      deps.syncNow(run.incidentId);
    } catch (error) {
      if (!(error instanceof MendbotError)) {
        log.error({ err: error }, 'approval click failed');
        await tell(`:x: Your decision could not be recorded (${escapeSlackText(error instanceof Error ? error.name : 'error')}); nothing changed. Please try again.`);
        return;
      }
      const run = await deps.store.getRun(runId).catch(() => null);
      if (error.code === ErrorCode.NotAnApprover) {
        log.warn('approval refused: not an approver');
        const approvers = (run?.approval?.approvers ?? run?.definition.approvers ?? []).map(formatSlackUser).join(', ') || 'nobody';
        await tell(`:no_entry: Only the approvers of *${escapeSlackText(run?.playbook ?? 'this playbook')}* may decide this run (${approvers}). Nothing changed.`);
      } else if (error.code === ErrorCode.RunNotWaiting) {
        const a = run?.approval;
        await tell(
          a?.decision && a.decision !== 'expired'
            ? `This run was already ${a.decision} by ${formatSlackUser(a.by ?? 'unknown')} at ${formatSlackDate(a.at ?? '')}. Nothing changed.`
            : `This run no longer waits for approval (${a?.decision === 'expired' ? 'the approval expired' : `status ${run?.status ?? 'unknown'}`}). Nothing changed.`,
        );
        if (run) deps.syncNow(run.incidentId); // the message may still show buttons (Slack was down): fix it
      } else {
        await tell(`:warning: ${escapeSlackText(error.message)}. Nothing changed.`);
      }
    }
  });
}
