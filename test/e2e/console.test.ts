/**
 * The web console in a real headless browser: Debian's chromium driven by playwright-core (no browser
 * download), against the real app with the console mounted (test/integration/ui/start-console-app.ts,
 * composed like src/main.ts). Saves the screenshots the README and docs/console.md show.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startCountingTarget } from '../helpers/start-counting-target';
import { waitFor } from '../helpers/wait-for';
import { amAlert, postAlert } from '../integration/ui/console-client';
import { startConsoleApp, type ConsoleApp } from '../integration/ui/start-console-app';

jest.setTimeout(60_000);

const CHROMIUM = '/usr/bin/chromium';
const screenshots = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const secret = 'tok-e2e-5f1d0c9a7b3e2d11';
const tokens = { vera: 'viewer-token-0123456789', otto: 'operator-token-0123456789', ada: 'admin-token-0123456789' };

const playbooks = (t: string) => [
  `
name: clean-disk
match: ['alertname="DiskFull"']
mode: auto
steps:
  - id: rotate_logs
    action: http
    with: { method: POST, url: "${t}/rotate?key={{ secrets.deploy_token }}", headers: { Authorization: "Bearer {{ secrets.deploy_token }}" } }
    compensate:
      - action: http
        with: { method: POST, url: "${t}/restore" }
  - id: shrink_volume
    action: http
    with: { method: POST, url: "${t}/shrink?key={{ secrets.deploy_token }}" }
`,
  `
name: restart-checkout
match: ['alertname="CheckoutDown"']
mode: approval
approvers: [otto, ada]
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${t}/restart" }
`,
  `
name: drain-node
match: ['alertname="NodeUnhealthy"']
mode: auto
steps:
  - id: cordon
    action: http
    with: { method: POST, url: "${t}/cordon" }
  - id: settle
    action: wait
    with: { duration: 3s }
  - id: drain
    action: http
    with: { method: POST, url: "${t}/drain" }
`,
];

describe('the web console in chromium', () => {
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let app: ConsoleApp;
  let browser: Browser;
  const pages: Record<string, Page> = {};
  const contexts: BrowserContext[] = [];

  const signIn = async (who: keyof typeof tokens) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light', timezoneId: 'Europe/Berlin' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.url}/ui/`);
    await page.fill('input[name="token"]', tokens[who]);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${app.url}/ui/`);
    pages[who] = page;
    return page;
  };
  const runOf = async (playbook: string, statuses?: string[]) => {
    const all = await app.store.listRuns({ limit: 100 });
    return all.find((r) => r.playbook === playbook && (!statuses || statuses.includes(r.status)));
  };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\` (Debian/Ubuntu; .ci/run does this)`);
    target = await startCountingTarget({ statuses: { '/shrink': [400] } });
    app = await startConsoleApp({ tokens: { vera: ['viewer', tokens.vera], otto: ['operator', tokens.otto], ada: ['admin', tokens.ada] }, playbooks: playbooks(target.url), secrets: { deploy_token: secret } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    fs.mkdirSync(screenshots, { recursive: true });
    await Promise.all([signIn('vera'), signIn('otto'), signIn('ada')]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    await target?.close();
  });

  it('shows an alert delivered through the webhook on the open incidents page without a reload', async () => {
    const page = pages.otto!;
    await page.waitForSelector('body[data-live-state="connected"]');
    await page.evaluate('window.notReloaded = true');
    await postAlert(app.url, amAlert({ alertname: 'DiskFull', namespace: 'prod', persistentvolumeclaim: 'data-postgres-0' }, { summary: 'PVC data-postgres-0 is 96% full' }));
    await page.locator('#incidents', { hasText: 'PVC data-postgres-0 is 96% full' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    // Times are shown in the viewer's zone, with UTC on hover.
    expect(await page.locator('#incidents time').first().getAttribute('title')).toMatch(/ UTC$/);
  });

  it('shows the failed step, its compensation and the secret redacted on the run page', async () => {
    await waitFor(async () => (await runOf('clean-disk', ['compensated', 'failed'])) !== undefined, { description: 'the clean-disk run to fail' });
    const run = (await runOf('clean-disk'))!;
    const page = pages.otto!;
    await page.goto(`${app.url}/ui/runs/${run.id}`);
    await expect(page.locator('#step-axis tr[data-step="shrink_volume"]').getAttribute('data-status')).resolves.toBe('failed');
    const compensation = page.locator('#step-axis tr.p-compensate');
    await expect(compensation.count()).resolves.toBe(1);
    await expect(compensation.getAttribute('data-status')).resolves.toBe('succeeded');
    const text = await page.content();
    expect(text).not.toContain(secret);
    expect(text).toContain('{{ secrets.deploy_token }}');
    expect(target.requests.some((r) => r.path === '/rotate')).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'run.png'), fullPage: true });
    await page.goto(`${app.url}/ui/incidents/${run.incidentId}`);
    await page.locator('#timeline').waitFor();
    await page.screenshot({ path: path.join(screenshots, 'incident.png'), fullPage: true });
  });

  it('shows a viewer no approve button and refuses a forged POST from the viewer session with 403', async () => {
    await postAlert(app.url, amAlert({ alertname: 'CheckoutDown', service: 'checkout' }, { summary: 'checkout answers 5xx' }));
    await waitFor(async () => (await runOf('restart-checkout', ['waiting_approval'])) !== undefined, { description: 'a run waiting for approval' });
    const run = (await runOf('restart-checkout'))!;
    const page = pages.vera!;
    await page.goto(`${app.url}/ui/runs/${run.id}`);
    await page.locator('#step-axis').waitFor();
    expect(await page.locator('#approve').count()).toBe(0);
    const csrf = (await page.locator('meta[name="csrf-token"]').getAttribute('content'))!;
    const forged = await page.request.post(`${app.url}/ui/runs/${run.id}/approve`, { form: { csrf }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    const noToken = await page.request.post(`${app.url}/ui/runs/${run.id}/approve`, { form: {}, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);
    expect((await app.store.getRun(run.id))?.status).toBe('waiting_approval');
    expect(target.count('/restart')).toBe(0);
  });

  it('lets an operator approve in the browser; the same approval from the API and the Slack path at the same moment runs the step once', async () => {
    const run = (await runOf('restart-checkout', ['waiting_approval']))!;
    const page = pages.otto!;
    await page.goto(`${app.url}/ui/runs/${run.id}`);
    await page.locator('#approve').waitFor();
    const api = fetch(`${app.url}/api/runs/${run.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${tokens.otto}`, 'content-type': 'application/json' }, body: '{}' });
    const slack = app.runs.decide(run.id, 'approved', 'ada').then(
      () => 'won',
      () => 'lost',
    );
    const [, apiRes, slackResult] = await Promise.all([page.click('#approve'), api, slack]);
    await page.waitForLoadState();
    // Exactly one of the three decisions won; the others were told the run was already decided (409).
    const browserWon = (await page.locator('#refusal').count()) === 0;
    expect([browserWon, apiRes.status === 200, slackResult === 'won'].filter(Boolean)).toHaveLength(1);
    if (!browserWon) expect(await page.locator('#refusal').textContent()).toContain('not waiting for approval');
    if (apiRes.status !== 200) expect(apiRes.status).toBe(409);
    await waitFor(async () => (await app.store.getRun(run.id))?.status === 'succeeded', { description: 'the approved run to finish' });
    await new Promise((r) => setTimeout(r, 300));
    expect(target.count('/restart')).toBe(1);
    const decided = await app.store.getRun(run.id);
    expect(['otto', 'ada']).toContain(decided?.approval?.by);
    const approvals = (await app.store.getIncident(run.incidentId))!.timeline.filter((e) => e.type === 'approval' && e.data.runId === run.id && /approved/.test(e.message));
    expect(approvals).toHaveLength(1);
  });

  it('stops a run before its next step when an admin sets the kill switch in the console', async () => {
    await postAlert(app.url, amAlert({ alertname: 'NodeUnhealthy', node: 'worker-3' }, { summary: 'worker-3 is NotReady' }));
    await waitFor(() => target.count('/cordon') === 1, { description: 'the first step to run' });
    const page = pages.ada!;
    await page.goto(`${app.url}/ui/playbooks`);
    await page.fill('#kill-switch-reason', 'investigating worker-3 by hand');
    await page.click('#kill-switch-on');
    await page.locator('#kill-switch-state', { hasText: 'ON' }).waitFor();
    expect((await app.store.getControls()).killSwitch?.by).toBe('ada');
    // The wait step ends 3 s after it began; the drain step must not follow while the switch is on.
    await new Promise((r) => setTimeout(r, 4000));
    expect(target.count('/drain')).toBe(0);
    expect((await runOf('drain-node'))?.status).not.toBe('succeeded');
    await page.screenshot({ path: path.join(screenshots, 'playbooks.png'), fullPage: true });
    await page.click('#kill-switch-off');
    await waitFor(() => target.count('/drain') === 1, { timeoutMs: 10_000, description: 'the run to go on once the switch is off' });
  });

  it('keeps the incidents page small and usable from the keyboard', async () => {
    const page = pages.vera!;
    const disk = (await runOf('clean-disk'))!;
    await app.store.recordAlertmanagerState(disk.incidentId, { active: true, checkedAt: new Date().toISOString(), missingSince: null });
    await page.goto(`${app.url}/ui/?status=all`);
    await page.locator('#incidents', { hasText: 'active in Alertmanager' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.getAttribute("href")')).toBe('./');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(17, 20, 24)');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: path.join(screenshots, 'incidents.png'), fullPage: true });
  });
});
