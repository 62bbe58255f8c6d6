import { createId } from '../../src/core/create-id';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { describeIncident } from './describe-incident';
import { describeIncidents } from './describe-incidents';
import { describeStatus } from './describe-status';
import { escapeSlackText } from './escape-slack-text';
import { explainIncident } from './explain-incident';
import { formatSlackDate } from './format-slack-date';
import { formatSlackUser } from './format-slack-user';
import { parseSlashCommand, type SlashCommand } from './parse-slash-command';
import { renderHelp } from './render-help';
import type { SlackRole } from './slack-roles';
import type { SlashCommandDeps, SlashReply } from './slash-command-deps';
import { resolveIncident } from './resolve-incident';
import { startManualRun } from './start-manual-run';

const roleOf: Partial<Record<SlashCommand['name'], SlackRole>> = {
  run: 'run',
  approve: 'approve',
  reject: 'approve',
  pause: 'pause',
  resume: 'pause',
  silence: 'silence',
  unsilence: 'silence',
  resolve: 'resolve',
};

const ephemeral = (text: string): SlashReply => ({ text, visibility: 'ephemeral' });
const inChannel = (text: string): SlashReply => ({ text, visibility: 'in_channel' });

/**
 * Runs one slash command for `userId` and returns the answer. Never throws: a failure becomes an answer that
 * says nothing changed. Read-only subcommands are for everyone; the others need the role that
 * `slack.roles` grants (an empty role names nobody).
 */
export async function executeSlashCommand(deps: SlashCommandDeps, request: { userId: string; text: string }): Promise<SlashReply> {
  const { commandName } = deps;
  const parsed = parseSlashCommand(request.text);
  if (!parsed.ok) {
    return ephemeral(
      parsed.usage
        ? `:warning: ${escapeSlackText(parsed.error)}\nUsage: \`${commandName} ${parsed.usage}\``
        : `:warning: ${escapeSlackText(parsed.error)}\n\n${renderHelp(commandName)}`,
    );
  }
  const command = parsed.command;
  try {
    const role = roleOf[command.name];
    const members = role ? (deps.roles[role] ?? []) : [];
    if (role && !(await deps.directory.includes(request.userId, members))) {
      const nobody = members.length === 0 ? ' Nobody has it yet: it is granted with `slack.roles.' + role + '` in MENDBOT_CONFIG.' : '';
      return ephemeral(`:no_entry: \`${commandName} ${command.name}\` needs the *${role}* role, which you don't have. Nothing changed.${nobody}`);
    }
    return await execute(deps, request.userId, command);
  } catch (error) {
    if (error instanceof MendbotError && error.code === ErrorCode.NotAnApprover) {
      return ephemeral(`:no_entry: You are not an approver of this run: ${escapeSlackText(error.message)}. Nothing changed.`);
    }
    if (error instanceof MendbotError && (error.code === ErrorCode.RunNotWaiting || error.code === ErrorCode.NotFound)) {
      return ephemeral(`:warning: ${escapeSlackText(error.message)}. Nothing changed.`);
    }
    deps.log.error({ err: error, component: 'slack', command: command.name, userId: request.userId }, 'slash command failed');
    return ephemeral(`:x: \`${commandName} ${command.name}\` failed (${escapeSlackText(error instanceof Error ? error.name : 'error')}); nothing was changed. Try again in a moment.`);
  }
}

async function execute(deps: SlashCommandDeps, userId: string, command: SlashCommand): Promise<SlashReply> {
  const { store, runs, clock } = deps;
  switch (command.name) {
    case 'help':
      return ephemeral(renderHelp(deps.commandName));
    case 'status':
      return ephemeral(await describeStatus(deps));
    case 'incidents':
      return ephemeral(await describeIncidents(deps));
    case 'show':
      return ephemeral(await describeIncident(deps, command.incidentId));
    case 'why':
      return ephemeral(await explainIncident(deps, command.target));
    case 'run':
      return startManualRun(deps, userId, command);
    case 'approve':
    case 'reject': {
      const run = await runs.decide(command.runId, command.name === 'approve' ? 'approved' : 'rejected', userId);
      return inChannel(`${command.name === 'approve' ? ':white_check_mark: Approved' : ':no_entry: Rejected'}: *${escapeSlackText(run.playbook)}* run \`${run.id}\` by ${formatSlackUser(userId)}.`);
    }
    case 'pause': {
      if (command.playbook !== undefined && !deps.catalog.get(command.playbook)) {
        return ephemeral(`No playbook \`${escapeSlackText(command.playbook)}\`. For the kill switch: \`${deps.commandName} pause\` or \`${deps.commandName} pause all <reason>\`.`);
      }
      const reason = command.reason ?? 'paused in Slack';
      await runs.pause(command.playbook, userId, reason);
      return inChannel(
        command.playbook === undefined
          ? `:octagonal_sign: *Kill switch ON* by ${formatSlackUser(userId)}: ${escapeSlackText(reason)}. No new remediation step starts until \`${deps.commandName} resume\`.`
          : `:double_vertical_bar: Playbook *${escapeSlackText(command.playbook)}* paused by ${formatSlackUser(userId)}: ${escapeSlackText(reason)}.`,
      );
    }
    case 'resume': {
      const controls = await store.getControls();
      const was = command.playbook === undefined ? controls.killSwitch : controls.paused[command.playbook];
      if (!was) return ephemeral(command.playbook === undefined ? 'The kill switch is not on.' : `Playbook \`${escapeSlackText(command.playbook)}\` is not paused.`);
      await runs.resume(command.playbook);
      return inChannel(
        command.playbook === undefined
          ? `:arrow_forward: *Kill switch OFF* by ${formatSlackUser(userId)}: remediation continues.`
          : `:arrow_forward: Playbook *${escapeSlackText(command.playbook)}* resumed by ${formatSlackUser(userId)}.`,
      );
    }
    case 'silence': {
      const now = clock.now();
      const silence = {
        id: createId('sil', now.getTime()),
        matchers: command.matchers,
        createdBy: userId,
        reason: command.reason ?? 'silenced in Slack',
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + command.durationMs).toISOString(),
      };
      await store.addSilence(silence);
      return inChannel(
        `:mute: ${formatSlackUser(userId)} silenced \`${escapeSlackText(silence.matchers.join(' '))}\` for ${escapeSlackText(command.duration)} (until ${formatSlackDate(silence.endsAt)}): ` +
          `${escapeSlackText(silence.reason)}. Matching alerts are still recorded, but start no playbook. ID \`${silence.id}\` (\`${deps.commandName} unsilence ${silence.id}\`).`,
      );
    }
    case 'resolve':
      return resolveIncident(deps, userId, command);
    case 'unsilence': {
      const ended = await store.expireSilence(command.silenceId, clock.now().toISOString());
      return ended
        ? inChannel(`:loud_sound: Silence \`${escapeSlackText(command.silenceId)}\` ended by ${formatSlackUser(userId)}.`)
        : ephemeral(`No active silence \`${escapeSlackText(command.silenceId)}\`; \`${deps.commandName} status\` lists them.`);
    }
  }
}
