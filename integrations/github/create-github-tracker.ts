import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { systemClock, type Clock } from '../../src/core/clock';
import { incidentMarker, type PostmortemDocument, type TicketRef, type Tracker } from '../../src/core/postmortems/tracker';
import { toGitHubError } from './to-github-error';
import { sendTrackerRequest } from './send-tracker-request';
import { TrackerError } from './tracker-error';
import { lazyAxios } from '../outbound/lazy-axios';

const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** GitHub refuses issue bodies over 65,536 characters with a 422; we cut the body before that. */
const MAX_BODY_CHARS = 65_536;
const TRUNCATED_NOTE = '\n\n_(truncated: the full postmortem is longer than GitHub allows)_';

export interface GitHubTrackerOptions {
  /** Fine-grained token with Issues read/write on the repository (or a classic token with `repo`). Never logged. */
  token: string;
  /** `owner/name`, e.g. `acme-payments/incidents`. */
  repository: string;
  /** Default https://api.github.com; GitHub Enterprise Server: `https://HOST/api/v3`. */
  apiUrl?: string;
  /** Client to send with; tests pass one with `proxy: false`. Default: a fresh `lazyAxios()`. */
  axios?: AxiosInstance;
  /** Deadline of each request; default 30 s. */
  requestTimeoutMs?: number;
  /** Used to turn `x-ratelimit-reset` and HTTP-date `Retry-After` into a wait. Default: the system clock. */
  clock?: Clock;
  /** Told when GitHub dropped the labels (no push access), which makes `find` blind. A pino logger fits. */
  log?: { warn(obj: object, msg: string): void };
}

const issueSchema = z.object({
  number: z.number().int().positive(),
  html_url: z.string(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  // The issues list also returns pull requests; they carry this key, issues do not.
  pull_request: z.unknown().optional(),
});
type Issue = z.infer<typeof issueSchema>;

/**
 * Files postmortems as GitHub issues (REST API version 2022-11-28). Each issue carries the label
 * `incidentMarker(id)`, which is what `find` looks for, and a hidden `<!-- mendbot:incident=… -->` comment for
 * humans and tools.
 *
 * Limitation: without push access GitHub silently drops labels, so `find` cannot see the issue, and the
 * body comment cannot replace it (the search API is eventually consistent and rate-limited to 30/min). The
 * ref the core stores after `create` is then the only guarantee of one issue per incident; `create` logs a
 * warning when it notices. `create` is one POST, not idempotent by itself: callers `find` first.
 */
export function createGitHubTracker(options: GitHubTrackerOptions): Tracker {
  const repository = parseRepository(options.repository);
  const apiUrl = (options.apiUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const client = options.axios ?? lazyAxios();
  const clock = options.clock ?? systemClock;
  const issuesPath = `/repos/${repository}/issues`;

  function request(method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<unknown> {
    return sendTrackerRequest({
      client,
      tracker: 'github',
      method,
      baseUrl: apiUrl,
      path,
      data,
      headers: { Accept: 'application/vnd.github+json', Authorization: `Bearer ${options.token}`, 'X-GitHub-Api-Version': '2022-11-28' },
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      toError: (response, body) => toGitHubError({ method, path }, response, body, clock.now().getTime()),
    });
  }

  function toRef(issue: Issue): TicketRef {
    return { tracker: 'github', id: String(issue.number), url: issue.html_url };
  }

  return {
    name: 'github',

    async find(incidentId) {
      // A consistent read, unlike /search/issues; state=all so a closed postmortem is updated, not duplicated.
      const query = new URLSearchParams({ state: 'all', labels: incidentMarker(incidentId), per_page: '5', sort: 'created', direction: 'asc' });
      const path = `${issuesPath}?${query.toString()}`;
      const items = readAnswer(z.array(issueSchema), await request('GET', path), 'GET', path);
      const issue = items.find((item) => item.pull_request === undefined);
      return issue ? toRef(issue) : null;
    },

    async create(doc) {
      const marker = incidentMarker(doc.incidentId);
      const labels = [...new Set([...doc.labels, marker])];
      const answer = await request('POST', issuesPath, { title: doc.title, body: bodyWithMarker(doc), labels });
      const issue = readAnswer(issueSchema, answer, 'POST', issuesPath);
      const kept = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
      if (!kept.includes(marker)) {
        options.log?.warn(
          { repository, issue: issue.number, incidentId: doc.incidentId },
          'github dropped the labels (the token lacks push access): find() cannot recover this issue after a crash',
        );
      }
      return toRef(issue);
    },

    async update(ref, doc) {
      if (ref.tracker !== 'github' || !/^\d+$/.test(ref.id)) {
        throw new TrackerError('github', `github: cannot update ${ref.tracker} ticket ${ref.id}`, { permanent: true });
      }
      const path = `${issuesPath}/${ref.id}`;
      // Title and body only: labels, assignees and state are left as humans set them.
      const answer = await request('PATCH', path, { title: doc.title, body: bodyWithMarker(doc) });
      return toRef(readAnswer(issueSchema, answer, 'PATCH', path));
    },
  };
}

/** The body plus the hidden marker, cut to GitHub's limit. The id is URI-encoded so it cannot close the comment. */
function bodyWithMarker(doc: PostmortemDocument): string {
  const marker = `\n\n<!-- mendbot:incident=${encodeURIComponent(doc.incidentId)} -->`;
  const room = MAX_BODY_CHARS - marker.length - TRUNCATED_NOTE.length;
  if (doc.body.length + marker.length <= MAX_BODY_CHARS) return `${doc.body}${marker}`;
  let cut = doc.body.slice(0, room);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never split a surrogate pair
  return `${cut}${TRUNCATED_NOTE}${marker}`;
}

function parseRepository(repository: string): string {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository.trim());
  if (!match) throw new Error(`github: repository must be "owner/name", got "${repository}"`);
  return `${encodeURIComponent(match[1]!)}/${encodeURIComponent(match[2]!)}`;
}

/**
 * A 2xx that is not the documented shape (a proxy's HTML page, say). Not permanent: after a POST the
 * issue may exist, and the next attempt's `find` will see it.
 */
function readAnswer<T>(schema: z.ZodType<T>, body: unknown, method: string, path: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new TrackerError('github', `github: ${method} ${path} answered an unexpected body`, { permanent: false, details: { method, path, issues: parsed.error.issues.slice(0, 3) } });
}
