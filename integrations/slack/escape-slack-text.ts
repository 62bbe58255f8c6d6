/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so text taken from alerts
 * (titles, label values) shows as written and can never become a mention (`<!channel>`) or a link.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
