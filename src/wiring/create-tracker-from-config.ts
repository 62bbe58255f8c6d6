import type { Config } from '../config/config';
import type { Tracker } from '../core/postmortems/tracker';
import { createMarkdownTracker } from '../postmortems/create-markdown-tracker';
import type { Logger } from '../telemetry/create-logger';
import { createGitHubTracker } from '../../integrations/github/create-github-tracker';
import { createJiraTracker } from '../../integrations/jira/create-jira-tracker';

/**
 * Postmortems go to GitHub or Jira when configured (the configuration refuses half-configured ones), else
 * to Markdown files in the postmortem directory.
 */
export function createTrackerFromConfig(config: Pick<Config, 'github' | 'jira' | 'postmortemDir'>, log: Logger): Tracker {
  const { github, jira } = config;
  if (github.token && github.repository) {
    return createGitHubTracker({ token: github.token, repository: github.repository, apiUrl: github.apiUrl, log });
  }
  if (jira.baseUrl && jira.email && jira.apiToken && jira.projectKey) {
    return createJiraTracker({ baseUrl: jira.baseUrl, email: jira.email, apiToken: jira.apiToken, projectKey: jira.projectKey });
  }
  return createMarkdownTracker({ dir: config.postmortemDir });
}
