/**
 * The real app with the console mounted, composed like src/main.ts does (store → actions → executor, run
 * service, resolver and intake all telling one event hub, the API's backtester), on an ephemeral loopback
 * port. For the console's integration tests and its bench, which read and seed the store directly (10,000
 * incidents, an Alertmanager state) — startServer keeps its store to itself. The browser e2e test
 * (test/e2e/console.test.ts) runs the real server instead.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createHttpAction } from '../../../integrations/http/create-http-action';
import { createPagerDutySource } from '../../../integrations/pagerduty/create-pagerduty-source';
import { sha256Hex, type ApiRole, type ApiTokenEntry } from '../../../src/config/api-token-entry';
import type { UiSettings } from '../../../src/config/ui-settings';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { LoadedPlaybook } from '../../../src/core/playbooks/playbook';
import { createApprovalAction } from '../../../src/engine/actions/approval-action';
import { createWaitAction } from '../../../src/engine/actions/wait-action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createExecutor } from '../../../src/engine/create-executor';
import { createSecretSource } from '../../../src/engine/secrets/create-secret-source';
import { createEventHub } from '../../../src/events/event-hub';
import { createApp } from '../../../src/http/create-app';
import { createUiRouter } from '../../../src/http/ui/create-ui-router';
import { createApiBacktester } from '../../../src/wiring/create-api-backtester';
import { createIntake } from '../../../src/intake/create-intake';
import { createIncidentResolver } from '../../../src/runs/create-incident-resolver';
import { createRunPlanner } from '../../../src/runs/create-run-planner';
import { createRunService } from '../../../src/runs/create-run-service';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import type { RunService } from '../../../src/runs/create-run-service';
import { playbookFromYaml } from '../../helpers/start-engine';

export interface ConsoleAppOptions {
  /** name → [role, plain token]. */
  tokens?: Record<string, [ApiRole, string]>;
  ui?: Partial<UiSettings>;
  playbooks?: string[];
  /** MENDBOT_SECRET_<NAME> values for `{{ secrets.NAME }}`. */
  secrets?: Record<string, string>;
  /** Host to listen on (default 127.0.0.1). */
  host?: string;
}

export interface ConsoleApp {
  url: string;
  store: Store;
  runs: RunService;
  logs: Array<Record<string, unknown>>;
  /** server.close(): resolves once every connection has ended (as a graceful shutdown waits). */
  stopListening(): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleApp(options: ConsoleAppOptions = {}): Promise<ConsoleApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-ui-'));
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = createLogger({ level: 'info', stream });
  const metrics = createMetrics();
  const clock = systemClock;
  const store = createSqliteStore({ dataDir });
  const playbooks: LoadedPlaybook[] = (options.playbooks ?? []).map(playbookFromYaml);
  const hub = createEventHub((error) => log.error({ err: error }, 'event listener failed'));
  const secretEnv = Object.fromEntries(Object.entries(options.secrets ?? {}).map(([k, v]) => [`MENDBOT_SECRET_${k}`, v]));
  const actions = createActionRegistry([createHttpAction({}), createApprovalAction(), createWaitAction({})], { secrets: createSecretSource({ env: secretEnv }) });
  const onRunChange = (run: Parameters<NonNullable<Parameters<typeof createExecutor>[0]['onRunChange']>>[0]) => hub.emit({ type: 'run_changed', run });
  const executor = createExecutor({ store, actions, clock, log, metrics, leaseMs: 3000, pollMs: 50, onRunChange });
  executor.start();
  const runs = createRunService({ store, clock, wake: () => executor.wake(), onRunChange, metrics });
  const resolver = createIncidentResolver({ store, clock, policy: defaultLifecyclePolicy, metrics, onResolved: (o) => hub.emit({ type: 'incident_changed', incidentId: o.incidentId }) });
  const intake = createIntake({
    store,
    clock,
    log,
    metrics,
    policy: defaultLifecyclePolicy,
    correlation: {},
    planner: createRunPlanner({ playbooks: () => playbooks }),
    afterCommit: (outcome) => {
      if (outcome.runsCreated) executor.wake();
      for (const id of new Set(outcome.decisions.map((d) => d.incidentId).filter((i): i is string => i !== undefined))) hub.emit({ type: 'incident_changed', incidentId: id });
    },
  });
  const apiTokens: ApiTokenEntry[] = Object.entries(options.tokens ?? {}).map(([name, [role, token]]) => ({ name, role, sha256: sha256Hex(token) }));
  const settings: UiSettings = { sessionTtlMs: 3_600_000, trustedProxies: [], proxyRoles: {}, ...options.ui };
  const backtester = createApiBacktester({ store, catalog: { list: () => playbooks }, clock });
  const app = createApp({
    intake,
    store,
    metrics,
    log,
    bodyLimitBytes: 1024 * 1024,
    runs,
    resolver,
    apiTokens,
    sources: [createAlertmanagerSource({}), createPagerDutySource({ webhookSecrets: [] })],
    backtester,
    routers: [createUiRouter({ store, runs, resolver, hub, playbooks: () => playbooks, apiTokens, settings, log, clock, backtester })],
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, options.host ?? '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    runs,
    logs,
    stopListening: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async close() {
      await executor.stop(0);
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
