/**
 * The console over real HTTP: who may see and press what, CSRF and origin checks, sign-in and sessions,
 * and that every action goes through the same services as the API (recorded by the person's name).
 */
import { startCountingTarget } from '../../helpers/start-counting-target';
import { waitFor } from '../../helpers/wait-for';
import { amAlert, consoleClient, csrfOf, postAlert, type ConsoleClient } from './console-client';
import { startConsoleApp, type ConsoleApp } from './start-console-app';

jest.setTimeout(30_000);

const playbook = (target: string) => `
name: restart-checkout
match:
  - alertname="CheckoutDown"
source: alertmanager
mode: approval
approvers: [otto, ada]
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${target}/restart" }
`;

describe('the web console over HTTP', () => {
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let app: ConsoleApp;
  let viewer: ConsoleClient;
  let operator: ConsoleClient;
  let admin: ConsoleClient;

  beforeAll(async () => {
    target = await startCountingTarget();
    app = await startConsoleApp({
      tokens: { vera: ['viewer', 'viewer-token-0123456789'], otto: ['operator', 'operator-token-0123456789'], ada: ['admin', 'admin-token-0123456789'] },
      playbooks: [playbook(target.url)],
    });
    viewer = await consoleClient(app.url, 'viewer-token-0123456789');
    operator = await consoleClient(app.url, 'operator-token-0123456789');
    admin = await consoleClient(app.url, 'admin-token-0123456789');
  });
  afterAll(async () => {
    await app.close();
    await target.close();
  });

  const waitingRun = async () => {
    await postAlert(app.url, amAlert({ alertname: 'CheckoutDown', service: 'checkout' }));
    let runId = '';
    await waitFor(async () => {
      const runs = await app.store.listRuns({ statuses: ['waiting_approval'], limit: 10 });
      runId = runs[runs.length - 1]?.id ?? '';
      return runId !== '';
    }, { description: 'a run waiting for approval' });
    return runId;
  };

  it('sends a stranger to sign in and refuses their POSTs', async () => {
    const stranger = await consoleClient(app.url);
    const page = await stranger.get('/ui/');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('./login');
    expect((await stranger.get('/ui/runs/x')).headers.get('location')).toBe('../login');
    expect((await stranger.get('/ui')).headers.get('location')).toBe('ui/');
    expect((await stranger.post('/ui/kill-switch', { state: 'on', reason: 'x', csrf: 'x' })).status).toBe(403);
    expect((await app.store.getControls()).killSwitch).toBeNull();
  });

  it('exchanges a token for an HTTP-only, SameSite=Strict session cookie, and refuses unknown tokens', async () => {
    const res = await fetch(`${app.url}/ui/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url }, body: 'token=operator-token-0123456789' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(res.status).toBe(303);
    expect(cookie).toMatch(/^mendbot_ui=[\w-]+\.[\w-]+; Path=\/ui; Max-Age=3600; HttpOnly; SameSite=Strict$/);
    const bad = await fetch(`${app.url}/ui/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url }, body: 'token=nope-nope-nope-nope' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    // A tampered cookie is no session.
    const forged = operator.cookie.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect((await fetch(`${app.url}/ui/`, { redirect: 'manual', headers: { cookie: forged } })).status).toBe(303);
  });

  it('shows a viewer no approve button and refuses their approval with 403, changing nothing', async () => {
    const runId = await waitingRun();
    const page = await viewer.get(`/ui/runs/${runId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('waiting approval');
    expect(page.text).not.toContain('id="approve"');
    const refused = await viewer.post(`/ui/runs/${runId}/approve`, { csrf: csrfOf(page.text) });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('vera has role viewer');
    expect((await app.store.getRun(runId))?.status).toBe('waiting_approval');
    expect(target.count('/restart')).toBe(0);
  });

  it('refuses a forged POST (no or wrong CSRF token, another origin) from an operator, changing nothing', async () => {
    const runId = await waitingRun();
    const page = await operator.get(`/ui/runs/${runId}`);
    expect(page.text).toContain('id="approve"');
    const csrf = csrfOf(page.text);
    expect((await operator.post(`/ui/runs/${runId}/approve`, {})).status).toBe(403);
    expect((await operator.post(`/ui/runs/${runId}/approve`, { csrf: csrf.slice(1) + 'x' })).status).toBe(403);
    expect((await viewer.post(`/ui/runs/${runId}/approve`, { csrf })).status).toBe(403); // another session's token
    expect((await operator.post(`/ui/runs/${runId}/approve`, { csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await operator.post(`/ui/runs/${runId}/approve`, { csrf }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await app.store.getRun(runId))?.status).toBe('waiting_approval');

    const approved = await operator.post(`/ui/runs/${runId}/approve`, { csrf });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`../${runId}`);
    await waitFor(async () => (await app.store.getRun(runId))?.status === 'succeeded', { description: 'the approved run to finish' });
    const run = await app.store.getRun(runId);
    expect(run?.approval).toMatchObject({ decision: 'approved', by: 'otto' });
    const detail = await app.store.getIncident(run!.incidentId);
    expect(detail?.timeline.some((e) => e.type === 'approval' && e.message.includes('otto'))).toBe(true);
    // A second decision loses, whoever sends it: 409 from the console too.
    expect((await operator.post(`/ui/runs/${runId}/reject`, { csrf })).status).toBe(409);
  });

  it('lets only an admin flip the kill switch, recorded by name', async () => {
    const csrf = await operator.csrf('/ui/playbooks');
    expect((await operator.get('/ui/playbooks')).text).not.toContain('id="kill-switch-on"');
    expect((await operator.post('/ui/kill-switch', { csrf, state: 'on', reason: 'db migration' })).status).toBe(403);
    expect((await app.store.getControls()).killSwitch).toBeNull();
    const adminCsrf = await admin.csrf('/ui/playbooks');
    expect((await admin.post('/ui/kill-switch', { csrf: adminCsrf, state: 'on', reason: 'db migration' })).status).toBe(303);
    expect((await app.store.getControls()).killSwitch).toMatchObject({ by: 'ada', reason: 'db migration' });
    expect((await viewer.get('/ui/playbooks')).text).toContain('stopped by <strong>ada</strong>');
    expect((await admin.post('/ui/kill-switch', { csrf: adminCsrf, state: 'off' })).status).toBe(303);
    expect((await app.store.getControls()).killSwitch).toBeNull();
  });

  it('lets an operator pause and resume one playbook, recorded by name', async () => {
    const viewerCsrf = await viewer.csrf('/ui/playbooks');
    expect((await viewer.post('/ui/playbooks/restart-checkout/pause', { csrf: viewerCsrf, reason: 'not me' })).status).toBe(403);
    expect((await app.store.getControls()).paused['restart-checkout']).toBeUndefined();
    const csrf = await operator.csrf('/ui/playbooks');
    expect((await operator.post('/ui/playbooks/restart-checkout/pause', { csrf, reason: 'checkout deploy' })).status).toBe(303);
    expect((await app.store.getControls()).paused['restart-checkout']).toMatchObject({ by: 'otto', reason: 'checkout deploy' });
    expect((await viewer.get('/ui/playbooks')).text).toContain('by otto: checkout deploy');
    expect((await viewer.post('/ui/playbooks/restart-checkout/resume', { csrf: viewerCsrf })).status).toBe(403);
    expect((await operator.post('/ui/playbooks/restart-checkout/resume', { csrf })).status).toBe(303);
    expect((await app.store.getControls()).paused['restart-checkout']).toBeUndefined();
    // The controls keep no entry once resumed (the run service's resume takes no name): the log says who.
    expect(app.logs.some((l) => l.msg === 'console action' && l.path === '/playbooks/restart-checkout/resume' && l.by === 'otto')).toBe(true);
  });

  it('resolves an incident by hand for an operator, with their name in the timeline', async () => {
    await postAlert(app.url, amAlert({ alertname: 'Other', service: 'search' }));
    const { items } = await app.store.listIncidents({ status: 'open', limit: 50 });
    const incident = items.find((i) => i.title.startsWith('Other'))!;
    const page = await operator.get(`/ui/incidents/${incident.id}`);
    expect(page.text).toContain('id="resolve-form"');
    expect((await viewer.get(`/ui/incidents/${incident.id}`)).text).not.toContain('id="resolve-form"');
    expect((await viewer.post(`/ui/incidents/${incident.id}/resolve`, { csrf: csrfOf((await viewer.get('/ui/')).text), reason: 'x' })).status).toBe(403);
    const res = await operator.post(`/ui/incidents/${incident.id}/resolve`, { csrf: csrfOf(page.text), reason: 'rolled back' });
    expect(res.status).toBe(303);
    const detail = await app.store.getIncident(incident.id);
    expect(detail?.incident.status).toBe('resolved');
    expect(detail?.timeline.some((e) => e.message.includes('otto') && e.message.includes('rolled back'))).toBe(true);
  });

  it('escapes everything alert senders control', async () => {
    await postAlert(app.url, amAlert({ alertname: 'Xss', team: '<script>alert(1)</script>' }, { summary: '<img src=x onerror=alert(2)>', generatorURL: 'javascript:alert(3)' }));
    const { items } = await app.store.listIncidents({ status: 'open', limit: 50 });
    const incident = items.find((i) => i.title.includes('<img'))!;
    const list = await viewer.get('/ui/');
    expect(list.text).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(list.text).not.toContain('<img src=x');
    const page = await viewer.get(`/ui/incidents/${incident.id}`);
    expect(page.text).toContain('team=&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('javascript:');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('streams incident events to signed-in viewers only', async () => {
    const refused = await fetch(`${app.url}/ui/events`, { redirect: 'manual' });
    expect(refused.status).toBe(303);
    const controller = new AbortController();
    const res = await fetch(`${app.url}/ui/events`, { headers: { cookie: viewer.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    await postAlert(app.url, amAlert({ alertname: 'Live' }));
    const deadline = Date.now() + 5000;
    while (!text.includes('event: incident_changed') && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/event: incident_changed\ndata: \{"incidentId":"[^"]+"\}/);
  });
});
