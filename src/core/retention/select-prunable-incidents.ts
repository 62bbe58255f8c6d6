import type { PostmortemRecord } from '../postmortems/postmortem-record';
import { finalRunStatuses, type RunStatus } from '../runs/run';

/** What the retention rule needs to know about a candidate incident, read by the adapter. */
export interface IncidentRetentionFacts {
  id: string;
  status: 'open' | 'resolved';
  resolvedAt: string | null;
  /** The statuses of every run of the incident. */
  runStatuses: RunStatus[];
  /** The postmortem record's state; null when the incident has none. */
  postmortemState: PostmortemRecord['state'] | null;
}

/**
 * The retention rule for incidents: the ids among `candidates` that may be deleted with everything that hangs
 * off them. Only an incident resolved before `resolvedBefore` whose runs are all final (nothing will run,
 * wait for approval or need a lease again) and whose postmortem is filed or was never asked for: an open run
 * or an unfiled postmortem still reads the incident, and deleting it would lose that work silently.
 */
export function selectPrunableIncidents(candidates: readonly IncidentRetentionFacts[], resolvedBefore: string): string[] {
  const cutoff = Date.parse(resolvedBefore);
  return candidates
    .filter(
      (c) =>
        c.status === 'resolved' &&
        c.resolvedAt !== null &&
        Date.parse(c.resolvedAt) < cutoff &&
        c.runStatuses.every((s) => finalRunStatuses.has(s)) &&
        (c.postmortemState === null || c.postmortemState === 'filed'),
    )
    .map((c) => c.id);
}
