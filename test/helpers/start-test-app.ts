import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../integrations/alertmanager/create-alertmanager-source';
import { createPagerDutySource } from '../../integrations/pagerduty/create-pagerduty-source';
import { compileCorrelationTemplate, type CorrelationTemplate } from '../../src/core/alerts/compile-correlation-template';
import type { ApiTokenEntry } from '../../src/config/api-token-entry';
import { systemClock, type Clock } from '../../src/core/clock';
import { createApp } from '../../src/http/create-app';
import { createApiBacktester } from '../../src/wiring/create-api-backtester';
import { defaultLifecyclePolicy, type LifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import { createIntake } from '../../src/intake/create-intake';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../src/store/store';
import { createLogger } from '../../src/telemetry/create-logger';
import { createMetrics, type Metrics } from '../../src/telemetry/create-metrics';
import type { Logger } from '../../src/telemetry/create-logger';
import { createHttpAction } from '../../integrations/http/create-http-action';
import { createApprovalAction } from '../../src/engine/actions/approval-action';
import { createActionRegistry } from '../../src/engine/create-action-registry';
import { createExecutor } from '../../src/engine/create-executor';
import type { LoadedPlaybook } from '../../src/core/playbooks/playbook';
import { createRunPlanner } from '../../src/runs/create-run-planner';
import { createIncidentResolver } from '../../src/runs/create-incident-resolver';
import { createRunService } from '../../src/runs/create-run-service';
import { playbookFromYaml } from './start-engine';

function createTestEngine(deps: { store: Store; clock: Clock; log: Logger; metrics: Metrics; playbooks: LoadedPlaybook[] }) {
  const actions = createActionRegistry([createHttpAction({}), createApprovalAction()]);
  const executor = createExecutor({ ...deps, actions, pollMs: 50 });
  executor.start();
  return {
    executor,
    planner: createRunPlanner({ playbooks: () => deps.playbooks }),
    runs: createRunService({ store: deps.store, clock: deps.clock, wake: () => executor.wake() }),
  };
}

export interface TestAppOptions {
  alertmanagerToken?: string;
  alertmanagerBasicAuth?: { username: string; password: string };
  pagerdutySecrets?: string[];
  correlation?: Partial<Record<'alertmanager' | 'pagerduty', string>>;
  policy?: LifecyclePolicy;
  bodyLimitBytes?: number;
  busyTimeoutMs?: number;
  clock?: Clock;
  dataDir?: string;
  /** Playbook YAML texts: wires planner, executor and the runs API like main.ts does. */
  playbooks?: string[];
  /** MENDBOT_API_TOKEN: the single legacy token (admin `default`). */
  apiToken?: string;
  /** Named tokens with roles (what MENDBOT_API_TOKENS / MENDBOT_API_TOKENS_FILE configure). */
  apiTokens?: ApiTokenEntry[];
}

export interface TestApp {
  url: string;
  dataDir: string;
  store: Store & { file: string };
  /** Parsed JSON log lines written so far. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The real app (real SQLite file in a temp dir, real sources) on an ephemeral loopback port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-it-'));
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = createLogger({ level: 'debug', stream });
  const metrics = createMetrics();
  const store = createSqliteStore({ dataDir, busyTimeoutMs: options.busyTimeoutMs });
  metrics.setOpenIncidentsCollector(() => store.countOpenIncidents());
  const correlation: Record<string, CorrelationTemplate> = {};
  for (const [source, template] of Object.entries(options.correlation ?? {})) {
    if (template) correlation[source] = compileCorrelationTemplate(template);
  }
  const clock = options.clock ?? systemClock;
  const engine = options.playbooks ? createTestEngine({ store, clock, log, metrics, playbooks: options.playbooks.map(playbookFromYaml) }) : undefined;
  const intake = createIntake({
    store,
    clock,
    log,
    metrics,
    policy: options.policy ?? defaultLifecyclePolicy,
    correlation,
    planner: engine?.planner,
    afterCommit: () => engine?.executor.wake(),
  });
  const app = createApp({
    intake,
    store,
    metrics,
    log,
    bodyLimitBytes: options.bodyLimitBytes ?? 5 * 1024 * 1024,
    runs: engine?.runs,
    resolver: createIncidentResolver({ store, clock, policy: options.policy ?? defaultLifecyclePolicy, metrics }),
    apiToken: options.apiToken,
    apiTokens: options.apiTokens,
    backtester: createApiBacktester({ store, catalog: { list: () => (options.playbooks ?? []).map(playbookFromYaml) }, clock }),
    sources: [
      createAlertmanagerSource({ token: options.alertmanagerToken, basicAuth: options.alertmanagerBasicAuth }),
      createPagerDutySource({ webhookSecrets: options.pagerdutySecrets ?? [] }),
    ],
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    store,
    logs,
    async close() {
      await engine?.executor.stop(0);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', name));
}
