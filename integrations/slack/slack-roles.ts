/**
 * Who may use the mutating slash commands (YAML `slack.roles` in MENDBOT_CONFIG). Each list holds Slack user
 * IDs (`U024BE7LH`) or user-group handles (`@sre-oncall`); an empty list means nobody (the safe default).
 * Read-only commands (help, status, incidents, show, why) are open to everyone in the workspace.
 */
export interface SlackRoles {
  /** `run <playbook>`: start a manual run (the executor still applies guardrails and approval). */
  run: readonly string[];
  /** `pause` / `resume`: the kill switch and per-playbook pauses. */
  pause: readonly string[];
  /** `approve` / `reject <run>` typed as a command; the run's playbook approvers are checked as well. */
  approve: readonly string[];
  /** `silence` / `unsilence`. */
  silence: readonly string[];
  /** `resolve <incident> <reason>`: close an incident by hand (the operator's call). */
  resolve: readonly string[];
}

export type SlackRole = keyof SlackRoles;
