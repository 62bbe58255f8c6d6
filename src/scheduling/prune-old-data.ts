import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../core/clock';
import { buildPruneRequest, prunedKinds } from '../core/retention/prune-request';
import type { RetentionPolicy } from '../core/retention/retention-policy';
import type { PruneResult, Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';

export interface PruneOldDataDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  metrics?: Pick<Metrics, 'retentionDeleted'>;
  policy: RetentionPolicy;
  /** Rows per statement (deliveries, state changes; a tenth of it in incidents). Default 500. */
  batchSize?: number;
  /** Stop after this long and leave the rest to the next run: well inside the job lease (60 s). Default 20 s. */
  budgetMs?: number;
}

export type PruneTotals = Pick<PruneResult, (typeof prunedKinds)[number][0]> & { rounds: number };

/**
 * The retention job: rounds of Store.prune until the store says done or the time budget is spent. Each
 * round is a few short statements; between rounds the event loop gets a turn, so webhooks that arrived
 * meanwhile are committed before the next round (on SQLite a round blocks the one thread while it runs).
 */
export async function pruneOldData(deps: PruneOldDataDeps): Promise<PruneTotals> {
  const batchSize = deps.batchSize ?? 500;
  const deadline = performance.now() + (deps.budgetMs ?? 20_000);
  const totals: PruneTotals = { rounds: 0, deliveries: 0, stateChanges: 0, incidents: 0, joinKeys: 0, silences: 0 };
  let cursor: PruneResult['incidentCursor'];
  for (;;) {
    const result = await deps.store.prune(buildPruneRequest(deps.policy, deps.clock.now().toISOString(), batchSize, cursor));
    totals.rounds++;
    for (const [field, kind] of prunedKinds) {
      totals[field] += result[field];
      if (result[field] > 0) deps.metrics?.retentionDeleted.inc({ kind }, result[field]);
    }
    cursor = result.incidentCursor;
    if (result.done || performance.now() >= deadline) break;
    await nextTurn();
  }
  if (prunedKinds.some(([field]) => totals[field] > 0)) {
    deps.log.info({ ...totals }, 'retention: deleted data older than MENDBOT_RETENTION_DELIVERIES / MENDBOT_RETENTION_INCIDENTS');
  }
  return totals;
}
