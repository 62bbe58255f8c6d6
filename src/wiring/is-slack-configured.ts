import type { Config } from '../config/config';

type SlackConfig = Config['slack'];

/**
 * Slack is on when it has a bot token, a channel and a way to receive (a signing secret for HTTP events or
 * an app token for Socket Mode). The configuration refuses half-configured Slack, so this only tells "on"
 * from "off".
 */
export function isSlackConfigured(slack: SlackConfig): slack is SlackConfig & { botToken: string; channel: string } {
  return slack.botToken !== undefined && slack.channel !== undefined && (slack.signingSecret !== undefined || slack.appToken !== undefined);
}
