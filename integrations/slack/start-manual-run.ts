import type { IncidentDetail, StoredAlert } from '../../src/core/incidents/incident';
import { matchPlaybook } from '../../src/playbooks/match-playbook';
import type { Playbook } from '../../src/core/playbooks/playbook';
import { buildRunSeed } from '../../src/runs/build-run-seed';
import { escapeSlackText } from './escape-slack-text';
import { formatSlackUser } from './format-slack-user';
import type { SlashCommandDeps, SlashReply } from './slash-command-deps';

const searchedIncidents = 50;

/**
 * `run <playbook> [param=value …] [incident=<id>]`: a run created by a person, through the same seed builder as
 * the alert flow (params still checked against their patterns) and executed by the same executor (kill switch,
 * pauses, locks, budgets, cooldown, dry-run and approval all apply). Labels come from the incident's alert the
 * playbook matches (else its first firing alert); without `incident=`, the newest open incident with a matching
 * alert is used.
 *
 * Scope: a manual run gets the scope key `manual:<minute>` instead of `incident`, so a person can re-run a
 * playbook that already ran for the incident, while a double-submitted command within the same minute still
 * creates one run (the store's once-per-scope index).
 */
export async function startManualRun(
  deps: Pick<SlashCommandDeps, 'store' | 'catalog' | 'clock' | 'wake' | 'touch'>,
  userId: string,
  command: { playbook: string; params: Record<string, string>; incidentId?: string },
): Promise<SlashReply> {
  const ephemeral = (text: string): SlashReply => ({ text, visibility: 'ephemeral' });
  const loaded = deps.catalog.get(command.playbook);
  if (!loaded) {
    const known = deps.catalog.list().map((p) => p.playbook.name);
    return ephemeral(`No playbook \`${escapeSlackText(command.playbook)}\`. Known: ${known.map((n) => `\`${n}\``).join(', ') || 'none'}.`);
  }
  const pb = loaded.playbook;
  const unknown = Object.keys(command.params).filter((k) => !Object.hasOwn(pb.params, k));
  if (unknown.length) {
    return ephemeral(`Playbook \`${pb.name}\` has no param ${unknown.map((k) => `\`${k}\``).join(', ')} (params: ${Object.keys(pb.params).join(', ') || 'none'}).`);
  }

  const detail = command.incidentId ? await deps.store.getIncident(command.incidentId) : await newestMatchingIncident(deps, pb);
  if (!detail) {
    return ephemeral(
      command.incidentId
        ? `No incident \`${escapeSlackText(command.incidentId)}\`.`
        : `No open incident has an alert matching \`${pb.name}\`; name one with \`incident=<id>\`.`,
    );
  }
  if (detail.incident.status === 'resolved' && !pb.continueOnResolve) {
    return ephemeral(`Incident \`${detail.incident.id}\` is resolved and \`${pb.name}\` does not run on resolved incidents: nothing started.`);
  }

  const alert = pickAlert(detail, pb);
  const now = deps.clock.now().toISOString();
  const seed = buildRunSeed(loaded, {
    labels: alert?.labels ?? {},
    annotations: alert?.annotations ?? {},
    commonLabels: commonLabels(detail.alerts),
    alertKey: null,
    trigger: userId,
    explicitParams: command.params,
  });
  if (seed.status === 'failed') return ephemeral(`Not started: ${escapeSlackText(seed.reason ?? 'invalid params')}`);

  const run = await deps.store.createRun(
    detail.incident.id,
    { ...seed, scopeKey: `manual:${now.slice(0, 16)}`, events: [{ type: 'run_status', message: `manual run of ${pb.name} requested by ${userId} in Slack` }] },
    now,
  );
  if (!run) return ephemeral(`A manual run of \`${pb.name}\` for \`${detail.incident.id}\` was already requested this minute.`);
  deps.wake();
  deps.touch(detail.incident.id);
  const gate = pb.mode === 'approval' ? ' It asks its approvers first.' : pb.mode === 'dry-run' ? ' Mode dry-run: steps are rendered, none executed.' : '';
  return {
    visibility: 'in_channel',
    text: `:arrow_forward: ${formatSlackUser(userId)} started *${escapeSlackText(pb.name)}* run \`${run.id}\` for incident \`${detail.incident.id}\` (${escapeSlackText(detail.incident.title)}).${gate}`,
  };
}

async function newestMatchingIncident(deps: Pick<SlashCommandDeps, 'store'>, pb: Playbook): Promise<IncidentDetail | null> {
  const page = await deps.store.listIncidents({ status: 'open', limit: searchedIncidents });
  for (const incident of page.items) {
    const detail = await deps.store.getIncident(incident.id);
    if (detail?.alerts.some((a) => matchPlaybook(pb, a).matched)) return detail;
  }
  return null;
}

function pickAlert(detail: IncidentDetail, pb: Playbook): StoredAlert | undefined {
  return detail.alerts.find((a) => matchPlaybook(pb, a).matched) ?? detail.alerts.find((a) => a.status === 'firing') ?? detail.alerts[0];
}

/** Labels every alert of the incident shares (Alertmanager's `commonLabels`, rebuilt from what is stored). */
function commonLabels(alerts: StoredAlert[]): Record<string, string> {
  const [first, ...rest] = alerts;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.labels).filter(([k, v]) => rest.every((a) => a.labels[k] === v)));
}
