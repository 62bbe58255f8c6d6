import fs from 'node:fs';
import path from 'node:path';
import { createManualClock } from '../core/clock';
import { defaultLifecyclePolicy } from '../core/incidents/lifecycle-policy';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { RunPlanner } from '../core/runs/run-planner';
import type { ActionRegistry } from '../engine/create-action-registry';
import { createExecutor } from '../engine/create-executor';
import { stepDefinition } from '../engine/run-scope';
import { createIntake } from '../intake/create-intake';
import { createRunPlanner } from '../runs/create-run-planner';
import { createRunService } from '../runs/create-run-service';
import { expireApprovals } from '../runs/expire-approvals';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { alertmanagerBodyFor } from './alertmanager-body-for';
import type { CaseObservation } from './case-observation';
import { createStubActions } from './create-stub-actions';
import type { PlaybookTestDeps } from './playbook-test-deps';
import type { PlaybookTestFile } from './playbook-test-file';
import { preparePlaybookForTest } from './prepare-playbook-for-test';

type TestCase = PlaybookTestFile['cases'][number];

/** Deferred runs (a held lock) are retried by moving the clock a second at a time, this many times at most. */
const maxSettleRounds = 120;

/**
 * Runs one case through the real engine: each alert goes through the real source parser and intake into a
 * fresh store, where the real planner matches playbooks; the real executor claims the runs under the real
 * guardrails and executes them with stubbed actions, on a manual clock. Approval decisions go through the
 * run service, as the API's do. Nothing leaves the process; the store is deleted afterwards.
 */
export async function runPlaybookTestCase(
  deps: PlaybookTestDeps,
  // log and metrics are shared by the cases of a run: nothing reads them, and a metrics registry per case
  // (default collectors included) cost more than a whole case.
  setup: { playbooks: LoadedPlaybook[]; actions: ActionRegistry; start: string; dir: string; log: Logger; metrics: Metrics },
  testCase: TestCase,
): Promise<CaseObservation> {
  const { store: raw, close } = await deps.openStore();
  const observation: CaseObservation = { traces: [], runs: [], hits: [], deliveryErrors: [] };
  try {
    const store: Store = {
      ...raw,
      async claimRun(request) {
        const result = await raw.claimRun(request);
        observation.hits.push(...result.hits);
        return result;
      },
    };
    const clock = createManualClock(setup.start);
    const { log, metrics } = setup;
    const playbooks = setup.playbooks.map((p) => preparePlaybookForTest(p, testCase.stubs));
    const stepIdOf = async (runId: string, stateId: string) => {
      const run = await raw.getRun(runId);
      return run ? stepDefinition(run, stateId)?.id : undefined;
    };
    const actions = createStubActions(setup.actions, testCase.stubs, stepIdOf);
    // A long lease: the clock only moves when the case says so, and no other process competes.
    const executor = createExecutor({ store, actions, clock, log, metrics, leaseMs: 600_000, concurrency: 8 });
    const runs = createRunService({ store, clock, wake: () => undefined, metrics });
    const real = createRunPlanner({ playbooks: () => playbooks });
    const planner: RunPlanner = (input) => {
      const result = real(input);
      observation.traces.push(...result.trace.map((t) => ({ ...t, alertKey: input.alert.key })));
      return result;
    };
    const intake = createIntake({ store, clock, log, metrics, policy: defaultLifecyclePolicy, correlation: {}, planner });

    const decided = new Set<string>();
    const settle = async () => {
      for (let round = 0; round < maxSettleRounds; round++) {
        executor.wake();
        await executor.idle();
        const open = await raw.listRuns({ statuses: ['pending', 'waiting_approval'], limit: 1000 });
        const waiting = open.filter((r) => r.status === 'waiting_approval' && !decided.has(r.id));
        if (open.every((r) => r.status === 'waiting_approval') && (testCase.approve === undefined || waiting.length === 0)) return;
        for (const run of waiting) {
          decided.add(run.id);
          if (testCase.approve === 'expire') {
            clock.set(new Date(Date.parse(run.approval?.expiresAt ?? clock.now().toISOString()) + 1));
            await expireApprovals({ store, clock, log, wake: () => undefined });
          } else if (testCase.approve !== undefined) {
            const by = testCase.approver ?? run.approval?.approvers[0] ?? run.definition.approvers[0] ?? 'approver';
            await runs.decide(run.id, testCase.approve ? 'approved' : 'rejected', by);
          }
        }
        if (waiting.length === 0) clock.advance(1000); // only deferred runs are left: let their not-before pass
      }
    };

    for (const [i, alert] of testCase.alerts.entries()) {
      clock.advance(alert.after);
      const sourceName = 'webhook' in alert ? alert.source : 'alertmanager';
      const source = deps.sources.find((s) => s.name === sourceName);
      try {
        if (!source) throw new Error(`no ${sourceName} source`);
        const body = 'webhook' in alert ? fs.readFileSync(path.resolve(setup.dir, alert.webhook)) : Buffer.from(alertmanagerBodyFor(alert, { now: clock.now().toISOString(), caseStart: setup.start }));
        await intake.receive(source, { headers: { 'content-type': 'application/json' }, rawBody: body, remoteAddress: '127.0.0.1' });
      } catch (error) {
        observation.deliveryErrors.push(`alerts[${i}]: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      await settle();
    }
    await executor.stop(0);
    // The store lists runs by creation time, then id, and ids count up within a millisecond: creation order.
    observation.runs = await raw.listRuns({ limit: 10_000 });
    return observation;
  } finally {
    await close();
  }
}
