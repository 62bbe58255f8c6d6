import type { ApprovalState, RunStatus, StepState } from './run';
import type { RunEvent } from './run-event';

/**
 * The stored fields of a run a transition may set; absent = unchanged. Besides the Run's own fields it
 * names the scheduling state the adapters keep next to it: `notBefore` (not claimable before) and the
 * lease (`leaseOwner` executes it until `leaseExpiresAt`; null = nobody).
 */
export interface RunFields {
  status?: RunStatus;
  reason?: string | null;
  steps?: StepState[];
  approval?: ApprovalState | null;
  startedAt?: string;
  finishedAt?: string;
  notBefore?: string | null;
  leaseOwner?: string | null;
  leaseExpiresAt?: string | null;
  updatedAt: string;
}

/**
 * One run transition as data, decided by the core and written by an adapter atomically under its
 * concurrency guard: the fields, the lock release and the timeline entries (stamped `set.updatedAt`,
 * on the run's incident) go together or not at all.
 */
export interface RunChange {
  set: RunFields;
  /** Release every lock the run holds (it finished, or will never start). */
  releaseLocks: boolean;
  events: RunEvent[];
}
