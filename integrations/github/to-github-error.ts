import type { AxiosResponse } from 'axios';
import { parseEpochReset, parseRetryAfter } from './parse-retry-after';
import { TrackerError } from './tracker-error';

/** GitHub asks for "at least one minute" when a secondary rate limit comes without any header. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** What to tell the operator for answers that will not change on a retry. */
const HINTS: Record<number, string> = {
  401: 'the token is invalid or expired (GITHUB_TOKEN)',
  403: 'the token may not create or edit issues in this repository (fine-grained token: Issues read/write)',
  404: 'the repository does not exist or the token cannot see it (GITHUB_REPOSITORY, token repository access)',
  410: 'issues are disabled in this repository',
  422: 'GitHub rejected the fields (see details.errors)',
};

/**
 * Classifies a non-2xx GitHub answer. Rate limits follow GitHub's rules (docs: "Rate limits for the REST
 * API", "Exceeding the rate limit"): 403 or 429 with `retry-after`, or `x-ratelimit-remaining: 0` with
 * `x-ratelimit-reset`, or only an error message saying so (then wait at least a minute). A 403 without any
 * of these is a permission problem, and repeating it changes nothing.
 */
export function toGitHubError(where: { method: string; path: string }, response: AxiosResponse, body: unknown, nowMs: number): TrackerError {
  const { status } = response;
  const header = (name: string): unknown => response.headers[name] as unknown;
  const said = readMessage(body);
  const details = { ...where, message: said.message, errors: said.errors, documentationUrl: said.documentationUrl };

  const exhausted = header('x-ratelimit-remaining') === '0';
  const waitMs = parseRetryAfter(header('retry-after'), nowMs) ?? (exhausted ? parseEpochReset(header('x-ratelimit-reset'), nowMs) : undefined);
  // The message check is GitHub's own documented signal for a secondary limit sent without headers.
  const rateLimited = status === 429 || (status === 403 && (waitMs !== undefined || exhausted || /rate limit/i.test(said.message ?? '')));
  const text = `github: ${where.method} ${where.path} answered ${status}${said.message ? `: ${said.message}` : ''}`;

  if (rateLimited) {
    return new TrackerError('github', `${text} (rate limited)`, { status, retryAfterMs: waitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS, permanent: false, details });
  }
  if (status >= 500 || status === 408) {
    return new TrackerError('github', text, { status, retryAfterMs: waitMs, permanent: false, details });
  }
  // 3xx: maxRedirects is 0 so the token never follows a redirect; a moved repository needs a config change.
  const hint = status >= 300 && status < 400 ? 'the repository moved or was renamed; update GITHUB_REPOSITORY' : HINTS[status];
  return new TrackerError('github', hint ? `${text} (${hint})` : text, { status, permanent: true, details });
}

/** GitHub error bodies are `{message, documentation_url, errors?}`; anything else is ignored. */
function readMessage(body: unknown): { message?: string; errors?: unknown; documentationUrl?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  return {
    message: typeof b.message === 'string' ? b.message : undefined,
    errors: Array.isArray(b.errors) ? b.errors : undefined,
    documentationUrl: typeof b.documentation_url === 'string' ? b.documentation_url : undefined,
  };
}
