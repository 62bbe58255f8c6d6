import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createPagerDutySource } from '../../../integrations/pagerduty/create-pagerduty-source';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createApp } from '../../../src/http/create-app';
import { createIntake } from '../../../src/intake/create-intake';
import { createRunService } from '../../../src/runs/create-run-service';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { fixture } from '../../helpers/start-test-app';
import { callFrom } from './call-from';

/**
 * The whole HTTP surface with NO credential configured (no API token, no webhook credential), listening
 * dual-stack on `::` so IPv4 clients arrive as ::ffff:a.b.c.d, as they do in most containers.
 */
async function startUncredentialedApp(options: { apiToken?: string } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-loopback-'));
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = createLogger({ level: 'info', stream });
  const metrics = createMetrics();
  const store = createSqliteStore({ dataDir });
  const intake = createIntake({ store, clock: systemClock, log, metrics, policy: defaultLifecyclePolicy, correlation: {} });
  const runs = createRunService({ store, clock: systemClock, wake: () => undefined });
  const app = createApp({ intake, sources: [createAlertmanagerSource({}), createPagerDutySource({ webhookSecrets: [] })], store, metrics, log, bodyLimitBytes: 1024 * 1024, runs, apiToken: options.apiToken });
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '::', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    v4: `http://127.0.0.1:${port}`,
    v6: `http://[::1]:${port}`,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('strict loopback: with no credential configured, only 127.0.0.1, ::1 and ::ffff:127.0.0.1 are served', () => {
  let app: Awaited<ReturnType<typeof startUncredentialedApp>>;
  beforeAll(async () => {
    app = await startUncredentialedApp();
  });
  afterAll(() => app.close());

  it('says so loudly at start-up (warn)', () => {
    const warning = app.logs.find((l) => l.apiAuth === 'loopback-only');
    expect(warning).toMatchObject({ level: 'warn', msg: expect.stringMatching(/^NO API TOKEN CONFIGURED: \/api answers loopback clients/) });
  });

  // 127.0.0.1 arrives as ::ffff:127.0.0.1 on this dual-stack socket; ::1 is native IPv6.
  it.each([
    ['127.0.0.1 (seen as ::ffff:127.0.0.1)', 'v4', '127.0.0.1'],
    ['::1', 'v6', '::1'],
  ] as const)('serves the API to %s as admin', async (_label, base, from) => {
    expect((await callFrom(app[base], '/api/incidents', { from })).status).toBe(200);
    expect((await callFrom(app[base], '/api/pause', { from, method: 'POST', body: { reason: 'laptop' } })).body).toMatchObject({ killSwitch: { by: 'loopback', reason: 'laptop' } });
    // Laptop mode has no credential to name, so a `by` is recorded as given.
    expect((await callFrom(app[base], '/api/pause', { from, method: 'POST', body: { by: 'U1', reason: 'laptop' } })).body).toMatchObject({ killSwitch: { by: 'U1' } });
    expect((await callFrom(app[base], '/api/resume', { from, method: 'POST', body: {} })).status).toBe(200);
  });

  // 127.0.0.6 is where Istio's sidecar forwards every cluster client from; 127.0.0.53 is systemd-resolved's.
  it.each(['127.0.0.6', '127.0.0.53', '127.1.2.3'])('refuses the API to %s, which is in 127.0.0.0/8 but not loopback (403 LOOPBACK_ONLY)', async (from) => {
    for (const [method, route] of [['GET', '/api/incidents'], ['GET', '/api/controls'], ['POST', '/api/pause']] as const) {
      const res = await callFrom(app.v4, route, { from, method, body: method === 'POST' ? { reason: 'x' } : undefined });
      expect({ route, status: res.status, code: res.body.code }).toEqual({ route, status: 403, code: 'LOOPBACK_ONLY' });
    }
  });

  it.each(['127.0.0.6', '127.0.0.53'])('refuses unsigned webhooks from %s (the sidecar hole), accepts them from 127.0.0.1', async (from) => {
    const am = await callFrom(app.v4, '/webhooks/alertmanager', { from, method: 'POST', body: JSON.parse(fixture('alertmanager-firing.json').toString('utf8')) });
    expect({ status: am.status, code: am.body.code }).toEqual({ status: 403, code: 'LOOPBACK_ONLY' });
    const pd = await callFrom(app.v4, '/webhooks/pagerduty', { from, method: 'POST', body: JSON.parse(fixture('pagerduty-incident-triggered.json').toString('utf8')) });
    expect(pd.status).toBe(403);
    expect((await callFrom(app.v4, '/webhooks/alertmanager', { from: '127.0.0.1', method: 'POST', body: JSON.parse(fixture('alertmanager-firing.json').toString('utf8')) })).status).toBe(200);
  });
});

describe('once a token is configured, loopback gets no free pass', () => {
  it('answers 401 to a loopback client without the token, and logs no loopback-only warning', async () => {
    const token = 'legacy-admin-token';
    const app = await startUncredentialedApp({ apiToken: token });
    try {
      expect(app.logs.some((l) => l.apiAuth === 'loopback-only')).toBe(false);
      expect(await callFrom(app.v4, '/api/incidents', { from: '127.0.0.1' })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
      expect(await callFrom(app.v6, '/api/incidents', { from: '::1' })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
      // The legacy MENDBOT_API_TOKEN is an admin named "default".
      expect((await callFrom(app.v4, '/api/pause', { from: '127.0.0.6', method: 'POST', token, body: {} })).body).toMatchObject({ killSwitch: { by: 'default' } });
    } finally {
      await app.close();
    }
  });
});
