import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createHttpAction } from '../../../integrations/http/create-http-action';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
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
import { waitFor } from '../../helpers/wait-for';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;
const alert = () => buildAlert({ name: 'RecoveryIds', labels: { alertname: 'RecoveryIds', namespace: 'prod' } });

// The target answers { n: <requests so far> }: /one is 1, /two (500) is 2, the compensation /undo is 3.
const playbook = (url: string) => `
name: recovery-ids
mode: auto
match: ['alertname="RecoveryIds"']
steps:
  - id: one
    action: http
    with: { method: POST, url: "${url}/one" }
    compensate:
      - id: undo_one
        action: http
        with: { method: POST, url: "${url}/undo" }
  - id: two
    action: http
    with: { method: POST, url: "${url}/two" }
on_failure:
  - action: http
    with: { method: POST, url: "${url}/escalate/{{ steps.undo_one.output.body.n }}" }
  - id: page
    action: http
    with: { method: POST, url: "${url}/page/{{ steps.on_failure_1.output.body.n }}" }
`;

describe('recovery steps read earlier recovery outputs by their playbook ids', () => {
  let target: Target;
  let engine: Engine | undefined;
  beforeEach(async () => {
    target = await startCountingTarget({ statuses: { '/two': [500] } });
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await target.close();
  });

  it("an on_failure step renders a compensate step's output by its declared id, and the next one the first's by its defaulted id", async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    await engine.deliver([alert()]);
    const [run] = await engine.settle();
    expect(target.requests.map((r) => r.path)).toEqual(['/one', '/two', '/undo', '/escalate/3', '/page/4']);
    expect(run).toMatchObject({ status: 'compensated' });
    // The stored state ids are unchanged: runs stored by earlier versions look the same.
    expect(run!.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['one:succeeded', 'two:failed', 'one.compensate.0:succeeded', 'on_failure.0:succeeded', 'on_failure.1:succeeded']);
  });

  it('a run stored mid-recovery (state ids one.compensate.0, on_failure.0) resumes in another process and still renders', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-recovery-ids-'));
    const store = createSqliteStore({ dataDir });
    const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
    const actions = createActionRegistry([createHttpAction({})]);
    // The first process dies as on_failure.0 is about to start: its checkpoint never reaches the store.
    const dying: Store = {
      ...store,
      saveRun: (runId, owner, patch) =>
        patch.steps?.some((s) => s.id === 'on_failure.0' && s.status !== 'pending') ? Promise.reject(new Error('process died')) : store.saveRun(runId, owner, patch),
    };
    const first = createExecutor({ store: dying, actions, clock: systemClock, log, metrics: createMetrics(), leaseMs: 60_000, pollMs: 50 });
    // The second process's clock is past the first one's lease.
    const later = { now: () => new Date(Date.now() + 3_600_000) };
    const second = createExecutor({ store, actions, clock: later, log, metrics: createMetrics(), leaseMs: 60_000, pollMs: 50 });
    try {
      first.start();
      await store.recordDelivery(buildDelivery([alert()]), defaultLifecyclePolicy, createRunPlanner({ playbooks: () => [playbookFromYaml(playbook(target.url))] }));
      first.wake();
      await waitFor(async () => (await store.listRuns({ limit: 5 }))[0]?.steps.some((s) => s.id === 'one.compensate.0' && s.status === 'succeeded') === true, { description: 'the compensation stored' });
      await first.idle();
      await first.stop(0);
      const [stored] = await store.listRuns({ limit: 5 });
      expect(stored!.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['one:succeeded', 'two:failed', 'one.compensate.0:succeeded', 'on_failure.0:pending', 'on_failure.1:pending']);
      expect(target.requests.map((r) => r.path)).toEqual(['/one', '/two', '/undo']);

      second.start();
      await waitFor(async () => (await store.listRuns({ limit: 5 }))[0]?.status === 'compensated', { description: 'the resumed run to finish' });
      expect(target.requests.map((r) => r.path)).toEqual(['/one', '/two', '/undo', '/escalate/3', '/page/4']);
    } finally {
      await first.stop(0);
      await second.stop(0);
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
