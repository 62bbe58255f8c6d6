import type { Clock } from '../core/clock';
import type { Store } from '../store/store';
import type { Metrics } from '../telemetry/create-metrics';
import type { Run } from '../core/runs/run';
import type { Logger } from '../telemetry/create-logger';

/**
 * The approval expiry sweep (node-cron calls it): approvals past their expiry are rejected or escalated
 * as the playbook says. Escalated runs go back to the executor, whose gate then fails into on_failure.
 */
export async function expireApprovals(deps: {
  store: Store;
  clock: Clock;
  log: Logger;
  wake(): void;
  onRunChange?(run: Run): void;
  /** Told the ids of runs the expiry ended (rejected), so what their steps hold (a silence) is let go. */
  releaseRuns?(runIds: string[]): void;
  metrics?: Pick<Metrics, 'approvals' | 'runs'>;
}): Promise<number> {
  const expired = await deps.store.expireApprovals(deps.clock.now().toISOString());
  for (const run of expired) {
    deps.log.info({ runId: run.id, incidentId: run.incidentId, playbook: run.playbook, status: run.status }, 'approval expired');
    deps.metrics?.approvals.inc({ playbook: run.playbook, decision: 'expired' });
    if (run.status === 'cancelled') deps.metrics?.runs.inc({ playbook: run.playbook, outcome: 'cancelled' });
    deps.onRunChange?.(run);
  }
  if (expired.some((r) => r.status === 'pending')) deps.wake();
  // Escalated runs go back to the executor, which calls their run-end hooks when it finishes them.
  const ended = expired.filter((r) => r.status === 'cancelled').map((r) => r.id);
  if (ended.length > 0) deps.releaseRuns?.(ended);
  return expired.length;
}
