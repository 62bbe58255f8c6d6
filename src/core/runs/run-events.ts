import type { RunSeed } from './run';
import type { RunEvent } from './run-event';

/**
 * The timeline entries the run state machine writes, in one place so every store words them alike.
 * Each carries the run id in `data`.
 */
export const runEvents = {
  /** A planned or manual run was stored (or failed before any step: its seed says why). */
  created(runId: string, seed: Pick<RunSeed, 'playbook' | 'status' | 'reason' | 'mode' | 'trigger'>): RunEvent {
    const message =
      seed.status === 'failed'
        ? `playbook ${seed.playbook} matched but run ${runId} failed before any step: ${seed.reason ?? ''}`
        : `playbook ${seed.playbook} matched: run ${runId} created (mode ${seed.mode}, trigger ${seed.trigger})`;
    return { type: 'run_status', message, data: { runId, playbook: seed.playbook, status: seed.status } };
  },
  /** An entry the caller supplied (executor checkpoint, manual trigger), tagged with the run. */
  tagged(runId: string, e: RunEvent): RunEvent {
    return { ...e, data: { runId, ...e.data } };
  },
  /** A guardrail holds the run back; the playbook is named so the timeline says which one did not run. */
  waiting(runId: string, playbook: string, reason: string, guardrail: string): RunEvent {
    return { type: 'run_status', message: `run ${runId} (${playbook}) waiting: ${reason}`, data: { runId, playbook, guardrail } };
  },
  /** The run's previous owner let its lease expire (it died or stalled); `owner` continues the run. */
  takenOver(runId: string, owner: string, previous: { owner: string; expiresAt: string | null }): RunEvent {
    const message = `run ${runId} taken over by ${owner}: the lease of ${previous.owner} expired at ${previous.expiresAt ?? 'an unknown time'}`;
    return { type: 'run_status', message, data: { runId, owner, takenOverFrom: previous.owner } };
  },
  /** With `playbook` when a guardrail refused the run (which playbook did not run, and why). */
  cancelled(runId: string, reason: string, playbook?: string): RunEvent {
    return playbook === undefined
      ? { type: 'run_status', message: `run ${runId} cancelled: ${reason}`, data: { runId, status: 'cancelled' } }
      : { type: 'run_status', message: `run ${runId} (${playbook}) cancelled: ${reason}`, data: { runId, playbook, status: 'cancelled' } };
  },
  breakerTripped(runId: string, playbook: string, reason: string): RunEvent {
    return { type: 'run_status', message: `playbook ${playbook} paused: ${reason}`, data: { runId, breaker: true } };
  },
  approvalDecided(runId: string, decision: 'approved' | 'rejected', by: string): RunEvent {
    return { type: 'approval', message: `run ${runId} ${decision} by ${by}`, data: { runId, decision, by } };
  },
  approvalExpired(runId: string, onExpiry: string): RunEvent {
    return { type: 'approval', message: `run ${runId}: approval expired (${onExpiry})`, data: { runId, decision: 'expired' } };
  },
};
