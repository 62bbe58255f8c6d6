import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createHttpAction } from '../../../integrations/http/create-http-action';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { RunPatch } from '../../../src/core/runs/run-patch';
import { createWaitAction } from '../../../src/engine/actions/wait-action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createExecutor } from '../../../src/engine/create-executor';
import { createRunPlanner } from '../../../src/runs/create-run-planner';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { buildAlert, buildDelivery } from '../../helpers/build-delivery';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { playbookFromYaml, startEngine, type Engine } from '../../helpers/start-engine';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;
const alert = () => buildAlert({ name: 'LeaseCase', labels: { alertname: 'LeaseCase', namespace: 'prod' } });

describe('run leases in the executor', () => {
  let target: Target;
  let engine: Engine | undefined;
  beforeEach(async () => {
    target = await startCountingTarget();
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await target.close();
  });

  it('stops a run once another owner holds its lease: the attempt in flight is aborted and no next step starts', async () => {
    engine = await startEngine({
      leaseMs: 1_000,
      playbooks: [`
name: lease-loss
mode: auto
match: ['alertname="LeaseCase"']
steps:
  - id: settle
    action: wait
    with: { duration: 5s }
  - id: poke
    action: http
    with: { method: POST, url: "${target.url}/poke" }
`],
    });
    await engine.deliver([alert()]);
    const runId = await waitUntil(async () => (await engine!.allRuns()).find((r) => r.steps[0]?.status === 'running')?.id);
    // Another process takes the run over (its clock says the lease is long expired).
    const thief = await engine.store.claimRun({ owner: 'thief', now: new Date(Date.now() + 3_600_000).toISOString(), leaseMs: 3_600_000, admit: () => ({ kind: 'admit' }) });
    expect(thief.run?.id).toBe(runId);

    const started = Date.now();
    await engine.executor.idle();
    expect(Date.now() - started).toBeLessThan(2_000); // the 5 s wait was aborted at the first refused renewal
    await new Promise((r) => setTimeout(r, 500));
    expect(target.count()).toBe(0);
    const run = await engine.store.getRun(runId);
    expect(run).toMatchObject({ status: 'running' });
    expect(run!.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['settle:running', 'poke:pending']);
    await expect(engine.store.saveRun(runId, 'thief', { now: new Date().toISOString(), reason: 'still mine' })).resolves.toMatchObject({ reason: 'still mine' });
  });

  it('stores a failed step and the recovery it calls for in one checkpoint', async () => {
    await target.close();
    target = await startCountingTarget({ statuses: { '/two': [400] } });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-recovery-'));
    const store = createSqliteStore({ dataDir });
    const patches: RunPatch[] = [];
    // A store that records every checkpoint the executor writes (the executor only sees the Store port).
    const recording: Store = { ...store, saveRun: (runId, owner, patch) => (patches.push(structuredClone(patch)), store.saveRun(runId, owner, patch)) };
    const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
    const actions = createActionRegistry([createHttpAction({}), createWaitAction({})]);
    const executor = createExecutor({ store: recording, actions, clock: systemClock, log, metrics: createMetrics(), pollMs: 50 });
    const playbook = playbookFromYaml(`
name: saga
mode: auto
match: ['alertname="LeaseCase"']
steps:
  - id: one
    action: http
    with: { method: POST, url: "${target.url}/one" }
    compensate: [{ action: http, with: { method: POST, url: "${target.url}/undo" } }]
  - id: two
    action: http
    with: { method: POST, url: "${target.url}/two" }
on_failure: [{ action: wait, with: { duration: 0s } }]
`);
    try {
      executor.start();
      await store.recordDelivery(buildDelivery([alert()]), defaultLifecyclePolicy, createRunPlanner({ playbooks: () => [playbook] }));
      executor.wake();
      const run = await waitUntil(async () => (await store.listRuns({ limit: 5 })).find((r) => r.status === 'compensated'));
      expect(run.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['one:succeeded', 'two:failed', 'one.compensate.0:succeeded', 'on_failure.0:succeeded']);
      const recordsFailure = patches.filter((p) => p.steps?.some((s) => s.id === 'two' && s.status === 'failed'));
      expect(recordsFailure[0]!.steps!.map((s) => `${s.id}:${s.status}`)).toEqual(['one:succeeded', 'two:failed', 'one.compensate.0:pending', 'on_failure.0:pending']);
      expect(recordsFailure[0]!.events!.map((e) => e.message)).toEqual([
        'step two (http) failed after 1 attempt(s): http: POST 127.0.0.1:' + new URL(target.url).port + ' answered 400, expected 2xx',
        'step two failed: running 2 compensation/on_failure step(s)',
      ]);
      // No write ever showed the failure without its plan.
      expect(patches.filter((p) => p.steps?.some((s) => s.status === 'failed') && !p.steps.some((s) => s.phase !== 'main'))).toEqual([]);
    } finally {
      await executor.stop(0);
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitUntil<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
