/**
 * A timestamp Slack renders in each reader's own time zone, with the ISO time as the fallback text.
 * https://docs.slack.dev/messaging/formatting-message-text#date-formatting
 */
export function formatSlackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time_secs}|${iso}>`;
}
