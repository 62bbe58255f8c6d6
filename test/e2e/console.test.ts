/**
 * The web console in a real headless browser (Debian's chromium driven by playwright-core, no browser
 * download) against the real mendbot process (test/helpers/start-mendbot.ts: the built dist/src/cli.js, or the
 * sources with MENDBOT_E2E_FROM_SOURCE=1), configured only through its environment: playbooks in a temp
 * PLAYBOOKS_DIR, MENDBOT_API_TOKENS, MENDBOT_SECRETS_DIR, and a real Alertmanager (Debian's 0.25) that
 * delivers every alert to mendbot's webhook and answers its still-firing checks and reconciliation. The test
 * reads mendbot's state only through its HTTP API, as an operator would. Saves the screenshots the README and
 * docs/console.md show.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { postAlerts, startAlertmanager, type RunningAlertmanager } from '../helpers/start-alertmanager';
import { startCountingTarget } from '../helpers/start-counting-target';
import { startMendbot, type RunningMendbot } from '../helpers/start-mendbot';
import { consolePlaybooks } from './console-playbooks';
import { createMendbotApiClient, type ApiRun } from './mendbot-api-client';

jest.setTimeout(60_000);

const CHROMIUM = '/usr/bin/chromium';
const screenshots = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const secret = 'tok-e2e-5f1d0c9a7b3e2d11';
const tokens = { vera: 'viewer-token-0123456789', otto: 'operator-token-0123456789', ada: 'admin-token-0123456789' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free loopback port for mendbot: Alertmanager's receiver URL must name it before mendbot starts. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('the web console in chromium, against the real server', () => {
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let am: RunningAlertmanager | undefined;
  let mendbot: RunningMendbot | undefined;
  let browser: Browser | undefined;
  const pages: Record<string, Page> = {};
  const contexts: BrowserContext[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-e2e-console-'));
  const url = () => mendbot!.url;

  const diagnostics = () => `\n--- mendbot logs (last 30) ---\n${(mendbot?.logs ?? []).slice(-30).join('\n')}`;
  const client = (token: string) => createMendbotApiClient({ url, diagnostics, wait: { timeoutMs: 15_000, intervalMs: 100 }, token: () => token });
  const { eventually, getJson, allIncidents, detail } = client(tokens.vera);

  const fire = (labels: Record<string, string>, summary: string) => postAlerts(am!.url, [{ labels, annotations: { summary }, generatorURL: 'http://prometheus.invalid/graph?g0.expr=up' }]);
  const runsOf = async (playbook: string): Promise<ApiRun[]> => (await Promise.all((await allIncidents()).map(async (i) => (await detail(i.id)).runs))).flat().filter((r) => r.playbook === playbook);
  const runOf = (playbook: string, statuses: string[], description: string) => eventually(description, async () => (await runsOf(playbook)).find((r) => statuses.includes(r.status)));
  const getRun = (id: string) => getJson<ApiRun>(`/api/runs/${id}`);

  const signIn = async (who: keyof typeof tokens) => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light', timezoneId: 'Europe/Berlin' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${url()}/ui/`);
    await page.fill('input[name="token"]', tokens[who]);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${url()}/ui/`);
    pages[who] = page;
    return page;
  };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\` (Debian/Ubuntu; .ci/run does this)`);
    target = await startCountingTarget({ statuses: { '/shrink': [400] } });
    const playbooksDir = path.join(dir, 'playbooks');
    const secretsDir = path.join(dir, 'secrets');
    fs.mkdirSync(playbooksDir);
    fs.mkdirSync(secretsDir);
    for (const [file, text] of Object.entries(consolePlaybooks(target.url))) fs.writeFileSync(path.join(playbooksDir, file), text);
    fs.writeFileSync(path.join(secretsDir, 'deploy_token'), `${secret}\n`);
    const port = await freePort();
    am = await startAlertmanager({ mendbotUrl: `http://127.0.0.1:${port}`, logLevel: 'info' });
    mendbot = await startMendbot({
      env: {
        PORT: String(port),
        PLAYBOOKS_DIR: playbooksDir,
        MENDBOT_SECRETS_DIR: secretsDir,
        MENDBOT_API_TOKENS: `vera:viewer:${tokens.vera},otto:operator:${tokens.otto},ada:admin:${tokens.ada}`,
        ALERTMANAGER_URL: am.url,
        ALERTMANAGER_RECONCILE_INTERVAL: '1s',
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    fs.mkdirSync(screenshots, { recursive: true });
    await Promise.all([signIn('vera'), signIn('otto'), signIn('ada')]);
  }, 90_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await mendbot?.stop();
    await am?.stop();
    await target?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows an alert Alertmanager delivers through the webhook on the open incidents page without a reload', async () => {
    const page = pages.otto!;
    await page.waitForSelector('body[data-live-state="connected"]');
    await page.evaluate('window.notReloaded = true');
    await fire({ alertname: 'DiskFull', namespace: 'prod', persistentvolumeclaim: 'data-postgres-0' }, 'PVC data-postgres-0 is 96% full');
    await page.locator('#incidents', { hasText: 'PVC data-postgres-0 is 96% full' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    // Times are shown in the viewer's zone, with UTC on hover.
    expect(await page.locator('#incidents time').first().getAttribute('title')).toMatch(/ UTC$/);
  });

  it('shows the failed step, its compensation and the secret redacted on the run page', async () => {
    const run = await runOf('clean-disk', ['compensated', 'failed'], 'the clean-disk run to fail');
    const page = pages.otto!;
    await page.goto(`${url()}/ui/runs/${run.id}`);
    await expect(page.locator('#step-axis tr[data-step="shrink_volume"]').getAttribute('data-status')).resolves.toBe('failed');
    const compensation = page.locator('#step-axis tr.p-compensate');
    await expect(compensation.count()).resolves.toBe(1);
    await expect(compensation.getAttribute('data-status')).resolves.toBe('succeeded');
    const text = await page.content();
    expect(text).not.toContain(secret);
    expect(text).toContain('{{ secrets.deploy_token }}');
    // The secret did reach the target: the page hides it, the step used it.
    expect(target.requests.some((r) => r.path === '/rotate')).toBe(true);
    expect(target.count('/restore')).toBe(1);
    await page.screenshot({ path: path.join(screenshots, 'run.png'), fullPage: true });
    await page.goto(`${url()}/ui/incidents/${run.incidentId}`);
    await page.locator('#timeline').waitFor();
    await page.screenshot({ path: path.join(screenshots, 'incident.png'), fullPage: true });
  });

  it('shows a viewer no approve button and refuses a forged POST from the viewer session with 403', async () => {
    await fire({ alertname: 'CheckoutDown', service: 'checkout' }, 'checkout answers 5xx');
    const run = await runOf('restart-checkout', ['waiting_approval'], 'a run waiting for approval');
    const page = pages.vera!;
    await page.goto(`${url()}/ui/runs/${run.id}`);
    await page.locator('#step-axis').waitFor();
    expect(await page.locator('#approve').count()).toBe(0);
    const csrf = (await page.locator('meta[name="csrf-token"]').getAttribute('content'))!;
    const forged = await page.request.post(`${url()}/ui/runs/${run.id}/approve`, { form: { csrf }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    const noToken = await page.request.post(`${url()}/ui/runs/${run.id}/approve`, { form: {}, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);
    expect((await getRun(run.id)).status).toBe('waiting_approval');
    expect(target.count('/restart')).toBe(0);
  });

  // Slack is not configured here (it needs a workspace); its buttons call the same run service as these two
  // API calls, so "Slack at the same moment" is played by a second, different approver through the API.
  it('lets an operator approve in the browser; two API approvals at the same moment still run the step once', async () => {
    const run = await runOf('restart-checkout', ['waiting_approval'], 'a run waiting for approval');
    const page = pages.otto!;
    await page.goto(`${url()}/ui/runs/${run.id}`);
    await page.locator('#approve').waitFor();
    const approve = (token: string) => client(token).postJson<ApiRun>(`/api/runs/${run.id}/approve`, {});
    // The page the browser lands on: the run page after the 303 when its click won, the 409 page when it lost.
    const landed = page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && [200, 409].includes(r.status()));
    // A DOM click, not page.click(): an API decision that wins first makes the live region drop the button,
    // and page.click()'s actionability checks could then wait for a button that is gone.
    const click = page.evaluate("document.querySelector('#approve').click()");
    const [, asOtto, asAda] = await Promise.all([click, approve(tokens.otto), approve(tokens.ada)]);
    const browserWon = (await landed).status() === 200;
    // Exactly one of the three decisions won; the others were told the run was already decided (409).
    expect([browserWon, asOtto.status === 200, asAda.status === 200].filter(Boolean)).toHaveLength(1);
    if (!browserWon) await page.locator('#refusal', { hasText: 'not waiting for approval' }).waitFor();
    for (const answer of [asOtto, asAda]) if (answer.status !== 200) expect(answer.status).toBe(409);
    await eventually('the approved run to finish', async () => (await getRun(run.id)).status === 'succeeded');
    await sleep(300);
    expect(target.count('/restart')).toBe(1);
    expect(['otto', 'ada']).toContain((await getRun(run.id)).approval?.by);
    const approvals = (await detail(run.incidentId)).timeline.filter((e) => e.type === 'approval' && e.data.runId === run.id && /approved/.test(e.message));
    expect(approvals).toHaveLength(1);
  });

  it('stops a run before its next step when an admin sets the kill switch in the console', async () => {
    await fire({ alertname: 'NodeUnhealthy', node: 'worker-3' }, 'worker-3 is NotReady');
    await eventually('the first step to run', () => target.count('/cordon') === 1);
    const page = pages.ada!;
    await page.goto(`${url()}/ui/playbooks`);
    await page.fill('#kill-switch-reason', 'investigating worker-3 by hand');
    await page.click('#kill-switch-on');
    await page.locator('#kill-switch-state', { hasText: 'ON' }).waitFor();
    expect((await getJson<{ killSwitch: { by: string } | null }>('/api/controls')).killSwitch?.by).toBe('ada');
    // The wait step ends 3 s after it began; the drain step must not follow while the switch is on.
    await sleep(4000);
    expect(target.count('/drain')).toBe(0);
    expect((await runsOf('drain-node'))[0]?.status).not.toBe('succeeded');
    await page.screenshot({ path: path.join(screenshots, 'playbooks.png'), fullPage: true });
    await page.click('#kill-switch-off');
    await eventually('the run to go on once the switch is off', () => target.count('/drain') === 1);
  });

  it('keeps the incidents page small and usable from the keyboard', async () => {
    const page = pages.vera!;
    // Reconciliation (every second) found the DiskFull alert still active in the real Alertmanager.
    await page.goto(`${url()}/ui/?status=all`);
    await eventually('the DiskFull incident to be seen active in Alertmanager', async () => (await allIncidents()).some((i) => i.title.includes('data-postgres-0') && i.alertmanager?.active === true));
    await page.reload();
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

  it('backtests a playbook over the last 7 days for a viewer, from the playbooks page', async () => {
    const page = pages.vera!;
    await page.goto(`${url()}/ui/playbooks`);
    await page.click('button[data-backtest="clean-disk"]');
    const row = page.locator('#backtest tr[data-playbook="clean-disk"]');
    await row.waitFor();
    // One DiskFull alert went through Alertmanager in this file and its one run started.
    expect(await row.locator('td[data-col="alerts"]').textContent()).toBe('1');
    expect(await row.locator('td[data-col="ran"]').textContent()).toBe('1');
    expect(target.count('/rotate')).toBe(1);
    await page.screenshot({ path: path.join(screenshots, 'backtest.png'), fullPage: true });
  });
});
