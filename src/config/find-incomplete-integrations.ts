type Env = Record<string, string | undefined>;

const isSet = (env: Env, name: string): boolean => (env[name]?.trim() ?? '') !== '';

/**
 * Problems for integrations configured by halves. A half-configured integration would start fine and then
 * fail at the worst moment (the first approval, the first postmortem ticket), so it is refused at start-up.
 * Checked on presence alone, so these are reported even when a value is also malformed.
 */
export function findIncompleteIntegrations(env: Env): string[] {
  const problems: string[] = [];

  const jira = ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'];
  const jiraSet = jira.filter((n) => isSet(env, n));
  if (jiraSet.length > 0 && jiraSet.length < jira.length) {
    const missing = jira.filter((n) => !jiraSet.includes(n));
    problems.push(
      `${missing.join(', ')}: not set, but ${jiraSet.join(', ')} ${jiraSet.length === 1 ? 'is' : 'are'}; Jira needs all four (set the rest, or unset ${jiraSet.join(', ')} to turn Jira off)`,
    );
  }

  if (isSet(env, 'GITHUB_TOKEN') && !isSet(env, 'GITHUB_REPOSITORY')) {
    problems.push('GITHUB_REPOSITORY: not set, but GITHUB_TOKEN is; set GITHUB_REPOSITORY=owner/name for postmortem issues');
  }

  const slackBot = isSet(env, 'SLACK_BOT_TOKEN');
  const slackInbound = isSet(env, 'SLACK_SIGNING_SECRET') || isSet(env, 'SLACK_APP_TOKEN');
  if (slackBot && !slackInbound) {
    problems.push(
      'SLACK_SIGNING_SECRET: not set, but SLACK_BOT_TOKEN is; approval buttons need SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode)',
    );
  }
  if (slackBot && !isSet(env, 'SLACK_CHANNEL')) {
    problems.push('SLACK_CHANNEL: not set, but SLACK_BOT_TOKEN is; set SLACK_CHANNEL=C0123456789 (where incident threads go)');
  }
  if (!slackBot && slackInbound) {
    problems.push('SLACK_BOT_TOKEN: not set, but a Slack signing secret or app token is; set SLACK_BOT_TOKEN=xoxb-… or unset the others');
  }
  return problems;
}
