import type { TimelineEvent } from '../../src/core/incidents/incident';
import { escapeSlackText } from './escape-slack-text';
import { findIncident } from './find-incident';
import type { SlashCommandDeps } from './slash-command-deps';
import { truncateText } from './truncate-text';

/**
 * The entries that explain why mendbot deduped, matched, ran or waited: each alert received with its dedupe
 * decision and reason, counted duplicates, playbook matches and misses, run status and approvals.
 */
const traceTypes = new Set<TimelineEvent['type']>(['alert_received', 'decision', 'playbook_matched', 'playbook_not_matched', 'run_status', 'approval']);
const maxEntries = 30;
const maxChars = 3500;

/**
 * `why <incident | alert key | fingerprint>`: the decision trace from the audit timeline. For an alert, only
 * the entries about that alert plus the runs of its incident.
 */
export async function explainIncident(deps: Pick<SlashCommandDeps, 'store'>, target: string): Promise<string> {
  const detail = await findIncident(deps.store, target);
  if (!detail) return `Nothing found for \`${escapeSlackText(target)}\`: give an incident ID, an alert key or a fingerprint from the latest incidents.`;
  const alert = detail.alerts.find((a) => a.key === target || a.fingerprint === target);
  const aboutAlert = (e: TimelineEvent) => {
    if (!alert || e.type === 'run_status' || e.type === 'approval') return true;
    const keys = [e.data.alertKey, ...(Array.isArray(e.data.alertKeys) ? e.data.alertKeys : [])];
    return keys.includes(alert.key);
  };
  const entries = detail.timeline.filter((e) => traceTypes.has(e.type) && aboutAlert(e));
  const shown = entries.slice(-maxEntries);
  const lines = shown.map((e) => `• \`${e.at}\` *${e.type}* ${escapeSlackText(truncateText(e.message, 400))}`);
  const subject = alert ? `alert \`${escapeSlackText(alert.key)}\` in incident \`${detail.incident.id}\`` : `incident \`${detail.incident.id}\``;
  const head = `*Why* — ${subject} (${escapeSlackText(truncateText(detail.incident.title, 100))})`;
  const omitted = entries.length - shown.length;
  const tail = omitted > 0 ? `\n_${omitted} earlier entr${omitted === 1 ? 'y' : 'ies'} omitted; full timeline: GET /api/incidents/${detail.incident.id}_` : '';
  return truncateText(`${head}\n${lines.join('\n') || '_no decisions recorded_'}${tail}`, maxChars);
}
