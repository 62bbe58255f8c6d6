import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createExecAction } from '../../integrations/exec/create-exec-action';
import { createHttpAction } from '../../integrations/http/create-http-action';
import type { CorrelatedAlert } from '../../src/core/alerts/alert';
import { systemClock, type Clock } from '../../src/core/clock';
import { createApprovalAction } from '../../src/engine/actions/approval-action';
import { createNotifyAction } from '../../src/engine/actions/notify-action';
import { createWaitAction } from '../../src/engine/actions/wait-action';
import { createActionRegistry } from '../../src/engine/create-action-registry';
import { createExecutor, type Executor } from '../../src/engine/create-executor';
import { defaultLifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import { loadPlaybookFile } from '../../src/playbooks/load-playbook-file';
import type { LoadedPlaybook } from '../../src/core/playbooks/playbook';
import { createRunPlanner } from '../../src/runs/create-run-planner';
import { createRunService, type RunService } from '../../src/runs/create-run-service';
import type { Run } from '../../src/core/runs/run';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../src/store/store';
import { createLogger } from '../../src/telemetry/create-logger';
import { createMetrics, type Metrics } from '../../src/telemetry/create-metrics';
import { buildDelivery } from './build-delivery';

/** Parses a playbook from YAML text the way the loader does; fails the test loudly on errors. */
export function playbookFromYaml(text: string): LoadedPlaybook {
  const result = loadPlaybookFile('test.yaml', text);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.column} ${e.path} ${e.message}`).join('\n'));
  return result.loaded;
}

export interface Engine {
  store: Store;
  executor: Executor;
  /** Stops the executor and starts a fresh one (new owner) on the same store: a process restart. */
  restartExecutor(): Promise<void>;
  runs: RunService;
  metrics: Metrics;
  dataDir: string;
  deliver(alerts: CorrelatedAlert[], receivedAt?: string): Promise<void>;
  /** Waits until every run is in one of `statuses` (default: any final status). */
  settle(statuses?: Run['status'][], timeoutMs?: number): Promise<Run[]>;
  allRuns(): Promise<Run[]>;
  close(): Promise<void>;
}

const finals: Run['status'][] = ['succeeded', 'failed', 'compensated', 'cancelled', 'needs_attention', 'dry_run'];

/** Real SQLite store in a temp dir, real planner and executor, real http/exec actions. */
export async function startEngine(options: { playbooks: string[]; clock?: Clock; execAllowlist?: string[]; leaseMs?: number; pollMs?: number }): Promise<Engine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-engine-'));
  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const metrics = createMetrics();
  const clock = options.clock ?? systemClock;
  const store = createSqliteStore({ dataDir });
  const playbooks = options.playbooks.map(playbookFromYaml);
  const actions = createActionRegistry([
    createHttpAction({}),
    createExecAction({ allowlist: options.execAllowlist ?? [] }),
    createWaitAction({}),
    createNotifyAction({ log }),
    createApprovalAction(),
  ]);
  const newExecutor = () => createExecutor({ store, actions, clock, log, metrics, leaseMs: options.leaseMs ?? 5000, pollMs: options.pollMs ?? 50 });
  let executor = newExecutor();
  const runs = createRunService({ store, clock, wake: () => executor.wake(), metrics });
  const planner = createRunPlanner({ playbooks: () => playbooks });
  executor.start();

  const allRuns = () => store.listRuns({ limit: 1000 });
  return {
    store,
    get executor() {
      return executor;
    },
    async restartExecutor() {
      await executor.stop(0);
      executor = newExecutor();
      executor.start();
    },
    runs,
    metrics,
    dataDir,
    allRuns,
    async deliver(alerts, receivedAt = clock.now().toISOString()) {
      await store.recordDelivery(buildDelivery(alerts, { receivedAt }), defaultLifecyclePolicy, planner);
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
    async close() {
      await executor.stop(0);
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
