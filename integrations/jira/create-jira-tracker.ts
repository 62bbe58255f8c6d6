import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { systemClock, type Clock } from '../../src/core/clock';
import { incidentMarker, type PostmortemDocument, type TicketRef, type Tracker } from '../../src/core/postmortems/tracker';
import { sendTrackerRequest } from '../github/send-tracker-request';
import { TrackerError } from '../github/tracker-error';
import { markdownToJiraWiki } from './markdown-to-jira-wiki';
import { toJiraError } from './to-jira-error';
import { lazyAxios } from '../outbound/lazy-axios';

/** Jira refuses a summary over 255 characters and a text field over 32,767. */
const MAX_SUMMARY_CHARS = 255;
const MAX_DESCRIPTION_CHARS = 32_767;
const TRUNCATED_NOTE = '\n\n_(truncated: the full postmortem is longer than Jira allows)_';

export interface JiraTrackerOptions {
  /** JIRA_BASE_URL, e.g. https://acme.atlassian.net; a trailing '/' is dropped. */
  baseUrl: string;
  /** JIRA_EMAIL: the Atlassian account the API token belongs to. */
  email: string;
  /** JIRA_API_TOKEN (id.atlassian.com → Security → API tokens). Never logged. */
  apiToken: string;
  /** JIRA_PROJECT_KEY, e.g. 'OPS'. */
  projectKey: string;
  /** Issue type name as the project spells it; default 'Task'. */
  issueType?: string;
  /** Client to send with; tests pass one with `proxy: false`. Default: a fresh `lazyAxios()`. */
  axios?: AxiosInstance;
  /** Deadline of each request; default 30 s. */
  requestTimeoutMs?: number;
  /** Used to turn an HTTP-date `Retry-After` into a wait. Default: the system clock. */
  clock?: Clock;
}

const createdSchema = z.object({ id: z.string(), key: z.string() });
const searchSchema = z.object({ issues: z.array(z.object({ key: z.string() })) });

/**
 * Files postmortems as Jira Cloud issues through `/rest/api/2/issue`, whose `description`
 * is a wiki-markup string (v3 would need ADF). Each issue carries the label `incidentMarker(id)`, which `find`
 * searches with `POST /rest/api/3/search/jql` (the legacy `/search` is gone on Cloud). That search is
 * eventually consistent: an issue created seconds ago may not be found yet, so the ref the core stores after
 * `create` stays the primary guarantee. `create` is one POST, not idempotent by itself: callers `find` first.
 */
export function createJiraTracker(options: JiraTrackerOptions): Tracker {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const client = options.axios ?? lazyAxios();
  const clock = options.clock ?? systemClock;
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const browse = (key: string): TicketRef => ({ tracker: 'jira', id: key, url: `${baseUrl}/browse/${encodeURIComponent(key)}` });

  function request(method: 'POST' | 'PUT', path: string, data: unknown): Promise<unknown> {
    return sendTrackerRequest({
      client,
      tracker: 'jira',
      method,
      baseUrl,
      path,
      data,
      headers: { Authorization: authorization, Accept: 'application/json' },
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      toError: (response, body) => toJiraError({ method, path }, response, body, clock.now().getTime()),
    });
  }

  return {
    name: 'jira',

    async find(incidentId) {
      const jql = `project = ${quote(options.projectKey)} AND labels = ${quote(incidentMarker(incidentId))} ORDER BY created ASC`;
      const path = '/rest/api/3/search/jql';
      const answer = await request('POST', path, { jql, fields: ['summary'], maxResults: 1 });
      const [issue] = readAnswer(searchSchema, answer, 'POST', path).issues;
      return issue ? browse(issue.key) : null;
    },

    async create(doc) {
      const labels = [...new Set([...doc.labels.map(toJiraLabel), incidentMarker(doc.incidentId)])].filter(Boolean);
      const fields = { project: { key: options.projectKey }, ...textFields(doc), issuetype: { name: options.issueType ?? 'Task' }, labels };
      const path = '/rest/api/2/issue';
      return browse(readAnswer(createdSchema, await request('POST', path, { fields }), 'POST', path).key);
    },

    async update(ref, doc) {
      if (ref.tracker !== 'jira' || !/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(ref.id)) {
        throw new TrackerError('jira', `jira: cannot update ${ref.tracker} ticket ${ref.id}`, { permanent: true });
      }
      // Summary and description only: labels (with the marker), assignee and status stay as they are. 204, no body.
      await request('PUT', `/rest/api/2/issue/${encodeURIComponent(ref.id)}`, { fields: textFields(doc) });
      return browse(ref.id);
    },
  };
}

/** Summary on one line (Jira refuses newlines there) and within 255 characters; description cut to fit. */
function textFields(doc: PostmortemDocument): { summary: string; description: string } {
  const line = doc.title.replace(/\s+/g, ' ').trim();
  const summary = line.length > MAX_SUMMARY_CHARS ? `${cut(line, MAX_SUMMARY_CHARS - 1)}…` : line;
  const wiki = markdownToJiraWiki(doc.body);
  const description = wiki.length > MAX_DESCRIPTION_CHARS ? `${cut(wiki, MAX_DESCRIPTION_CHARS - TRUNCATED_NOTE.length)}${TRUNCATED_NOTE}` : wiki;
  return { summary, description };
}

/** Jira counts UTF-16 units, as `slice` does; only a split surrogate pair has to be avoided. */
function cut(text: string, max: number): string {
  const part = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(part) ? part.slice(0, -1) : part;
}

/** Jira labels may not contain spaces (400 otherwise) and are at most 255 characters. */
function toJiraLabel(label: string): string {
  return label.trim().replace(/\s+/g, '_').slice(0, 255);
}

/** A JQL string literal: backslash and double quote escaped, so a value cannot change the query. */
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A 2xx of the wrong shape (a proxy page, say). Not permanent: after a POST the issue may exist. */
function readAnswer<T>(schema: z.ZodType<T>, body: unknown, method: string, path: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new TrackerError('jira', `jira: ${method} ${path} answered an unexpected body`, { permanent: false, details: { method, path, issues: parsed.error.issues.slice(0, 3) } });
}
