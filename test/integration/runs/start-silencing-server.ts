import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createAlertmanagerSilenceAction } from '../../../integrations/alertmanager-api/create-alertmanager-silence-action';
import { createHttpAction } from '../../../integrations/http/create-http-action';
import { systemClock } from '../../../src/core/clock';
import type { Run } from '../../../src/core/runs/run';
import { createApprovalAction } from '../../../src/engine/actions/approval-action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { createServices, type Services } from '../../../src/wiring/create-services';
import { loadStartupSettings } from '../../../src/wiring/load-startup-settings';
import { startHttpServer } from '../../../src/wiring/start-http-server';
import { createInMemoryAlertmanagerApi, type InMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';

const API_TOKEN = 'silence-release-token-0123456789abcdef';
const AM_URL = 'http://127.0.0.1:9093';
const FINGERPRINT = '5e1e4ce0ffee0001';
const LABELS = { alertname: 'HighErrorRate', namespace: 'prod', service: 'checkout' };

export interface SilencingServer {
  url: string;
  store: Store;
  services: Services;
  am: InMemoryAlertmanagerApi;
  /** POSTs JSON to the API with the admin token. */
  post(path: string, body: unknown): Promise<Response>;
  /** Sends an Alertmanager notification for the one alert, firing or resolved, to the webhook. */
  notify(status: 'firing' | 'resolved'): Promise<void>;
  /** Waits until the only run is in one of `statuses`. */
  runIn(statuses: Run['status'][]): Promise<Run>;
  /** Waits for a log line whose message contains `text`. */
  logged(text: string): Promise<void>;
  /** How often the silence action's hook asked Alertmanager to expire a silence. */
  expireCalls(): number;
  close(): Promise<void>;
}

/**
 * The server's own wiring (config from the environment, createServices, startHttpServer, the executor) in
 * process on a real SQLite file, with the real `alertmanager.silence` action over an in-memory Alertmanager.
 */
export async function startSilencingServer(playbook: string): Promise<SilencingServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-release-'));
  const playbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-release-playbooks-'));
  fs.writeFileSync(path.join(playbooksDir, 'playbook.yaml'), playbook);
  const { config, correlation } = await loadStartupSettings({
    MENDBOT_DATA_DIR: dataDir,
    PLAYBOOKS_DIR: playbooksDir,
    PORT: '0',
    MENDBOT_HOST: '127.0.0.1',
    MENDBOT_API_TOKEN: API_TOKEN,
    ALERTMANAGER_URL: AM_URL,
  });
  const store = createSqliteStore({ dataDir });
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) messages.push(String((JSON.parse(line) as { msg?: unknown }).msg));
      done();
    },
  });
  const log = createLogger({ level: 'info', stream });
  const metrics = createMetrics();
  const am = createInMemoryAlertmanagerApi({ urls: [AM_URL] });
  am.setAlerts([{ fingerprint: FINGERPRINT, labels: LABELS }]);
  const actions = createActionRegistry([createHttpAction({}), createApprovalAction(), createAlertmanagerSilenceAction({ api: am })]);
  const services = await createServices({
    config,
    store,
    actions,
    correlation,
    clock: systemClock,
    log,
    metrics,
    isApprover: async (by, approvers) => approvers.includes(by),
    alertmanager: am,
  });
  const http = await startHttpServer({ config, intake: services.intake, sources: [createAlertmanagerSource({})], store, runs: services.runs, resolver: services.resolver, metrics, log, routers: [] });
  services.executor.start();
  const url = `http://127.0.0.1:${http.port}`;
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 500; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  return {
    url,
    store,
    services,
    am,
    post: (p, body) => fetch(`${url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    async notify(status) {
      const alert = { status, labels: LABELS, annotations: {}, startsAt: '2026-03-14T09:41:07.314Z', endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.test/graph', fingerprint: FINGERPRINT };
      const body = { receiver: 'mendbot', status, alerts: [alert], groupLabels: {}, commonLabels: LABELS, commonAnnotations: {}, externalURL: AM_URL, version: '4', groupKey: '{}:{alertname="HighErrorRate"}', truncatedAlerts: 0 };
      const res = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    },
    runIn: (statuses) =>
      until(`a run in ${statuses.join('/')}`, async () => {
        const [run] = await store.listRuns({ limit: 10 });
        return run && statuses.includes(run.status) ? run : undefined;
      }),
    logged: (text) => until(`the log line "${text}"`, async () => (messages.some((m) => m.includes(text)) ? true : undefined)).then(() => undefined),
    expireCalls: () => am.calls.filter((c) => c.method === 'expireSilence').length,
    async close() {
      http.refuseNewRequests();
      http.closeAllConnections();
      await http.drain();
      await services.executor.stop(0);
      services.stop();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(playbooksDir, { recursive: true, force: true });
    },
  };
}
