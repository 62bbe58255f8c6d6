import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createManualClock } from '../../../src/core/clock';
import type { LifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createEventHub, type MendbotEvent } from '../../../src/events/event-hub';
import { createIntake } from '../../../src/intake/create-intake';
import { createAlertmanagerReconciliation, type AlertmanagerReconciliation } from '../../../src/reconciliation/create-alertmanager-reconciliation';
import { createIncidentResolver } from '../../../src/runs/create-incident-resolver';
import { createRunPlanner } from '../../../src/runs/create-run-planner';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics, type Metrics } from '../../../src/telemetry/create-metrics';
import { createInMemoryAlertmanagerApi, type InMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';
import { playbookFromYaml } from '../../helpers/start-engine';

export const AM1 = 'http://127.0.0.1:9093';
export const AM2 = 'http://127.0.0.1:9094';
export const GRACE = 5 * 60_000;
export const START = '2026-03-14T10:00:00.000Z';
const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000, postmortemSettleMs: 10 * 60_000 };

/** An approval playbook for every alert in namespace prod: each incident gets a queued run with the delivery. */
const playbook = playbookFromYaml(`
name: restart-checkout
mode: approval
approvers: ["U024BE7LH"]
match: ['namespace="prod"']
steps:
  - id: restart
    action: http
    with: { method: POST, url: "http://127.0.0.1:1/restart" }
`);

interface WebhookAlert {
  fingerprint: string;
  labels: Record<string, string>;
  status?: 'firing' | 'resolved';
  startsAt?: string;
}

export interface ReconciliationHarness {
  store: Store;
  am: InMemoryAlertmanagerApi;
  clock: ReturnType<typeof createManualClock>;
  metrics: Metrics;
  reconciliation: AlertmanagerReconciliation;
  events: MendbotEvent[];
  logs: Array<Record<string, unknown>>;
  /** An Alertmanager webhook (v4) for one group, through the real source and intake; returns the incident ids it touched. */
  deliver(groupKey: string, alerts: WebhookAlert[]): Promise<string[]>;
  /** One metric's sample lines as Prometheus text. */
  metric(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Real SQLite store in a temp dir, real intake (Alertmanager source, run planner), real resolver; Alertmanager in memory. */
export function startReconciliationHarness(): ReconciliationHarness {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-reconcile-'));
  const store = createSqliteStore({ dataDir });
  const clock = createManualClock(START);
  const metrics = createMetrics();
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({
    level: 'info',
    stream: new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  });
  const events: MendbotEvent[] = [];
  const hub = createEventHub((error) => {
    throw error;
  });
  hub.on((e) => events.push(e));
  const am = createInMemoryAlertmanagerApi({ urls: [AM1, AM2], now: () => clock.now() });
  // As create-services wires it: the resolver tells the hub, so chat refreshes resolved incidents.
  const resolver = createIncidentResolver({ store, clock, policy, metrics, onResolved: (o) => hub.emit({ type: 'incident_changed', incidentId: o.incidentId }) });
  const intake = createIntake({ store, clock, log, metrics, policy, correlation: {}, planner: createRunPlanner({ playbooks: () => [playbook] }) });
  const source = createAlertmanagerSource({});
  const reconciliation = createAlertmanagerReconciliation({ store, api: am, resolver, hub, clock, log, metrics, graceMs: GRACE });

  return {
    store,
    am,
    clock,
    metrics,
    reconciliation,
    events,
    logs,
    async deliver(groupKey, alerts) {
      const body = {
        receiver: 'mendbot',
        status: alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved',
        alerts: alerts.map((a) => ({
          status: a.status ?? 'firing',
          labels: a.labels,
          annotations: { summary: `${a.labels.alertname} summary` },
          startsAt: a.startsAt ?? '2026-03-14T09:30:00.000Z',
          endsAt: a.status === 'resolved' ? clock.now().toISOString() : '0001-01-01T00:00:00Z',
          generatorURL: '',
          fingerprint: a.fingerprint,
        })),
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://127.0.0.1:9093',
        version: '4',
        groupKey,
        truncatedAlerts: 0,
      };
      const outcome = await intake.receive(source, { headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(body)), remoteAddress: '127.0.0.1' });
      return [...new Set(outcome.decisions.flatMap((d) => (d.incidentId ? [d.incidentId] : [])))];
    },
    async metric(name) {
      return (await metrics.registry.getSingleMetricAsString(name))
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n');
    },
    async close() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
