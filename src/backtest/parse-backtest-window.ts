import { parseDuration } from '../config/parse-duration';

/** Why a window was refused (a usage error for the CLI, a 400 for the API). */
export class BacktestWindowError extends Error {
  override readonly name = 'BacktestWindowError';
  constructor(
    message: string,
    readonly field: 'since' | 'until',
  ) {
    super(message);
  }
}

/**
 * `since`/`until` as a duration before `now` (`30d`, `12h`, `1h30m`) or an ISO 8601 time; since defaults to
 * 7d, until to now. With `maxMs` (the API's bound) a longer window is refused.
 */
export function parseBacktestWindow(input: { since?: string; until?: string }, now: Date, maxMs?: number): { since: string; until: string } {
  const until = input.until === undefined ? now.getTime() : toTime(input.until, now, 'until');
  const since = toTime(input.since ?? '7d', now, 'since');
  if (since >= until) throw new BacktestWindowError(`since (${new Date(since).toISOString()}) must be before until (${new Date(until).toISOString()})`, 'since');
  if (maxMs !== undefined && until - since > maxMs) {
    throw new BacktestWindowError(`window of ${Math.round((until - since) / 86_400_000)}d is longer than the ${Math.round(maxMs / 86_400_000)}d allowed`, 'since');
  }
  return { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
}

function toTime(text: string, now: Date, field: 'since' | 'until'): number {
  const ago = /^\d/.test(text) && !text.includes('-') ? parseDuration(text) : undefined;
  if (ago !== undefined) return now.getTime() - ago;
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) throw new BacktestWindowError(`${field}: ${JSON.stringify(text)} is neither a duration (30d, 12h) nor an ISO 8601 time`, field);
  return at;
}
