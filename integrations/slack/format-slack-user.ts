import { escapeSlackText } from './escape-slack-text';

/**
 * Shows a user ID as a mention (`<@U…>`), a user-group ID as a group mention, and anything else (an
 * `@handle`, an API caller's name, `mendbot`) as escaped plain text.
 */
export function formatSlackUser(who: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(who)) return `<@${who}>`;
  if (/^S[A-Z0-9]{2,}$/.test(who)) return `<!subteam^${who}>`;
  return escapeSlackText(who);
}
