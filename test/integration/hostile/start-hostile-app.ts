import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createPagerDutySource } from '../../../integrations/pagerduty/create-pagerduty-source';
import { createSlackIntegration } from '../../../integrations/slack/create-slack-integration';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { Run } from '../../../src/core/runs/run';
import { createApprovalAction } from '../../../src/engine/actions/approval-action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createExecutor } from '../../../src/engine/create-executor';
import { createEventHub } from '../../../src/events/event-hub';
import { createApp } from '../../../src/http/create-app';
import { createIntake } from '../../../src/intake/create-intake';
import { createRunPlanner } from '../../../src/runs/create-run-planner';
import { createRunService } from '../../../src/runs/create-run-service';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { playbookFromYaml } from '../../helpers/start-engine';
import { startFakeSlackApi } from '../slack/fake-slack-api';
import { readStoreSnapshot, type StoreSnapshot } from './read-store-snapshot';

export const apiToken = 'hostile-api-token';
export const pagerDutySecret = 'hostile-pd-secret';
export const slackSigningSecret = 'hostile-slack-signing-secret';
const fixturesDir = path.join(__dirname, '..', '..', 'fixtures');

// Only the seed delivery carries `fuzz_seed`, so nothing the fuzzer sends can plan a run; the one seeded run
// waits for an approver the fuzzer never names, so no request can start background work that changes the
// store while a later rejected request is being checked.
const seedPlaybook = `
name: seeded
mode: approval
approvers: ["U0SEEDONLY"]
match: ['fuzz_seed="yes"']
steps:
  - id: approve
    action: approval
`;

export interface HostileApp {
  url: string;
  port: number;
  seededRun: Run;
  seededIncidentId: string;
  /** Every table's row count plus the controls and silences, read through a second connection. */
  snapshot(): StoreSnapshot;
  /** Parsed JSON log lines; `level` 50+ means error. */
  logs: Array<Record<string, unknown>>;
  signSlack(body: string, timestamp: number): string;
  signPagerDuty(body: string | Buffer): string;
  close(): Promise<void>;
}

/**
 * The whole HTTP surface main.ts serves, composed like main.ts does it (real SQLite file in a temp dir, both
 * webhook sources with credentials, the runs API behind a token, the Slack receiver with a signing secret),
 * listening through `app.listen` on an ephemeral loopback port.
 */
export async function startHostileApp(): Promise<HostileApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-hostile-'));
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = createLogger({ level: 'warn', stream });
  const metrics = createMetrics();
  const clock = systemClock;
  const store = createSqliteStore({ dataDir });
  const slack = await startFakeSlackApi({ botToken: 'xoxb-hostile' });
  const playbooks = [playbookFromYaml(seedPlaybook)];
  const executor = createExecutor({ store, actions: createActionRegistry([createApprovalAction()]), clock, log, metrics, pollMs: 50 });
  const runs = createRunService({ store, clock, wake: () => executor.wake() });
  // The integration is not start()ed: thread updates would write chat refs in the background.
  const slackIntegration = createSlackIntegration({
    botToken: 'xoxb-hostile',
    signingSecret: slackSigningSecret,
    apiUrl: slack.apiUrl,
    channel: '#incidents',
    roles: { run: [], pause: [], approve: [], silence: [], resolve: [] },
    store,
    runs,
    catalog: { get: () => undefined, list: () => [] },
    hub: createEventHub(() => undefined),
    clock,
    log,
    wake: () => executor.wake(),
    webClientOptions: { retryConfig: { retries: 0 } },
  });
  const intake = createIntake({
    store,
    clock,
    log,
    metrics,
    policy: defaultLifecyclePolicy,
    correlation: {},
    planner: createRunPlanner({ playbooks: () => playbooks }),
    afterCommit: () => executor.wake(),
  });
  const app = createApp({
    intake,
    sources: [createAlertmanagerSource({}), createPagerDutySource({ webhookSecrets: [pagerDutySecret] })],
    store,
    metrics,
    log,
    bodyLimitBytes: 256 * 1024,
    runs,
    apiToken,
    routers: [slackIntegration.router],
  });
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  executor.start();

  const seed = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'alertmanager-firing.json'), 'utf8')) as { alerts: Array<{ labels: Record<string, string> }> };
  seed.alerts = seed.alerts.slice(0, 1);
  seed.alerts[0]!.labels.fuzz_seed = 'yes';
  const seeded = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) });
  if (seeded.status !== 200) throw new Error(`seed delivery answered ${seeded.status}: ${await seeded.text()}`);
  let seededRun: Run | undefined;
  for (let i = 0; i < 200 && !seededRun; i++) {
    seededRun = (await store.listRuns({ limit: 10 })).find((r) => r.status === 'waiting_approval');
    if (!seededRun) await new Promise((r) => setTimeout(r, 20));
  }
  if (!seededRun) throw new Error('the seeded run never waited for approval');

  const reader = readStoreSnapshot(store.file);
  return {
    url,
    port,
    seededRun,
    seededIncidentId: seededRun.incidentId,
    snapshot: () => reader.read(),
    logs,
    signSlack: (body, timestamp) => `v0=${createHmac('sha256', slackSigningSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
    signPagerDuty: (body) => `v1=${createHmac('sha256', pagerDutySecret).update(body).digest('hex')}`,
    async close() {
      reader.close();
      await executor.stop(0);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await slack.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
