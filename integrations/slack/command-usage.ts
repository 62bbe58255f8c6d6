/** One line of usage per subcommand: shown by `help` and after every mistake. */
export const commandUsage = {
  help: 'help',
  status: 'status',
  incidents: 'incidents',
  show: 'show <incident-id>',
  why: 'why <incident-id | alert key | fingerprint>',
  run: 'run <playbook> [param=value …] [incident=<incident-id>]',
  approve: 'approve <run-id>',
  reject: 'reject <run-id>',
  pause: 'pause [<playbook> | all] [reason …]',
  resume: 'resume [<playbook> | all]',
  silence: 'silence <matcher …> <duration> [reason …]',
  unsilence: 'unsilence <silence-id>',
  resolve: 'resolve <incident-id> <reason …>',
} as const;

export type CommandName = keyof typeof commandUsage;
