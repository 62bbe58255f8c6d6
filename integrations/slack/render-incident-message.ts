import type { types } from '@slack/bolt';
import type { Incident } from '../../src/core/incidents/incident';
import type { Run } from '../../src/core/runs/run';
import { describeAlertmanagerState } from './describe-alertmanager-state';
import { describeRunStatus } from './describe-run-status';
import { escapeSlackText } from './escape-slack-text';
import { formatSlackDate } from './format-slack-date';
import type { SlackMessage } from './slack-message';
import { truncateText } from './truncate-text';

const shownRuns = 10;

/**
 * The thread's parent message: one per incident, rewritten (coalesced) as the incident changes, so the
 * channel shows one line per incident with its current state, not one message per alert.
 */
export function renderIncidentMessage(incident: Incident, runs: Run[]): SlackMessage {
  const open = incident.status === 'open';
  const emoji = open ? (incident.flapping ? ':repeat:' : ':rotating_light:') : ':white_check_mark:';
  const status = `${open ? 'OPEN' : 'RESOLVED'}${incident.flapping ? ' (flapping)' : ''}`;
  const waiting = runs.filter((r) => r.status === 'waiting_approval').length;
  const runLines = runs
    .slice(-shownRuns)
    .map((r) => `• *${escapeSlackText(r.playbook)}* \`${r.id}\` — ${describeRunStatus(r.status)}${r.trigger === 'alert' ? '' : ' (manual)'}`);
  if (runs.length > shownRuns) runLines.unshift(`_…${runs.length - shownRuns} earlier run(s)_`);

  const fields = [
    mrkdwn(`*Status*\n${status}`),
    mrkdwn(`*Alerts*\n${incident.firingCount} firing / ${incident.alertCount}`),
    mrkdwn(`*Deliveries*\n${incident.deliveryCount}`),
    mrkdwn(open ? `*Opened*\n${formatSlackDate(incident.openedAt)}` : `*Resolved*\n${formatSlackDate(incident.resolvedAt ?? incident.lastSeenAt)}`),
  ];
  // Refreshed on every incident_changed (reconciliation emits one), so the thread says what Alertmanager knows.
  const alertmanager = describeAlertmanagerState(incident);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncateText(`${emoji} ${incident.title}`, 150), emoji: true } },
    { type: 'section', fields },
    ...(alertmanager ? [{ type: 'context' as const, elements: [mrkdwn(alertmanager)] }] : []),
    { type: 'section', text: mrkdwn(truncateText(`*Runs*\n${runLines.join('\n') || '_no playbook matched (yet)_'}`, 2900)) },
    {
      type: 'context',
      elements: [mrkdwn(truncateText(`incident \`${incident.id}\` · correlation \`${escapeSlackText(incident.correlationId)}\` · ${incident.sources.join(', ')}`, 2900))],
    },
  ];
  const text =
    `[${status}] ${incident.title}: ${incident.firingCount}/${incident.alertCount} alerts firing, ${incident.deliveryCount} deliveries` +
    (runs.length ? `, ${runs.length} run(s)${waiting ? `, ${waiting} waiting for approval` : ''}` : '') +
    (alertmanager ? `. ${alertmanager}` : '');
  return { text: truncateText(text, 3000), blocks };
}

function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text };
}
