import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { createManualClock } from '../../src/core/clock';
import { incidentMarker, type PostmortemDocument } from '../../src/core/postmortems/tracker';
import { TrackerError } from '../github/tracker-error';
import { createJiraTracker, type JiraTrackerOptions } from './create-jira-tracker';
import { startFakeJiraApi } from '../../test/fakes/start-fake-jira-api';

const EMAIL = 'sre-bot@acme.example';
const API_TOKEN = 'ATATT3xFfGF0-test-token';
// No proxy, whatever the environment says: test traffic never leaves 127.0.0.1.
const client = axios.create({ proxy: false });

const doc: PostmortemDocument = {
  incidentId: 'inc_01HV3K',
  title: '[prod-eu-1/prod] HighErrorRate: checkout 5xx error ratio above 5%',
  body: '## HighErrorRate on checkout\n\n- **Severity:** critical\n\n<!-- mendbot:incident=inc_01HV3K -->\n',
  labels: ['incident', 'sev:critical'],
};

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrackerError) return error;
    throw error;
  }
  throw new Error('expected a TrackerError');
}

describe('createJiraTracker', () => {
  let api: Awaited<ReturnType<typeof startFakeJiraApi>>;
  const clock = createManualClock('2026-03-14T09:47:00.000Z');
  const tracker = (overrides: Partial<JiraTrackerOptions> = {}) =>
    createJiraTracker({ baseUrl: `${api.baseUrl}/`, email: EMAIL, apiToken: API_TOKEN, projectKey: 'OPS', axios: client, clock, ...overrides });
  const sent = (index = -1) => JSON.parse(api.received.at(index)!.body) as Record<string, unknown>;

  beforeEach(async () => {
    api = await startFakeJiraApi({ email: EMAIL, apiToken: API_TOKEN, projectKey: 'OPS' });
  });
  afterEach(() => api.close());

  describe('create', () => {
    it('POSTs to /rest/api/2/issue with Basic auth and returns the key and browse URL', async () => {
      const ref = await tracker().create(doc);
      expect(ref).toEqual({ tracker: 'jira', id: 'OPS-1287', url: `${api.baseUrl}/browse/OPS-1287` });
      const [request] = api.received;
      expect(request).toMatchObject({ method: 'POST', path: '/rest/api/2/issue' });
      expect(request!.headers).toMatchObject({
        authorization: `Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}`,
        accept: 'application/json',
        'content-type': 'application/json',
      });
    });

    it('sends the project, a Task, the labels plus the marker, and the body as wiki text', async () => {
      await tracker().create(doc);
      expect(sent(0)).toEqual({
        fields: {
          project: { key: 'OPS' },
          summary: doc.title,
          description: 'h2. HighErrorRate on checkout\n\n* *Severity:* critical',
          issuetype: { name: 'Task' },
          labels: ['incident', 'sev:critical', incidentMarker(doc.incidentId)],
        },
      });
    });

    it('uses the configured issue type', async () => {
      await tracker({ issueType: 'Bug' }).create(doc);
      expect(sent(0)).toMatchObject({ fields: { issuetype: { name: 'Bug' } } });
    });

    it('puts a long, multi-line title on one line within 255 characters', async () => {
      const ref = await tracker().create({ ...doc, title: `Checkout\nfailed ${'x'.repeat(300)}` });
      const { summary } = (sent(0) as { fields: { summary: string } }).fields;
      expect(summary).toHaveLength(255);
      expect(summary).toMatch(/^Checkout failed x+…$/);
      expect(ref.id).toBe('OPS-1287');
    });

    it('replaces spaces in labels, which Jira refuses', async () => {
      await tracker().create({ ...doc, labels: ['needs review'] });
      expect(sent(0)).toMatchObject({ fields: { labels: ['needs_review', incidentMarker(doc.incidentId)] } });
    });

    it('cuts a description longer than Jira accepts', async () => {
      await tracker().create({ ...doc, body: 'y'.repeat(40_000) });
      const { description } = (sent(0) as { fields: { description: string } }).fields;
      expect(description.length).toBeLessThanOrEqual(32_767);
      expect(description).toMatch(/truncated/);
    });
  });

  describe('find', () => {
    it('searches /rest/api/3/search/jql by project and marker label, and returns null when nothing matches', async () => {
      await expect(tracker().find(doc.incidentId)).resolves.toBeNull();
      expect(api.received[0]).toMatchObject({ method: 'POST', path: '/rest/api/3/search/jql' });
      expect(sent(0)).toEqual({ jql: `project = "OPS" AND labels = "${incidentMarker(doc.incidentId)}" ORDER BY created ASC`, fields: ['summary'], maxResults: 1 });
    });

    it('returns the same ref as create, for a crash between creating and storing', async () => {
      const created = await tracker().create(doc);
      await expect(tracker().find(doc.incidentId)).resolves.toEqual(created);
      expect(api.received.map((r) => r.path)).not.toContain('/rest/api/3/search');
    });

    it('picks the oldest issue when duplicates exist', async () => {
      const first = await tracker().create(doc);
      await tracker().create(doc);
      await expect(tracker().find(doc.incidentId)).resolves.toEqual(first);
    });

    it('does not see another incident’s issue', async () => {
      await tracker().create({ ...doc, incidentId: 'inc_other' });
      await expect(tracker().find(doc.incidentId)).resolves.toBeNull();
    });

    it('quotes the project key so it cannot change the query', async () => {
      await tracker({ projectKey: 'OPS" OR project = "HR' }).find(doc.incidentId);
      expect(sent(0).jql).toBe(`project = "OPS\\" OR project = \\"HR" AND labels = "${incidentMarker(doc.incidentId)}" ORDER BY created ASC`);
    });
  });

  describe('update', () => {
    it('PUTs summary and description only, and returns the ref', async () => {
      const ref = await tracker().create(doc);
      await expect(tracker().update(ref, { ...doc, title: 'Postmortem: checkout 5xx', body: 'Root cause: a **bad** deploy.', labels: [] })).resolves.toEqual(ref);
      expect(api.received.at(-1)).toMatchObject({ method: 'PUT', path: '/rest/api/2/issue/OPS-1287' });
      expect(sent()).toEqual({ fields: { summary: 'Postmortem: checkout 5xx', description: 'Root cause: a *bad* deploy.' } });
      expect(api.issues[0]!.fields.labels).toContain(incidentMarker(doc.incidentId));
    });

    it('fails permanently with 404 when the issue is gone', async () => {
      const error = await failure(tracker().update({ tracker: 'jira', id: 'OPS-9', url: 'x' }, doc));
      expect(error).toMatchObject({ status: 404, permanent: true, details: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } });
    });

    it('refuses a ref from another tracker without sending anything', async () => {
      await expect(failure(tracker().update({ tracker: 'github', id: '1287', url: 'x' }, doc))).resolves.toMatchObject({ permanent: true });
      expect(api.received).toHaveLength(0);
    });
  });

  describe('when Jira fails', () => {
    it('throws a transient error carrying Retry-After on 429, then works on the next call', async () => {
      api.answerNext({ status: 429, body: { errorMessages: ['Rate limit exceeded.'], errors: {} }, headers: { 'retry-after': '17' } });
      const jira = tracker();
      const error = await failure(jira.create(doc));
      expect(error).toMatchObject({ tracker: 'jira', status: 429, permanent: false, retryAfterMs: 17_000 });
      expect(error.message).toMatch(/rate limited/);
      const ref = await jira.create(doc);
      expect(api.received).toHaveLength(2);
      await expect(jira.find(doc.incidentId)).resolves.toEqual(ref);
    });

    it('treats 503 as transient', async () => {
      api.answerNext({ status: 503, body: { errorMessages: ['Service Unavailable'], errors: {} } });
      await expect(failure(tracker().find(doc.incidentId))).resolves.toMatchObject({ status: 503, permanent: false });
    });

    it('fails permanently on 400, naming the fields Jira refused', async () => {
      const error = await failure(tracker({ issueType: 'Postmortem' }).create(doc));
      expect(error).toMatchObject({ status: 400, permanent: true, details: { errorMessages: [], errors: { issuetype: 'Specify a valid issue type' } } });
      expect(error.message).toContain('issuetype: Specify a valid issue type');
    });

    it('fails permanently on bad credentials, without echoing them', async () => {
      const error = await failure(tracker({ apiToken: 'wrong-token' }).create(doc));
      expect(error).toMatchObject({ status: 401, permanent: true });
      expect(error.message).toMatch(/JIRA_API_TOKEN/);
      const leaked = JSON.stringify({ ...error, message: error.message });
      expect(leaked).not.toContain('wrong-token');
      expect(leaked).not.toContain(Buffer.from(`${EMAIL}:wrong-token`).toString('base64'));
    });

    it('does not follow a redirect with the credentials', async () => {
      api.answerNext({ status: 302, headers: { location: 'http://127.0.0.1:1/login' } });
      await expect(failure(tracker().create(doc))).resolves.toMatchObject({ status: 302, permanent: true });
      expect(api.received).toHaveLength(1);
    });

    it('fails transiently when Jira cannot be reached', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await failure(tracker({ baseUrl: `http://127.0.0.1:${port}` }).find(doc.incidentId));
      expect(error).toMatchObject({ permanent: false, status: undefined, details: { code: 'ECONNREFUSED' } });
    });
  });
});
