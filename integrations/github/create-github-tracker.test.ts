import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { createManualClock } from '../../src/core/clock';
import { incidentMarker, type PostmortemDocument } from '../../src/core/postmortems/tracker';
import { createGitHubTracker } from './create-github-tracker';
import { startFakeGitHubApi } from '../../test/fakes/start-fake-github-api';
import { TrackerError } from './tracker-error';

const TOKEN = 'github_pat_test_0123456789';
const REPOSITORY = 'acme-payments/incidents';
// No proxy, whatever the environment says: test traffic never leaves 127.0.0.1.
const client = axios.create({ proxy: false });

const doc: PostmortemDocument = {
  incidentId: 'inc_01HV3K',
  title: '[prod-eu-1/prod] HighErrorRate: checkout 5xx error ratio above 5%',
  body: '## HighErrorRate on checkout\n\n- **Severity:** critical\n',
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

describe('createGitHubTracker', () => {
  let api: Awaited<ReturnType<typeof startFakeGitHubApi>>;
  const clock = createManualClock('2026-03-14T09:47:00.000Z');
  const warn = jest.fn();
  const tracker = () => createGitHubTracker({ token: TOKEN, repository: REPOSITORY, apiUrl: api.apiUrl, axios: client, clock, log: { warn } });

  beforeEach(async () => {
    api = await startFakeGitHubApi({ token: TOKEN, repository: REPOSITORY });
    warn.mockReset();
  });
  afterEach(() => api.close());

  it('refuses a repository that is not owner/name', () => {
    expect(() => createGitHubTracker({ token: TOKEN, repository: 'incidents' })).toThrow(/owner\/name/);
  });

  describe('create', () => {
    it('POSTs the issue with GitHub headers and returns its number and html_url', async () => {
      const ref = await tracker().create(doc);
      expect(ref).toEqual({ tracker: 'github', id: '1287', url: 'https://github.com/acme-payments/incidents/issues/1287' });
      const [request] = api.received;
      expect(request).toMatchObject({ method: 'POST', path: '/repos/acme-payments/incidents/issues' });
      expect(request!.headers).toMatchObject({
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${TOKEN}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'mendbot',
        'content-type': 'application/json',
      });
    });

    it('adds the incident marker label and a hidden body marker', async () => {
      await tracker().create(doc);
      const sent = JSON.parse(api.received[0]!.body) as { title: string; body: string; labels: string[] };
      expect(sent.title).toBe(doc.title);
      expect(sent.labels).toEqual(['incident', 'sev:critical', incidentMarker(doc.incidentId)]);
      expect(sent.body).toBe(`${doc.body}\n\n<!-- mendbot:incident=inc_01HV3K -->`);
      expect(warn).not.toHaveBeenCalled();
    });

    it('encodes the incident id so it cannot close the HTML comment early', async () => {
      await tracker().create({ ...doc, incidentId: 'x-->y' });
      expect(JSON.parse(api.received[0]!.body).body).toMatch(/<!-- mendbot:incident=x--%3Ey -->$/);
    });

    it('cuts a body longer than GitHub accepts, keeping the marker', async () => {
      await tracker().create({ ...doc, body: 'x'.repeat(70_000) });
      const { body } = JSON.parse(api.received[0]!.body) as { body: string };
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body).toMatch(/truncated[\s\S]*<!-- mendbot:incident=inc_01HV3K -->$/);
    });
  });

  describe('find', () => {
    it('returns null when no issue carries the marker', async () => {
      await expect(tracker().find(doc.incidentId)).resolves.toBeNull();
      expect(api.received[0]!.path).toBe(`/repos/acme-payments/incidents/issues?state=all&labels=${incidentMarker(doc.incidentId)}&per_page=5&sort=created&direction=asc`);
      expect(api.received[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it('returns the same ref as create, for a crash between creating and storing', async () => {
      const created = await tracker().create(doc);
      await expect(createGitHubTracker({ token: TOKEN, repository: REPOSITORY, apiUrl: api.apiUrl, axios: client }).find(doc.incidentId)).resolves.toEqual(created);
    });

    it('skips pull requests carrying the marker', async () => {
      api.addPullRequest([incidentMarker(doc.incidentId)]);
      await expect(tracker().find(doc.incidentId)).resolves.toBeNull();
      const created = await tracker().create(doc);
      await expect(tracker().find(doc.incidentId)).resolves.toEqual(created);
    });

    it('finds a closed issue too, so a closed postmortem is updated rather than filed again', async () => {
      const created = await tracker().create(doc);
      api.issues[0]!.state = 'closed';
      await expect(tracker().find(doc.incidentId)).resolves.toEqual(created);
    });

    it('picks the oldest issue when duplicates exist', async () => {
      const first = await tracker().create(doc);
      await tracker().create(doc);
      await expect(tracker().find(doc.incidentId)).resolves.toEqual(first);
    });
  });

  describe('update', () => {
    it('PATCHes title and body only, keeping the marker, and returns the ref', async () => {
      const ref = await tracker().create(doc);
      const updated = await tracker().update(ref, { ...doc, title: 'Postmortem: checkout 5xx', body: 'Root cause: a bad deploy.', labels: ['other'] });
      expect(updated).toEqual(ref);
      const request = api.received.at(-1)!;
      expect(request).toMatchObject({ method: 'PATCH', path: '/repos/acme-payments/incidents/issues/1287' });
      expect(JSON.parse(request.body)).toEqual({ title: 'Postmortem: checkout 5xx', body: 'Root cause: a bad deploy.\n\n<!-- mendbot:incident=inc_01HV3K -->' });
      expect(api.issues[0]!.labels.map((l) => l.name)).toContain(incidentMarker(doc.incidentId));
    });

    it('refuses a ref from another tracker without sending anything', async () => {
      const error = await failure(tracker().update({ tracker: 'jira', id: 'OPS-1', url: 'https://x/browse/OPS-1' }, doc));
      expect(error.permanent).toBe(true);
      expect(api.received).toHaveLength(0);
    });

    it('fails permanently with 404 when the issue is gone', async () => {
      const error = await failure(tracker().update({ tracker: 'github', id: '9999', url: 'https://github.com/x/y/issues/9999' }, doc));
      expect(error).toMatchObject({ status: 404, permanent: true, tracker: 'github' });
    });
  });

  describe('without push access (labels silently dropped)', () => {
    beforeEach(async () => {
      await api.close();
      api = await startFakeGitHubApi({ token: TOKEN, repository: REPOSITORY, pushAccess: false });
    });

    it('still creates the issue, but warns that find() cannot see it', async () => {
      const ref = await tracker().create(doc);
      expect(ref.id).toBe('1287');
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ issue: 1287, incidentId: doc.incidentId }), expect.stringContaining('push access'));
      await expect(tracker().find(doc.incidentId)).resolves.toBeNull();
    });
  });

  describe('when GitHub fails', () => {
    it('throws one TrackerError per failed attempt (502, then secondary rate limit), then succeeds', async () => {
      api.answerNext(
        { status: 502, body: { message: 'Server Error' } },
        { status: 403, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, headers: { 'retry-after': '30' } },
      );
      const gitHub = tracker();
      const bad = await failure(gitHub.create(doc));
      expect(bad).toMatchObject({ status: 502, permanent: false, retryAfterMs: undefined });
      const limited = await failure(gitHub.create(doc));
      expect(limited).toMatchObject({ status: 403, permanent: false, retryAfterMs: 30_000 });
      expect(limited.message).toMatch(/rate limit/);
      const ref = await gitHub.create(doc);
      expect(api.received).toHaveLength(3);
      await expect(gitHub.find(doc.incidentId)).resolves.toEqual(ref);
    });

    it('waits until x-ratelimit-reset when the primary limit is exhausted', async () => {
      const reset = String(Math.floor(clock.now().getTime() / 1000) + 90);
      api.answerNext({ status: 403, body: { message: 'API rate limit exceeded' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
      await expect(failure(tracker().find(doc.incidentId))).resolves.toMatchObject({ status: 403, permanent: false, retryAfterMs: 90_000 });
    });

    it('waits a minute after a 429 without headers, as GitHub asks', async () => {
      api.answerNext({ status: 429, body: { message: 'Too Many Requests' } });
      await expect(failure(tracker().create(doc))).resolves.toMatchObject({ status: 429, permanent: false, retryAfterMs: 60_000 });
    });

    it('treats a 403 without rate-limit signs as a permission problem', async () => {
      api.answerNext({ status: 403, body: { message: 'Resource not accessible by personal access token' } });
      await expect(failure(tracker().create(doc))).resolves.toMatchObject({ status: 403, permanent: true });
    });

    it('fails permanently on a bad token, without echoing it', async () => {
      const error = await failure(createGitHubTracker({ token: 'wrong', repository: REPOSITORY, apiUrl: api.apiUrl, axios: client }).create(doc));
      expect(error).toMatchObject({ status: 401, permanent: true });
      expect(error.message).toMatch(/GITHUB_TOKEN/);
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain('wrong');
    });

    it.each([
      [410, { message: 'Issues are disabled for this repo' }],
      [422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'invalid', field: 'labels' }] }],
      [301, { message: 'Moved Permanently' }],
    ])('fails permanently on %i', async (status, body) => {
      api.answerNext({ status, body });
      await expect(failure(tracker().create(doc))).resolves.toMatchObject({ status, permanent: true });
    });

    it('passes GitHub validation errors on in details', async () => {
      api.answerNext({ status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'invalid', field: 'labels' }] } });
      await expect(failure(tracker().create(doc))).resolves.toMatchObject({ details: { message: 'Validation Failed', errors: [{ field: 'labels' }] } });
    });

    it('fails transiently when GitHub cannot be reached', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const unreachable = createGitHubTracker({ token: TOKEN, repository: REPOSITORY, apiUrl: `http://127.0.0.1:${port}`, axios: client });
      await expect(failure(unreachable.find(doc.incidentId))).resolves.toMatchObject({ permanent: false, status: undefined, details: { code: 'ECONNREFUSED' } });
    });

    it('fails transiently on a 2xx that is not an issue', async () => {
      api.answerNext({ status: 201, body: { hello: 'proxy' } });
      await expect(failure(tracker().create(doc))).resolves.toMatchObject({ permanent: false });
    });
  });
});
