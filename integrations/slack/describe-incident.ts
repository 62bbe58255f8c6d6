import { describeAlertmanagerState } from './describe-alertmanager-state';
import { describeRunStatus } from './describe-run-status';
import { escapeSlackText } from './escape-slack-text';
import { formatSlackDate } from './format-slack-date';
import { formatSlackUser } from './format-slack-user';
import type { SlashCommandDeps } from './slash-command-deps';
import { truncateText } from './truncate-text';

const shownAlerts = 10;

/** `show <incident>`: what the incident holds and what ran for it. */
export async function describeIncident(deps: Pick<SlashCommandDeps, 'store'>, incidentId: string): Promise<string> {
  const detail = await deps.store.getIncident(incidentId);
  if (!detail) return `No incident \`${escapeSlackText(incidentId)}\`. Try \`incidents\` for the open ones.`;
  const { incident, alerts } = detail;
  const runs = await deps.store.listRuns({ incidentId, limit: 50 });
  const alertLines = alerts
    .slice(0, shownAlerts)
    .map((a) => `    ◦ ${a.status === 'firing' ? ':red_circle:' : ':large_green_circle:'} \`${a.fingerprint}\` ${escapeSlackText(truncateText(a.summary, 120))}`);
  if (alerts.length > shownAlerts) alertLines.push(`    ◦ _…and ${alerts.length - shownAlerts} more_`);
  const runLines = runs.map((r) => {
    const decided = r.approval?.decision ? ` (${r.approval.decision} by ${formatSlackUser(r.approval.by ?? 'unknown')})` : '';
    return `    ◦ *${escapeSlackText(r.playbook)}* \`${r.id}\` — ${describeRunStatus(r.status)}${decided}${r.reason ? `: ${escapeSlackText(truncateText(r.reason, 200))}` : ''}`;
  });
  return [
    `*${escapeSlackText(incident.title)}* \`${incident.id}\``,
    `• Status: ${incident.status}${incident.flapping ? ' (flapping)' : ''}, opened ${formatSlackDate(incident.openedAt)}${incident.resolvedAt ? `, resolved ${formatSlackDate(incident.resolvedAt)}` : ''}`,
    `• Correlation: \`${escapeSlackText(incident.correlationId)}\``,
    ...[describeAlertmanagerState(incident)].filter((line) => line !== undefined).map((line) => `• ${line}`),
    `• Alerts: ${incident.firingCount} firing of ${incident.alertCount}; ${incident.deliveryCount} deliveries; ${incident.reopenCount} reopen(s)`,
    ...alertLines,
    `• Runs: ${runs.length ? '' : 'none'}`,
    ...runLines,
  ].join('\n');
}
