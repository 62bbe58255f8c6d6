import type { RunGuardFacts } from './admission';
import type { Controls } from './controls';
import type { Run } from './run';

/** What a store read for the guardrails, as read (absent rows are undefined or null). */
export interface GuardReads {
  controls: Controls;
  startedLastHour: number;
  lastStartForCorrelation: string | null | undefined;
  /** The run id on the candidate's lock key, if any. */
  lockHolder: string | null | undefined;
  incidentStatus: 'open' | 'resolved' | null | undefined;
}

/**
 * The guardrail facts from the store's reads. A run is never blocked by its own lock (a run taken over
 * after its owner died, or resumed after approval, still holds it); a run whose incident is gone counts
 * as resolved.
 */
export function guardFacts(run: Pick<Run, 'id'>, read: GuardReads): RunGuardFacts {
  return {
    controls: read.controls,
    startedLastHour: read.startedLastHour,
    lastStartForCorrelation: read.lastStartForCorrelation ?? null,
    lockHolder: read.lockHolder && read.lockHolder !== run.id ? read.lockHolder : null,
    incidentStatus: read.incidentStatus ?? 'resolved',
  };
}
