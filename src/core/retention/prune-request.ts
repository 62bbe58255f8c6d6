import type { RetentionPolicy } from './retention-policy';

/** Where the scan of prunable incidents stopped: the last candidate examined, in (resolvedAt, id) order. */
export interface IncidentCursor {
  resolvedAt: string;
  id: string;
}

/** One bounded round of deletions (Store.prune): each kind at most its batch size, so a call stays short. */
export interface PruneRequest {
  /** The instant of the round: join keys kept by the rule are marked touched then. */
  now: string;
  /**
   * Deliveries received, state changes recorded and silences ended before this instant are deleted; join keys
   * neither published nor looked at since then are candidates (see selectPrunableJoinKeys).
   */
  deliveriesBefore: string;
  /** Resolved incidents whose resolution is before this instant are candidates; absent = keep every incident. */
  incidentsResolvedBefore?: string;
  /** Continue the candidate scan after this one (the previous round's `incidentCursor`). */
  incidentsAfter?: IncidentCursor;
  /** Rows of deliveries, state changes and silences, and candidate join keys, per round. */
  batchSize: number;
  /** Candidate incidents examined per round (each brings its alerts, timeline and runs along). */
  incidentBatchSize: number;
}

/** What one round deleted, and whether there may be more to delete. */
export interface PruneResult {
  deliveries: number;
  stateChanges: number;
  incidents: number;
  /** Join keys deleted (candidates kept are not counted). */
  joinKeys: number;
  /** Silences that had ended before the cutoff. */
  silences: number;
  /** Set when the round stopped at its batch size for incidents: pass it back to continue the scan. */
  incidentCursor?: IncidentCursor;
  /** Nothing older than the cutoffs was left when this round ended (as far as its batches could tell). */
  done: boolean;
}

/** Each count of a PruneResult with the kind it is logged and counted under (the table it comes from). */
export const prunedKinds = [
  ['deliveries', 'deliveries'],
  ['stateChanges', 'state_changes'],
  ['incidents', 'incidents'],
  ['joinKeys', 'join_keys'],
  ['silences', 'silences'],
] as const satisfies ReadonlyArray<readonly [keyof PruneResult, string]>;

/**
 * The cutoffs for a round at `now`. An incident brings many rows along (alerts, timeline, runs), so a tenth
 * of the batch size of incidents is examined per round: a round deletes a few thousand rows at most.
 */
export function buildPruneRequest(policy: RetentionPolicy, now: string, batchSize: number, incidentsAfter?: IncidentCursor): PruneRequest {
  const at = Date.parse(now);
  return {
    now,
    deliveriesBefore: new Date(at - policy.deliveriesMs).toISOString(),
    ...(policy.incidentsMs > 0 ? { incidentsResolvedBefore: new Date(at - policy.incidentsMs).toISOString() } : {}),
    ...(incidentsAfter ? { incidentsAfter } : {}),
    batchSize,
    incidentBatchSize: Math.max(1, Math.floor(batchSize / 10)),
  };
}
