import type { AxiosResponse } from 'axios';
import { parseRetryAfter } from '../github/parse-retry-after';
import { TrackerError } from '../github/tracker-error';

/** What to tell the operator for answers that will not change on a retry. */
const HINTS: Record<number, string> = {
  401: 'JIRA_EMAIL / JIRA_API_TOKEN were refused',
  403: 'the account may not create or edit issues in this project',
  404: 'the project or issue does not exist, or the account cannot see it',
};

/**
 * Classifies a non-2xx Jira answer. 429 and 5xx pass with time; Jira sends `Retry-After`
 * with its rate limits and we pass it on. 400 (`{errorMessages, errors}`) names a field that will be refused
 * again, as will any other 4xx.
 */
export function toJiraError(where: { method: string; path: string }, response: AxiosResponse, body: unknown, nowMs: number): TrackerError {
  const { status } = response;
  const said = readErrors(body);
  const why = [...said.errorMessages, ...Object.entries(said.errors).map(([field, msg]) => `${field}: ${msg}`)].join('; ');
  const text = `jira: ${where.method} ${where.path} answered ${status}${why ? `: ${why}` : ''}`;
  const details = { ...where, errorMessages: said.errorMessages, errors: said.errors };
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'] as unknown, nowMs);

  if (status === 429 || status >= 500 || status === 408) {
    return new TrackerError('jira', status === 429 ? `${text} (rate limited)` : text, { status, retryAfterMs, permanent: false, details });
  }
  // 3xx: redirects are not followed, so the credentials never go to another host; JIRA_BASE_URL is wrong.
  const hint = status >= 300 && status < 400 ? 'redirected: check JIRA_BASE_URL (https://<site>.atlassian.net)' : HINTS[status];
  return new TrackerError('jira', hint ? `${text} (${hint})` : text, { status, permanent: true, details });
}

function readErrors(body: unknown): { errorMessages: string[]; errors: Record<string, string> } {
  if (typeof body !== 'object' || body === null) return { errorMessages: [], errors: {} };
  const b = body as Record<string, unknown>;
  const errorMessages = Array.isArray(b.errorMessages) ? b.errorMessages.filter((m): m is string => typeof m === 'string') : [];
  const errors: Record<string, string> = {};
  if (typeof b.errors === 'object' && b.errors !== null) {
    for (const [field, msg] of Object.entries(b.errors)) if (typeof msg === 'string') errors[field] = msg;
  }
  return { errorMessages, errors };
}
