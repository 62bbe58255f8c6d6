import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createManualClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createEventHub } from '../../../src/events/event-hub';
import { createApp, type AppDeps } from '../../../src/http/create-app';
import { createIntake } from '../../../src/intake/create-intake';
import { createAlertmanagerReconciliation } from '../../../src/reconciliation/create-alertmanager-reconciliation';
import { createIncidentResolver } from '../../../src/runs/create-incident-resolver';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { createInMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';

const AM1 = 'http://127.0.0.1:9093';
const AM2 = 'http://127.0.0.1:9094';

/** GET /readyz on the real app and a real SQLite store: Alertmanager is detail, never a reason to be unready. */
describe('/readyz alertmanager detail', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-readyz-am-'));
  const store = createSqliteStore({ dataDir });
  const clock = createManualClock('2026-03-14T10:00:00.000Z');
  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const metrics = createMetrics();
  const am = createInMemoryAlertmanagerApi({ urls: [AM1, AM2] });
  const hub = createEventHub(() => undefined);
  const resolver = createIncidentResolver({ store, clock, policy: defaultLifecyclePolicy });
  const reconciliation = createAlertmanagerReconciliation({ store, api: am, resolver, hub, clock, log, metrics, graceMs: 300_000 });
  const servers: import('node:http').Server[] = [];

  const start = async (extra: Partial<AppDeps>) => {
    const intake = createIntake({ store, clock, log, metrics, policy: defaultLifecyclePolicy, correlation: {} });
    const app = createApp({ intake, store, metrics, log, bodyLimitBytes: 1024 * 1024, sources: [createAlertmanagerSource({})], ...extra });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const readyz = async (url: string) => {
    const res = await fetch(`${url}/readyz`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows how the last round went, and stays 200 when no Alertmanager answers', async () => {
    const url = await start({ alertmanagerReadiness: () => reconciliation.readiness() });
    expect(await readyz(url)).toEqual({ status: 200, body: { status: 'ready', alertmanager: { reachable: null, lastRoundAt: null, lastSuccessAt: null, unanswered: [] } } });

    await reconciliation.runRound();
    expect(await readyz(url)).toEqual({
      status: 200,
      body: { status: 'ready', alertmanager: { reachable: true, lastRoundAt: '2026-03-14T10:00:00.000Z', lastSuccessAt: '2026-03-14T10:00:00.000Z', unanswered: [] } },
    });

    clock.advance(60_000);
    am.failAll('connect ECONNREFUSED');
    await reconciliation.runRound();
    expect(await readyz(url)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        alertmanager: {
          reachable: false,
          lastRoundAt: '2026-03-14T10:01:00.000Z',
          lastSuccessAt: '2026-03-14T10:00:00.000Z',
          unanswered: [
            { url: AM1, error: 'connect ECONNREFUSED' },
            { url: AM2, error: 'connect ECONNREFUSED' },
          ],
        },
      },
    });
  });

  it('says when reconciliation is off, and keeps the plain body without ALERTMANAGER_URL', async () => {
    expect(await readyz(await start({ alertmanagerReadiness: () => 'reconciliation off' }))).toEqual({ status: 200, body: { status: 'ready', alertmanager: 'reconciliation off' } });
    expect(await readyz(await start({}))).toEqual({ status: 200, body: { status: 'ready' } });
  });
});
