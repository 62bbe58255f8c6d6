import type { IncidentDetail } from '../../src/core/incidents/incident';
import { finalRunStatuses, type Run } from '../../src/core/runs/run';
import type { PostmortemRecord } from '../../src/store/store';
import { describeRunStatus } from './describe-run-status';
import { escapeSlackText } from './escape-slack-text';
import { formatSlackUser } from './format-slack-user';
import { stepLink } from './step-link';
import { truncateText } from './truncate-text';

/**
 * Something worth a reply in the incident's thread. `key` is stable across restarts and replicas (it names
 * stored facts, not in-memory events), so each is posted once: the key is recorded with putChatRef. A step
 * that returned a `link` (an Alertmanager silence) gets its own reply with it.
 */
export type NotableEvent =
  | { kind: 'reply'; key: string; at: string; text: string }
  /** The Block Kit approval request; its message reference is stored under `run:<id>`. */
  | { kind: 'approval'; key: string; at: string; run: Run };

const timelineReplies: Record<string, string> = {
  incident_resolved: ':white_check_mark: *Resolved*',
  incident_reopened: ':rotating_light: *Reopened*',
  flapping_detected: ':repeat: *Flapping*',
};

/** Everything the thread should show for this incident, oldest first. */
export function listNotableEvents(detail: IncidentDetail, runs: Run[], postmortem?: PostmortemRecord | null): NotableEvent[] {
  const events: NotableEvent[] = [];
  const id = detail.incident.id;
  for (const e of detail.timeline) {
    const lead = timelineReplies[e.type];
    if (lead) events.push({ kind: 'reply', key: `reply:${id}:timeline:${e.seq}`, at: e.at, text: `${lead}: ${escapeSlackText(e.message)}` });
  }
  for (const run of runs) {
    const name = `*${escapeSlackText(run.playbook)}* \`${run.id}\``;
    if (run.startedAt) {
      const who = run.trigger === 'alert' ? '' : `, started by ${formatSlackUser(run.trigger)}`;
      events.push({ kind: 'reply', key: `reply:${run.id}:started`, at: run.startedAt, text: `:arrow_forward: ${name} started (mode ${run.mode}${who})` });
    }
    for (const step of run.steps) {
      const link = step.status === 'succeeded' ? stepLink(step) : undefined;
      if (link) {
        const text = `:link: ${name} step *${escapeSlackText(step.id)}* \`${step.action}\`: ${link}`;
        events.push({ kind: 'reply', key: `reply:${run.id}:link:${step.id}`, at: step.finishedAt ?? run.updatedAt, text });
      }
    }
    const a = run.approval;
    if (a) {
      events.push({ kind: 'approval', key: `run:${run.id}`, at: a.requestedAt, run });
      if (a.decision) {
        const text =
          a.decision === 'expired'
            ? `:hourglass: Approval for ${name} expired${run.definition.approval.onExpiry === 'escalate' ? ': escalating' : ''}`
            : `${a.decision === 'approved' ? ':white_check_mark: Approved' : ':no_entry: Rejected'}: ${name} by ${formatSlackUser(a.by ?? 'unknown')}`;
        events.push({ kind: 'reply', key: `reply:${run.id}:decision`, at: a.at ?? run.updatedAt, text });
      }
    }
    // A rejection or expiry that cancelled the run was just said; anything else final gets its outcome.
    const saidByDecision = run.status === 'cancelled' && (a?.decision === 'rejected' || a?.decision === 'expired');
    if (finalRunStatuses.has(run.status) && !saidByDecision) {
      const reason = run.reason ? ` — ${escapeSlackText(truncateText(run.reason, 500))}` : '';
      events.push({ kind: 'reply', key: `reply:${run.id}:finished`, at: run.finishedAt ?? run.updatedAt, text: `${name}: ${describeRunStatus(run.status)}${reason}` });
    }
  }
  const ticket = postmortem?.ticket;
  if (ticket) {
    const link = /^https?:\/\//.test(ticket.url) && !/[|>]/.test(ticket.url) ? `<${ticket.url}|${escapeSlackText(`${ticket.tracker} ${ticket.id}`)}>` : escapeSlackText(`${ticket.tracker} ${ticket.id}`);
    events.push({ kind: 'reply', key: `reply:${id}:postmortem:${ticket.tracker}:${ticket.id}`, at: postmortem.filedAt ?? postmortem.updatedAt, text: `:memo: Postmortem filed: ${link}` });
  }
  // Stable sort: equal times keep the order above (started before decided before finished).
  return events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}
