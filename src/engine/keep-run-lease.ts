import { LeaseLostError, type Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';

export interface RunLease {
  /** Aborted with the LeaseLostError once another owner holds the run: the attempt in flight must stop. */
  readonly lost: AbortSignal;
  /** The expiry to store with a checkpoint; the checkpoint renews the lease, so the next renewal waits. */
  renewWith(): string;
  stop(): void;
}

/**
 * Renews a run's lease a third of its length after the last write that renewed it (a checkpoint or a
 * renewal), while the run is in this process's hands, so a process that dies loses its runs within one
 * lease (the survivor's claim poll then takes them over) and a run checkpointing often costs no extra
 * writes. A stall of the event loop delays the renewals: one longer than two thirds of the lease may let
 * another process take the run over. Safety does not depend on the timing: every step is checkpointed
 * `running` under the lease before its side effect, so the new owner never repeats a non-idempotent step,
 * and the old owner, refused at its next checkpoint or renewal, never starts another (and its attempt is
 * aborted).
 */
export function keepRunLease(deps: {
  store: Store;
  runId: string;
  owner: string;
  leaseMs: number;
  /** Now and now + ms, as stored (the injected clock). */
  now(): string;
  inMs(ms: number): string;
  log: Logger;
}): RunLease {
  const lost = new AbortController();
  const everyMs = Math.max(50, Math.floor(deps.leaseMs / 3));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    clearTimeout(timer);
    if (!stopped && !lost.signal.aborted) timer = setTimeout(() => void renew(), everyMs);
  };
  const renew = async () => {
    try {
      await deps.store.saveRun(deps.runId, deps.owner, { now: deps.now(), leaseExpiresAt: deps.inMs(deps.leaseMs) });
    } catch (error) {
      if (error instanceof LeaseLostError) lost.abort(error);
      else deps.log.warn({ err: error, runId: deps.runId }, 'could not renew the run lease; retrying');
    } finally {
      // Armed only once the write is done, so a slow store never piles renewals up behind each other.
      arm();
    }
  };
  arm();
  return {
    lost: lost.signal,
    renewWith() {
      arm();
      return deps.inMs(deps.leaseMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
