import type { Clock } from '../core/clock';
import { finalRunStatuses } from '../core/runs/run';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import { callRunEndHooks } from './call-run-end-hooks';
import type { ActionRegistry } from './create-action-registry';

interface ReleaseEndedRunsDeps {
  store: Pick<Store, 'getRun'>;
  actions: ActionRegistry;
  clock: Clock;
  log: Logger;
}

/**
 * The run-end hooks (an Alertmanager silence expired) for runs that reached a final status OUTSIDE the
 * executor: an approval rejected or expired, a resolve (manual, reconciliation or a delivery) that cancelled
 * a queued or waiting run, a guardrail that cancelled a run at claim. The executor calls the hooks itself in
 * the write that finishes a run, so only the code that just made such a change calls this, with the ids its
 * own atomic write reported: the executor's runs never come here (no second call in the normal path), and
 * with several replicas exactly one process gets each id. A run not final (any more) is left alone.
 *
 * Never rejects: the run's outcome is already stored, and a hook that fails is logged (its silence then runs
 * out at its end time). A crash between the store's write and this call skips the hooks the same way.
 */
export async function releaseEndedRuns(deps: ReleaseEndedRunsDeps, runIds: Iterable<string>): Promise<void> {
  for (const runId of new Set(runIds)) {
    try {
      const run = await deps.store.getRun(runId);
      if (!run || !finalRunStatuses.has(run.status)) continue;
      // Most runs hold nothing: skip the logger and the hooks' bookkeeping for them.
      if (!run.steps.some((s) => s.status === 'succeeded' && deps.actions.get(s.action)?.onRunEnd)) continue;
      const log = deps.log.child({ runId: run.id, incidentId: run.incidentId, playbook: run.playbook });
      const failures = await callRunEndHooks({ actions: deps.actions, clock: deps.clock, log, signal: new AbortController().signal }, run);
      if (failures.length === 0) log.info(`run ${run.status} outside the executor: what its steps held is released`);
      else log.warn({ failures: failures.map((f) => f.message) }, `run ${run.status} outside the executor: ${failures.length} step(s) could not be released`);
    } catch (error) {
      deps.log.warn({ err: error, runId }, 'could not release what the ended run held');
    }
  }
}
