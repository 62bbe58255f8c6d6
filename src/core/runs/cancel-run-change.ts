import type { RunChange } from './run-change';
import { runEvents } from './run-events';

/**
 * Cancels a run that will never (again) execute: a guardrail refused it, or its incident or alert
 * resolved while it was queued. It is finished, loses any lease and its locks, and the timeline says why.
 */
export function cancelRunChange(runId: string, reason: string, now: string, playbook?: string): RunChange {
  return {
    set: { status: 'cancelled', reason, finishedAt: now, updatedAt: now, leaseOwner: null, leaseExpiresAt: null },
    releaseLocks: true,
    events: [runEvents.cancelled(runId, reason, playbook)],
  };
}
