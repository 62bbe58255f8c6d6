import type { ApprovalState, RunStatus, StepState } from './run';
import type { RunEvent } from './run-event';

/** What the executor checkpoints on a run it leases (see runCheckpoint for what each field does). */
export interface RunPatch {
  now: string;
  status?: RunStatus;
  reason?: string | null;
  steps?: StepState[];
  approval?: ApprovalState | null;
  /** New lease expiry (heartbeat). */
  leaseExpiresAt?: string;
  /** Give up the lease; the run may be claimed again after `notBefore` (or at once). */
  release?: { notBefore?: string };
  /** The run reached a final status: set finished_at, release the lease and lock, update the breaker. */
  finished?: boolean;
  events?: RunEvent[];
}
