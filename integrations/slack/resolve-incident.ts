import { escapeSlackText } from './escape-slack-text';
import { formatSlackDate } from './format-slack-date';
import { formatSlackUser } from './format-slack-user';
import type { SlashCommandDeps, SlashReply } from './slash-command-deps';

/**
 * `resolve <incident> <reason …>`: a person closes an incident (the rule: decide-manual-resolve.ts). The
 * channel is told who did it and what it cancelled; an incident that is resolved already is answered
 * privately, since nothing changed. An unknown incident surfaces as NOT_FOUND (answered by the caller).
 */
export async function resolveIncident(
  deps: Pick<SlashCommandDeps, 'resolver' | 'touch' | 'commandName'>,
  userId: string,
  command: { incidentId: string; reason: string },
): Promise<SlashReply> {
  const id = escapeSlackText(command.incidentId);
  if (!deps.resolver) return { visibility: 'ephemeral', text: `\`${deps.commandName} resolve\` is not available in this deployment. Nothing changed.` };
  const result = await deps.resolver.resolve(command.incidentId, { by: userId, reason: command.reason });
  if (result.kind === 'already_resolved') {
    const when = result.resolvedAt ? ` (${formatSlackDate(result.resolvedAt)})` : '';
    return { visibility: 'ephemeral', text: `Incident \`${id}\` is already resolved${when}. Nothing changed.` };
  }
  deps.touch(result.incidentId);
  const alerts = result.alertsResolved.length;
  const runs = result.runsCancelled.length;
  const postmortem = result.postmortemDueAt ? ` Postmortem due ${formatSlackDate(result.postmortemDueAt)}.` : '';
  return {
    visibility: 'in_channel',
    text:
      `:white_check_mark: ${formatSlackUser(userId)} resolved incident \`${id}\`: ${escapeSlackText(command.reason)}. ` +
      `${alerts} firing alert(s) marked resolved, ${runs} queued run(s) cancelled.${postmortem} ` +
      'A new occurrence of its alerts reopens it; repeats of these ones do not.',
  };
}
