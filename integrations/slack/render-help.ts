import { commandUsage } from './command-usage';

/** The `help` answer, also shown after an unknown subcommand. */
export function renderHelp(commandName: string): string {
  const line = (usage: string, what: string) => `• \`${commandName} ${usage}\` — ${what}`;
  return [
    '*mendbot* — alert remediation. Everyone may read; changes need a role (`slack.roles` in MENDBOT_CONFIG).',
    line(commandUsage.status, 'open incidents, runs, kill switch, pauses, silences'),
    line(commandUsage.incidents, 'the latest open incidents'),
    line(commandUsage.show, 'one incident: alerts and runs'),
    line(commandUsage.why, 'the decision trace: dedupe, playbooks matched or not and why, runs, approvals'),
    line(commandUsage.run, 'start a playbook by hand (role *run*; guardrails and approval still apply)'),
    line(`${commandUsage.approve}\` / \`${commandName} ${commandUsage.reject}`, 'decide a waiting approval (role *approve* and a playbook approver)'),
    line(commandUsage.pause, 'no argument or `all`: the global kill switch; or one playbook (role *pause*)'),
    line(commandUsage.resume, 'undo a pause (role *pause*)'),
    line(commandUsage.silence, 'no automation for matching alerts, e.g. `silence alertname="DiskFull" namespace="prod" 2h maintenance` (role *silence*)'),
    line(commandUsage.unsilence, 'end a silence early (role *silence*)'),
    line(commandUsage.resolve, 'close an incident by hand: cancels its queued runs, schedules the postmortem (role *resolve*)'),
  ].join('\n');
}
