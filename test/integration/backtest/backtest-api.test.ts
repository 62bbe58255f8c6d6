import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex } from '../../../src/config/api-token-entry';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createApp } from '../../../src/http/create-app';
import { createIntake } from '../../../src/intake/create-intake';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { createApiBacktester } from '../../../src/wiring/create-api-backtester';
import { playbookFromYaml } from '../../helpers/start-engine';
import { diskYaml, makeHistory, rollbackYaml, type History } from './backtest-history';

const viewer = 'viewer-token-0123456789abcdef';

describe('POST /api/playbooks/:name/backtest', () => {
  let h: History;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    h = await makeHistory();
    // An app over the same store, built like the server's with the API backtester and named tokens.
    const log = createLogger({ level: 'silent' });
    const metrics = createMetrics();
    const store = h.app.store;
    const playbooks = [playbookFromYaml(rollbackYaml(h.target.url, 'limits: { maxRunsPerHour: 2 }')), playbookFromYaml(diskYaml(h.target.url))];
    const app = createApp({
      intake: createIntake({ store, clock: systemClock, log, metrics, policy: defaultLifecyclePolicy, correlation: {} }),
      sources: [],
      store,
      metrics,
      log,
      bodyLimitBytes: 1024,
      apiTokens: [{ name: 'grafana', role: 'viewer', sha256: sha256Hex(viewer) }],
      backtester: createApiBacktester({ store, catalog: { list: () => playbooks }, clock: systemClock }),
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.close();
  });

  const call = async (name: string, body: unknown, token: string | null = viewer) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${url}/api/playbooks/${name}/backtest`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers a viewer with the JSON report of that one playbook', async () => {
    const res = await call('rollback', { since: '1h' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deliveries: 10, alerts: 11, truncated: false });
    expect(res.body.playbooks).toEqual([
      expect.objectContaining({ playbook: 'rollback', wouldStart: 2, held: expect.objectContaining({ budget: 4 }), actual: expect.objectContaining({ started: 6 }), difference: -4 }),
    ]);
  });

  it('answers 401 without a token and 404 for an unknown playbook', async () => {
    expect(await call('rollback', {}, null)).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await call('nope', {})).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', path: 'name' } });
  });

  it('answers 400 for a bad window, a window over 90 days and an unknown field', async () => {
    expect(await call('rollback', { since: 'last week' })).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', path: 'since' } });
    expect(await call('rollback', { since: '1h', until: '2h' })).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', path: 'since' } });
    expect(await call('rollback', { since: '91d' })).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('90d allowed') } });
    expect(await call('rollback', { from: '1h' })).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD' } });
  });
});
