import type { types } from '@slack/bolt';
import { renderTemplate } from '../../src/engine/render-template';
import { buildRunScope } from '../../src/engine/run-scope';
import type { Run } from '../../src/core/runs/run';
import type { ApprovalView } from './approval-view';
import type { SlackMessage } from './slack-message';
import { escapeSlackText } from './escape-slack-text';
import { formatSlackDate } from './format-slack-date';
import { formatSlackUser } from './format-slack-user';
import { formatUtcTime } from './format-utc-time';
import { stepLink } from './step-link';
import { truncateText } from './truncate-text';

export const approveActionId = 'mendbot.approve';
export const rejectActionId = 'mendbot.reject';

/**
 * The approval request: playbook, target, the steps as they will run, approvers, expiry and two buttons whose
 * value is only the run ID (everything else is read from the store on click, never trusted from Slack). Once
 * decided, the same message without buttons, saying who decided and when.
 */
export function renderApprovalMessage(run: Run, view: ApprovalView): SlackMessage {
  const a = run.approval;
  const title = `*${escapeSlackText(run.playbook)}* (run \`${run.id}\`)`;
  const details: types.KnownBlock[] = [
    {
      type: 'section',
      fields: [
        mrkdwn(`*Playbook*\n${escapeSlackText(run.playbook)} (mode ${run.mode}${run.trigger === 'alert' ? '' : `, started by ${formatSlackUser(run.trigger)}`})`),
        mrkdwn(`*Target*\n${describeTarget(run)}`),
        mrkdwn(`*Approvers*\n${(a?.approvers ?? run.definition.approvers).map(formatSlackUser).join(', ') || 'nobody'}`),
        mrkdwn(`*Expires*\n${a ? formatSlackDate(a.expiresAt) : 'n/a'}${run.definition.approval.onExpiry === 'escalate' ? ' (then escalates)' : ''}`),
      ],
    },
    { type: 'section', text: mrkdwn(truncateText(`*Steps*\n${describeSteps(run)}`, 2900)) },
    { type: 'context', elements: [mrkdwn(`incident \`${run.incidentId}\` · run \`${run.id}\``)] },
  ];
  if (view.state === 'waiting') {
    return {
      text: `Approval needed: ${run.playbook} (run ${run.id})${view.goneSince ? ` — Alertmanager no longer reports this alert active (since ${formatUtcTime(view.goneSince)})` : ''}`,
      blocks: [
        { type: 'section', text: mrkdwn(`:raised_hand: *Approval needed* for ${title}`) },
        ...(view.goneSince ? [{ type: 'section' as const, text: mrkdwn(goneWarning(run, view.goneSince)) }] : []),
        ...details,
        {
          type: 'actions',
          block_id: `approval:${run.id}`,
          elements: [
            { type: 'button', action_id: approveActionId, style: 'primary', value: run.id, text: { type: 'plain_text', text: 'Approve' } },
            { type: 'button', action_id: rejectActionId, style: 'danger', value: run.id, text: { type: 'plain_text', text: 'Reject' } },
          ],
        },
      ],
    };
  }
  const outcome = describeOutcome(view);
  return {
    text: `${outcome.plain}: ${run.playbook} (run ${run.id})`,
    blocks: [{ type: 'section', text: mrkdwn(`${outcome.mrkdwn} — ${title}`) }, ...details],
  };
}

/**
 * The executor asks Alertmanager again right after an approval (`still_firing`, on by default once
 * Alertmanager is configured, which it is when there is a state to warn about); this says so before anyone
 * clicks — or that this playbook turned the check off, so approving acts regardless.
 */
function goneWarning(run: Run, since: string): string {
  const gone = `:warning: Alertmanager no longer reports this alert active (since ${formatUtcTime(since)})`;
  const rechecks = run.definition.steps.some((s) => s.action !== 'approval' && (s.stillFiring ?? run.definition.stillFiring ?? true));
  return rechecks ? `${gone} — approving will skip the step if it is still gone` : `${gone} — this playbook does not check again (still_firing: false): approving acts anyway`;
}

function describeOutcome(view: Exclude<ApprovalView, { state: 'waiting' }>): { plain: string; mrkdwn: string } {
  switch (view.state) {
    case 'approved':
    case 'rejected': {
      const verb = view.state === 'approved' ? 'Approved' : 'Rejected';
      const emoji = view.state === 'approved' ? ':white_check_mark:' : ':no_entry:';
      return { plain: `${verb} by ${formatSlackUser(view.by)} at ${view.at}`, mrkdwn: `${emoji} *${verb}* by ${formatSlackUser(view.by)} at ${formatSlackDate(view.at)}` };
    }
    case 'expired': {
      const then = view.escalated ? ', escalated' : '';
      return { plain: `Expired at ${view.at}${then}`, mrkdwn: `:hourglass: *Expired* at ${formatSlackDate(view.at)}${then}` };
    }
    case 'withdrawn':
      return { plain: `No longer needed (${view.reason})`, mrkdwn: `:heavy_minus_sign: *No longer needed*: ${escapeSlackText(view.reason)}` };
  }
}

function describeTarget(run: Run): string {
  const params = Object.entries(run.context.params).map(([k, v]) => `${k}=${v}`);
  const parts = [run.lockKey ? `lock \`${code(run.lockKey)}\`` : undefined, params.length ? `\`${code(params.join(' '))}\`` : undefined].filter(Boolean);
  return parts.length ? truncateText(parts.join('\n'), 1900) : '_no lock or params_';
}

/**
 * Main steps after the gate, with inputs as rendered when known, else rendered now from the run's snapshot,
 * and the link a finished step returned (a silence).
 */
function describeSteps(run: Run): string {
  const scope = buildRunScope(run);
  const lines = run.steps
    .filter((s) => s.phase === 'main' && s.action !== 'approval')
    .map((state, i) => {
      const def = run.definition.steps.find((d) => d.id === state.id);
      let input: unknown = state.input;
      if (input === undefined && def) {
        try {
          input = renderTemplate(def.with, scope, 'with');
        } catch {
          input = def.with; // depends on an earlier step's output: show the template as written
        }
      }
      const link = stepLink(state, 'link');
      return `${i + 1}. *${escapeSlackText(state.id)}* \`${state.action}\` \`${code(truncateText(JSON.stringify(input ?? {}), 300))}\`${link ? ` · ${link}` : ''}`;
    });
  return lines.length ? lines.join('\n') : '_no steps_';
}

/** Inline code cannot escape a backtick; swap it for a look-alike so the span stays closed. */
function code(text: string): string {
  return escapeSlackText(text).replace(/`/g, 'ˋ');
}

function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text };
}
