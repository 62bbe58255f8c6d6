import type { Clock } from '../core/clock';
import { StoreUnavailableError } from '../core/errors';

/** Why the store is not known to commit: since when, how many commits failed, the last error's message. */
interface CommitProblem {
  since: string;
  failures: number;
  lastError: string;
}

export interface CommitHealth {
  /** Reports how a commit went: a StoreUnavailableError is a failure, success clears the problem. */
  track<T>(commit: Promise<T>): Promise<T>;
  /** Set from the first failed commit until one succeeds. */
  problem(): CommitProblem | undefined;
  /**
   * Resolves when the store can commit: at once when the last commit succeeded, else after `probe` (a
   * commit of its own) succeeds. Probes run one at a time and at most every `probeIntervalMs`; in between
   * the last verdict stands. Rejects with StoreUnavailableError saying why.
   */
  verify(probe: () => Promise<void>): Promise<void>;
}

/**
 * Readiness that means "can commit". A read ping keeps succeeding on a full disk or behind another
 * process's write lock while every webhook answers 503, so the commits themselves are watched: one that
 * fails makes the process unready, and only a commit that succeeds (a delivery, or the probe /readyz
 * runs while unready, since a load balancer that stopped sending traffic would never send the delivery
 * that proves recovery) makes it ready again.
 */
export function createCommitHealth(deps: { clock: Clock; probeIntervalMs?: number }): CommitHealth {
  const probeIntervalMs = deps.probeIntervalMs ?? 1_000;
  let problem: CommitProblem | undefined;
  let probing: Promise<void> | undefined;
  let lastProbeAt = Number.NEGATIVE_INFINITY;

  const failed = (error: unknown) => {
    const lastError = error instanceof Error ? describe(error) : String(error);
    problem = { since: problem?.since ?? deps.clock.now().toISOString(), failures: (problem?.failures ?? 0) + 1, lastError };
  };
  const unready = (p: CommitProblem) =>
    new StoreUnavailableError(`the store cannot commit: ${p.failures} commit(s) failed since ${p.since}; last error: ${p.lastError}`);

  return {
    async track(commit) {
      try {
        const result = await commit;
        problem = undefined;
        return result;
      } catch (error) {
        if (error instanceof StoreUnavailableError) failed(error);
        throw error;
      }
    },
    problem: () => problem,
    async verify(probe) {
      if (!problem) return;
      const now = deps.clock.now().getTime();
      if (!probing && now - lastProbeAt >= probeIntervalMs) {
        lastProbeAt = now;
        probing = probe().then(
          () => {
            problem = undefined;
          },
          (error: unknown) => failed(error),
        );
        void probing.finally(() => {
          probing = undefined;
        });
      }
      await probing;
      if (problem) throw unready(problem);
    },
  };
}

/** The error and its causes, innermost last: "could not commit: database is locked". */
function describe(error: Error): string {
  const parts = [error.message];
  for (let cause = error.cause; cause instanceof Error && parts.length < 4; cause = cause.cause) parts.push(cause.message);
  return parts.join(': ');
}
