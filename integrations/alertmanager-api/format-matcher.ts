import type { SilenceMatcher } from '../../src/core/alertmanager/alertmanager-api';

/** A matcher as the API's `filter` parameter takes it, the value quoted so any label value round-trips. */
export function formatMatcher(matcher: SilenceMatcher): string {
  const operator = matcher.isRegex ? (matcher.isEqual ? '=~' : '!~') : matcher.isEqual ? '=' : '!=';
  const value = matcher.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `${matcher.name}${operator}"${value}"`;
}
