/** What the retention rule needs to know about a join key last touched before the cutoff, read by the adapter. */
export interface JoinKeyRetentionFacts {
  joinKey: string;
  /** Whether an incident (open or resolved, not yet pruned) has the correlation ID the key points at. */
  hasIncident: boolean;
}

/** The verdict on a round of candidate join keys. */
export interface JoinKeyVerdict {
  /** Delete these (each only if still untouched since the cutoff: a delivery may have published it meanwhile). */
  prune: string[];
  /** Keep these and mark them touched now, so the next rounds look at them again only a retention later. */
  keep: string[];
}

/**
 * The retention rule for join keys (where another source's alert with the key lands, see correlateDelivery).
 * Candidates are keys neither published nor looked at since the delivery cutoff. A key whose correlation ID
 * still has an incident is kept: a PagerDuty incident for the group may still arrive and must join it. One
 * whose correlation ID has none left (the incidents were pruned, or the group only ever sent resolved alerts)
 * joins nothing a reader can see any more, and goes. A later delivery of the group publishes it again.
 */
export function selectPrunableJoinKeys(candidates: readonly JoinKeyRetentionFacts[]): JoinKeyVerdict {
  const verdict: JoinKeyVerdict = { prune: [], keep: [] };
  for (const c of candidates) (c.hasIncident ? verdict.keep : verdict.prune).push(c.joinKey);
  return verdict;
}
