import { startCountingTarget } from '../helpers/start-counting-target';
import { fixture, startTestApp, type TestApp } from '../helpers/start-test-app';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;
const apiToken = 'api-test-token';
const bearer = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' };
// Reads need the token too (the API has no anonymous access once a token is configured).
const read = { headers: { authorization: `Bearer ${apiToken}` } };

const playbook = (url: string) => `
name: rollback
mode: approval
approvers: ["U024BE7LH"]
match: ['alertname="HighErrorRate"']
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "${url}/rollback" }
`;

describe('runs API', () => {
  let app: TestApp;
  let target: Target;
  beforeEach(async () => {
    target = await startCountingTarget();
    app = await startTestApp({ playbooks: [playbook(target.url)], apiToken });
  });
  afterEach(async () => {
    await app.close();
    await target.close();
  });

  const waitingRun = async () => {
    await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body: fixture('alertmanager-firing.json') });
    for (let i = 0; i < 100; i++) {
      const [incident] = ((await (await fetch(`${app.url}/api/incidents`, read)).json()) as { items: Array<{ id: string }> }).items;
      const detail = (await (await fetch(`${app.url}/api/incidents/${incident!.id}`, read)).json()) as { runs: Array<{ id: string; status: string }> };
      const run = detail.runs[0];
      if (run?.status === 'waiting_approval') return run;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('run never waited for approval');
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = bearer) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

  it('shows the run, created with the delivery, at GET /api/runs/:id', async () => {
    const run = await waitingRun();
    const res = await fetch(`${app.url}/api/runs/${run.id}`, read);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: run.id, playbook: 'rollback', status: 'waiting_approval', mode: 'approval' });
  });

  it('approves with the API token and a named approver, then runs the step once', async () => {
    const run = await waitingRun();
    const res = await post(`/api/runs/${run.id}/approve`, { by: 'U024BE7LH' });
    expect(res.status).toBe(200);
    for (let i = 0; i < 100 && target.count('/rollback') === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(target.count('/rollback')).toBe(1);
  });

  it('answers 401 without the token, 403 NOT_AN_APPROVER for others, 409 RUN_NOT_WAITING for a second click', async () => {
    const run = await waitingRun();
    expect((await post(`/api/runs/${run.id}/approve`, { by: 'U024BE7LH' }, { 'content-type': 'application/json' })).status).toBe(401);
    const stranger = await post(`/api/runs/${run.id}/approve`, { by: 'U999' });
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ code: 'NOT_AN_APPROVER', path: 'by' });
    expect((await post(`/api/runs/${run.id}/reject`, { by: 'U024BE7LH' })).status).toBe(200);
    const again = await post(`/api/runs/${run.id}/approve`, { by: 'U024BE7LH' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'RUN_NOT_WAITING' });
    expect(target.count()).toBe(0);
  });

  // Without `by` the token now acts as itself ("default", not an approver: see test/integration/security).
  it('answers 400 for an empty `by` and for malformed JSON', async () => {
    const run = await waitingRun();
    const missing = await post(`/api/runs/${run.id}/approve`, { by: '' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'INVALID_PAYLOAD', path: 'by' });
    const broken = await fetch(`${app.url}/api/runs/${run.id}/approve`, { method: 'POST', headers: bearer, body: '{"by":' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'INVALID_JSON' });
  });

  it('sets and clears the kill switch and a playbook pause', async () => {
    // The admin token acts on U1's behalf: both are recorded.
    const paused = await post('/api/pause', { by: 'U1', reason: 'maintenance' });
    expect(await paused.json()).toMatchObject({ killSwitch: { by: 'U1 via default', reason: 'maintenance' } });
    await post('/api/pause', { playbook: 'rollback', by: 'U1', reason: 'flaky' });
    expect(await (await fetch(`${app.url}/api/controls`, read)).json()).toMatchObject({ killSwitch: { by: 'U1 via default' }, paused: { rollback: { reason: 'flaky' } } });
    await post('/api/resume', {});
    await post('/api/resume', { playbook: 'rollback' });
    expect(await (await fetch(`${app.url}/api/controls`, read)).json()).toEqual({ killSwitch: null, paused: {} });
  });

  it('answers 404 for an unknown run', async () => {
    expect((await fetch(`${app.url}/api/runs/run_nope`, read)).status).toBe(404);
  });
});
