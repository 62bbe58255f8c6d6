/**
 * "Backtest last 7 days" on the console's playbooks page, over real HTTP: the same backtester as
 * POST /api/playbooks/:name/backtest (the page shows the numbers the API answers), viewer role, and the
 * same origin / CSRF checks as every other console POST.
 */
import { startCountingTarget } from '../../helpers/start-counting-target';
import { waitFor } from '../../helpers/wait-for';
import { amAlert, consoleClient, postAlert, type ConsoleClient } from './console-client';
import { startConsoleApp, type ConsoleApp } from './start-console-app';

jest.setTimeout(30_000);

const viewerToken = 'viewer-token-0123456789';
const playbooks = (target: string) => [
  `
name: clean-disk
match: ['alertname="DiskFull"']
mode: auto
steps:
  - id: rotate_logs
    action: http
    with: { method: POST, url: "${target}/rotate" }
`,
  `
name: restart-checkout
match: ['alertname="CheckoutDown"']
mode: approval
approvers: [otto]
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${target}/restart" }
`,
];

interface ApiBacktest {
  deliveries: number;
  playbooks: Array<{ playbook: string; incidentsMatched: number; alertsMatched: number; wouldStart: number; alreadyRan: number; actual: { started: number }; difference: number }>;
}

/** The text of `<td data-col="…">` of one playbook's row in the backtest table. */
const cell = (page: string, playbook: string, col: string): string | undefined => {
  const row = new RegExp(`<tr data-playbook="${playbook}">([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
  return new RegExp(`<td data-col="${col}"[^>]*>([^<]*)</td>`).exec(row)?.[1];
};

describe('the console backtest button', () => {
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let app: ConsoleApp;
  let viewer: ConsoleClient;

  beforeAll(async () => {
    target = await startCountingTarget();
    app = await startConsoleApp({ tokens: { vera: ['viewer', viewerToken], otto: ['operator', 'operator-token-0123456789'] }, playbooks: playbooks(target.url) });
    viewer = await consoleClient(app.url, viewerToken);
    for (const volume of ['data-0', 'data-1', 'data-2']) await postAlert(app.url, amAlert({ alertname: 'DiskFull', persistentvolumeclaim: volume }));
    await postAlert(app.url, amAlert({ alertname: 'Unrelated' }));
    await waitFor(async () => (await app.store.listRuns({ statuses: ['succeeded'], limit: 10 })).length === 3, { description: 'the three clean-disk runs to finish' });
  });
  afterAll(async () => {
    await app.close();
    await target.close();
  });

  it('offers the button to a viewer on every loaded playbook', async () => {
    const page = await viewer.get('/ui/playbooks');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-backtest="clean-disk"');
    expect(page.text).toContain('data-backtest="restart-checkout"');
  });

  it('renders the report the API answers for the same playbook', async () => {
    const csrf = await viewer.csrf('/ui/playbooks');
    const page = await viewer.post('/ui/playbooks/clean-disk/backtest', { csrf });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const res = await fetch(`${app.url}/api/playbooks/clean-disk/backtest`, { method: 'POST', headers: { authorization: `Bearer ${viewerToken}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    const api = (await res.json()) as ApiBacktest;
    const report = api.playbooks.find((p) => p.playbook === 'clean-disk')!;
    expect(report.alertsMatched).toBe(3);
    expect(report.actual.started).toBe(3);
    expect(cell(page.text, 'clean-disk', 'alerts')).toBe(String(report.alertsMatched));
    expect(cell(page.text, 'clean-disk', 'incidents')).toBe(String(report.incidentsMatched));
    expect(cell(page.text, 'clean-disk', 'would-run')).toBe(String(report.wouldStart));
    expect(cell(page.text, 'clean-disk', 'already-ran')).toBe(String(report.alreadyRan));
    expect(cell(page.text, 'clean-disk', 'ran')).toBe('3');
    expect(cell(page.text, 'clean-disk', 'diff')).toBe(report.difference > 0 ? `+${report.difference}` : String(report.difference));
    // One playbook asked for, one row; the summary counts every delivery in the window (four posted).
    expect(page.text).not.toContain('<tr data-playbook="restart-checkout">');
    expect(page.text).toMatch(/<strong>4<\/strong> deliveries/);
    expect(api.deliveries).toBe(4);
    // A replay executes nothing.
    expect(target.count('/rotate')).toBe(3);
  });

  it('answers 404 for a playbook that is not loaded', async () => {
    const csrf = await viewer.csrf('/ui/playbooks');
    const page = await viewer.post('/ui/playbooks/no-such-playbook/backtest', { csrf });
    expect(page.status).toBe(404);
    expect(page.text).toContain('no playbook &quot;no-such-playbook&quot;');
  });

  it('refuses a POST without the CSRF token, from another site, or from a stranger', async () => {
    expect((await viewer.post('/ui/playbooks/clean-disk/backtest', {})).status).toBe(403);
    const csrf = await viewer.csrf('/ui/playbooks');
    expect((await viewer.post('/ui/playbooks/clean-disk/backtest', { csrf }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await viewer.post('/ui/playbooks/clean-disk/backtest', { csrf }, { origin: 'http://evil.invalid' })).status).toBe(403);
    const stranger = await consoleClient(app.url);
    expect((await stranger.post('/ui/playbooks/clean-disk/backtest', { csrf })).status).toBe(403);
  });
});
