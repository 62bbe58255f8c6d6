import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createExecAction } from '../../../integrations/exec/create-exec-action';
import { createHttpAction } from '../../../integrations/http/create-http-action';
import type { CorrelatedAlert } from '../../../src/core/alerts/alert';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { TimelineEvent } from '../../../src/core/incidents/incident';
import type { Run } from '../../../src/core/runs/run';
import type { AnyAction } from '../../../src/engine/action';
import { createApprovalAction } from '../../../src/engine/actions/approval-action';
import { createNotifyAction } from '../../../src/engine/actions/notify-action';
import { createWaitAction } from '../../../src/engine/actions/wait-action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createExecutor, type Executor } from '../../../src/engine/create-executor';
import { createFiringCheck } from '../../../src/engine/create-firing-check';
import { createRunPlanner } from '../../../src/runs/create-run-planner';
import { createRunService, type RunService } from '../../../src/runs/create-run-service';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics, type Metrics } from '../../../src/telemetry/create-metrics';
import type { InMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';
import { buildDelivery } from '../../helpers/build-delivery';
import { playbookFromYaml } from '../../helpers/start-engine';

export interface Harness {
  store: Store;
  executor: Executor;
  runs: RunService;
  metrics: Metrics;
  deliver(alerts: CorrelatedAlert[]): Promise<void>;
  /** Waits until every run is in one of `statuses` (default: any final status). */
  settle(statuses?: Run['status'][], timeoutMs?: number): Promise<Run[]>;
  timeline(incidentId: string): Promise<TimelineEvent[]>;
  close(): Promise<void>;
}

const finals: Run['status'][] = ['succeeded', 'failed', 'compensated', 'cancelled', 'needs_attention', 'dry_run'];

/**
 * The engine as production wires it (real SQLite store in a temp dir, planner, executor, http/exec
 * actions), plus what startEngine has no place for: the still-firing check over an Alertmanager port
 * (absent: no Alertmanager configured) and extra actions.
 */
export async function startHarness(options: { playbooks: string[]; alertmanager?: InMemoryAlertmanagerApi; actions?: AnyAction[]; execAllowlist?: string[] }): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-firing-'));
  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const metrics = createMetrics();
  const clock = systemClock;
  const store = createSqliteStore({ dataDir });
  const playbooks = options.playbooks.map(playbookFromYaml);
  const actions = createActionRegistry([
    createHttpAction({}),
    createExecAction({ allowlist: options.execAllowlist ?? [] }),
    createWaitAction({}),
    createNotifyAction({ log }),
    createApprovalAction(),
    ...(options.actions ?? []),
  ]);
  const firingCheck = options.alertmanager ? createFiringCheck({ api: options.alertmanager, store, metrics }) : undefined;
  const executor = createExecutor({ store, actions, clock, log, metrics, leaseMs: 5000, pollMs: 50, firingCheck });
  const runs = createRunService({ store, clock, wake: () => executor.wake(), metrics });
  const planner = createRunPlanner({ playbooks: () => playbooks });
  executor.start();
  const allRuns = () => store.listRuns({ limit: 1000 });
  return {
    store,
    executor,
    runs,
    metrics,
    async deliver(alerts) {
      await store.recordDelivery(buildDelivery(alerts, { receivedAt: clock.now().toISOString() }), defaultLifecyclePolicy, planner);
      executor.wake();
    },
    async settle(statuses = finals, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const list = await allRuns();
        if (list.length > 0 && list.every((r) => statuses.includes(r.status))) return list;
        if (Date.now() > deadline) throw new Error(`runs did not settle: ${list.map((r) => `${r.id}=${r.status}(${r.reason ?? ''})`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async timeline(incidentId) {
      return (await store.getIncident(incidentId))?.timeline ?? [];
    },
    async close() {
      await executor.stop(0);
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
