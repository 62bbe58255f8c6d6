import type { Config } from '../config/config';
import type { ChatPort } from '../engine/actions/notify-action';
import type { SlackIntegration } from '../../integrations/slack/create-slack-integration';
import { isSlackConfigured } from './is-slack-configured';

export interface ChatLink {
  /** For the notify action: undefined when Slack is off, so notify writes to the log instead. */
  readonly chat: ChatPort | undefined;
  /** For the run service: Slack resolves `@group` approvers once bound; before that, exact user IDs only. */
  isApprover(by: string, approvers: string[]): Promise<boolean>;
  bind(slack: SlackIntegration): void;
}

/**
 * Slack needs the run service and the executor, and they need Slack (notify posts, approver checks). The
 * link breaks the circle: it is handed to the actions and the run service first and bound to Slack once
 * Slack exists, before anything runs.
 */
export function createChatLink(slackConfig: Config['slack']): ChatLink {
  let slack: SlackIntegration | undefined;
  const chat: ChatPort = {
    post: (message) => {
      if (!slack) return Promise.reject(new Error('chat: Slack is not connected yet'));
      return slack.chat.post(message);
    },
  };
  return {
    chat: isSlackConfigured(slackConfig) ? chat : undefined,
    isApprover: (by, approvers) => (slack ? slack.isApprover(by, approvers) : Promise.resolve(approvers.includes(by))),
    bind: (bound) => {
      slack = bound;
    },
  };
}
