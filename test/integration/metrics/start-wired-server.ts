import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createManualClock } from '../../../src/core/clock';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { createServices, type Services } from '../../../src/wiring/create-services';
import { loadStartupSettings } from '../../../src/wiring/load-startup-settings';
import { startHttpServer } from '../../../src/wiring/start-http-server';
import { createInMemoryAlertmanagerApi, type InMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';

export const API_TOKEN = 'metrics-test-token-0123456789abcdef';
const AM_URL = 'http://127.0.0.1:9093';
export const START = '2026-03-14T10:00:00.000Z';

export interface WiredServer {
  url: string;
  clock: ReturnType<typeof createManualClock>;
  am: InMemoryAlertmanagerApi;
  services: Services;
  /** How often the server asked the store to count open incidents. */
  countCalls(): number;
  close(): Promise<void>;
}

/**
 * The server's own wiring (config from the environment, createServices, startHttpServer) in process, on a real
 * SQLite file, with a manual clock and Alertmanager in memory. The store is wrapped to count
 * countOpenIncidents calls: a test double of the port, the rest is the real adapter.
 */
export async function startWiredServer(): Promise<WiredServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-metrics-'));
  const playbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-metrics-playbooks-'));
  const { config, correlation } = await loadStartupSettings({
    MENDBOT_DATA_DIR: dataDir,
    PLAYBOOKS_DIR: playbooksDir,
    PORT: '0',
    MENDBOT_HOST: '127.0.0.1',
    MENDBOT_API_TOKEN: API_TOKEN,
    ALERTMANAGER_URL: AM_URL,
    ALERTMANAGER_RECONCILE_GRACE: '1m',
  });
  const real = createSqliteStore({ dataDir });
  let counts = 0;
  const store: Store = {
    ...real,
    countOpenIncidents() {
      counts++;
      return real.countOpenIncidents();
    },
  };
  const clock = createManualClock(START);
  const log = createLogger({ level: 'warn', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const metrics = createMetrics();
  const am = createInMemoryAlertmanagerApi({ urls: [AM_URL], now: () => clock.now() });
  const services = await createServices({
    config,
    store,
    actions: createActionRegistry([]),
    correlation,
    clock,
    log,
    metrics,
    isApprover: async () => false,
    alertmanager: am,
  });
  const sources = [createAlertmanagerSource({})];
  const http = await startHttpServer({ config, intake: services.intake, sources, store, runs: services.runs, resolver: services.resolver, metrics, log, routers: [] });
  return {
    url: `http://127.0.0.1:${http.port}`,
    clock,
    am,
    services,
    countCalls: () => counts,
    async close() {
      http.refuseNewRequests();
      http.closeAllConnections();
      await http.drain();
      services.stop();
      await real.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(playbooksDir, { recursive: true, force: true });
    },
  };
}
