import type { ControlEntry } from './controls';
import type { Run } from './run';
import type { RunEvent } from './run-event';
import { runEvents } from './run-events';

export interface BreakerTrip {
  /** Pause the run's playbook with this entry. */
  pause: ControlEntry;
  /** The count starts over, so resuming the playbook gives it a full threshold again. */
  failureCounter: 'reset';
  events: RunEvent[];
}

/**
 * The consecutive-failure breaker: once `failures` (the counter after this run's failure was counted)
 * reaches the playbook's breakerThreshold, mendbot pauses the playbook and records why.
 */
export function decideBreaker(run: Pick<Run, 'id' | 'playbook' | 'definition'>, failures: number, now: string): BreakerTrip | null {
  if (failures < run.definition.breakerThreshold) return null;
  const reason = `consecutive-failure breaker: ${failures} failed runs in a row (last ${run.id})`;
  return {
    pause: { by: 'mendbot', reason, at: now },
    failureCounter: 'reset',
    events: [runEvents.breakerTripped(run.id, run.playbook, reason)],
  };
}
