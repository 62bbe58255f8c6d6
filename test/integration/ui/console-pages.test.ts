/** What the console pages show and how they are served: filters, paging, badges, relative URLs, assets. */
import { gunzipSync } from 'node:zlib';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { amAlert, consoleClient, csrfOf, postAlert, type ConsoleClient } from './console-client';
import { startConsoleApp, type ConsoleApp } from './start-console-app';

jest.setTimeout(30_000);

/** Raw GET (fetch would decompress): status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('console pages', () => {
  let app: ConsoleApp;
  let viewer: ConsoleClient;

  beforeAll(async () => {
    app = await startConsoleApp({ tokens: { vera: ['viewer', 'viewer-token-0123456789'] } });
    for (let i = 0; i < 55; i++) await postAlert(app.url, amAlert({ alertname: `Bulk${i}`, service: i === 3 ? 'payments' : 'search' }));
    viewer = await consoleClient(app.url, 'viewer-token-0123456789');
  });
  afterAll(async () => {
    await app.close();
  });

  it('pages the open incidents 50 at a time, newest first, with a relative link to older ones', async () => {
    const first = await viewer.get('/ui/');
    expect(first.status).toBe(200);
    expect(first.text.match(/<tr data-incident=/g)).toHaveLength(50);
    expect(first.text.indexOf('Bulk54 fires')).toBeLessThan(first.text.indexOf('Bulk53 fires'));
    const older = /<a href="(\.\/\?[^"]+)">Older incidents/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    const second = await viewer.get(`/ui/${older.slice(2)}`);
    expect(second.text.match(/<tr data-incident=/g)).toHaveLength(5);
    expect(second.text).toContain('Bulk0 fires');
    // Only the first page is live.
    expect(first.text).toContain('data-live="fragments/incidents?status=open"');
    expect(second.text).not.toContain('data-live=');
  });

  it('filters by label, source and status, and serves the live fragment alone', async () => {
    const byLabel = await viewer.get('/ui/?label=service%3Dpayments');
    expect(byLabel.text.match(/<tr data-incident=/g)).toHaveLength(1);
    expect(byLabel.text).toContain('Bulk3 fires');
    expect((await viewer.get('/ui/?source=pagerduty')).text).toContain('No incidents match.');
    expect((await viewer.get('/ui/?status=resolved')).text).toContain('No incidents match.');
    expect((await viewer.get('/ui/?status=bogus')).status).toBe(400);
    const fragment = await viewer.get('/ui/fragments/incidents?status=open&label=service%3Dpayments');
    expect(fragment.text.startsWith('<table id="incidents">')).toBe(true);
    expect(fragment.text).not.toContain('<html');
  });

  it('shows what Alertmanager last said about the incident (active, or gone since when)', async () => {
    const { items } = await app.store.listIncidents({ status: 'open', limit: 1 });
    const incident = items[0]!;
    await app.store.recordAlertmanagerState(incident.id, { active: true, checkedAt: new Date().toISOString(), missingSince: null });
    expect((await viewer.get('/ui/')).text).toContain('active in Alertmanager');
    await app.store.recordAlertmanagerState(incident.id, { active: false, checkedAt: new Date().toISOString(), missingSince: new Date().toISOString() });
    expect((await viewer.get(`/ui/incidents/${incident.id}`)).text).toContain('gone from Alertmanager since');
  });

  it('links an alert to its source: the generatorURL, and PagerDuty for a PagerDuty incident', async () => {
    const body = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'pagerduty-incident-triggered.json'));
    expect((await fetch(`${app.url}/webhooks/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    const { items } = await app.store.listIncidents({ status: 'open', limit: 100 });
    const pd = items.find((i) => i.sources.includes('pagerduty'))!;
    expect((await viewer.get('/ui/?source=pagerduty')).text).toContain(`data-incident="${pd.id}"`);
    expect((await viewer.get(`/ui/incidents/${pd.id}`)).text).toContain('<a href="https://acme-payments.pagerduty.com/incidents/Q1R8ZJ4Y7XK2LM" rel="noopener noreferrer" target="_blank">PagerDuty</a>');
    const am = items.find((i) => i.sources.includes('alertmanager'))!;
    expect((await viewer.get(`/ui/incidents/${am.id}`)).text).toContain('<a href="http://prometheus.invalid/graph?g0.expr=up" rel="noopener noreferrer" target="_blank">source</a>');
  });

  it('uses only relative URLs, so the console works under a path prefix', async () => {
    const { items } = await app.store.listIncidents({ status: 'open', limit: 1 });
    for (const path of ['/ui/', `/ui/incidents/${items[0]!.id}`, '/ui/playbooks']) {
      const page = (await viewer.get(path)).text;
      expect(page).not.toMatch(/(?:href|src|action|data-live|data-events)="\//);
    }
    expect((await viewer.get('/ui/runs/nope')).status).toBe(404);
    expect((await viewer.get('/ui/incidents/nope')).status).toBe(404);
  });

  it('serves the script and stylesheet gzipped and immutable, and answers a revalidation with 304', async () => {
    const page = (await viewer.get('/ui/')).text;
    const assets = [...page.matchAll(/(?:href|src)="\.\/assets\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual([expect.stringMatching(/^console\.[0-9a-f]{12}\.css$/), expect.stringMatching(/^console\.[0-9a-f]{12}\.js$/)]);
    for (const file of assets) {
      const res = await rawGet(`${app.url}/ui/assets/${file}`, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(res.body).length).toBeGreaterThan(res.body.length);
      expect((await rawGet(`${app.url}/ui/assets/${file}`, { 'if-none-match': String(res.headers.etag) })).status).toBe(304);
    }
  });

  it('signs out: the cookie is deleted', async () => {
    const client = await consoleClient(app.url, 'viewer-token-0123456789');
    const res = await client.post('/ui/logout', { csrf: csrfOf((await client.get('/ui/')).text) });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^mendbot_ui=; Path=\/ui; Max-Age=0; HttpOnly; SameSite=Strict/);
  });
});
