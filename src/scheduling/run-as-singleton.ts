import type { Clock } from '../core/clock';
import type { Store } from '../store/store';

/**
 * Runs a scheduled job only if this process holds (or can take) its lease: with several replicas each
 * cron tick fires everywhere, and exactly one of them does the work. Returns whether the job ran.
 * Plain function, so tests call it directly instead of waiting for cron.
 */
export async function runAsSingleton(
  deps: { store: Store; clock: Clock; owner: string; name: string; ttlMs: number },
  job: () => Promise<unknown>,
): Promise<boolean> {
  const held = await deps.store.acquireJobLease(deps.name, deps.owner, deps.clock.now().toISOString(), deps.ttlMs);
  if (!held) return false;
  await job();
  return true;
}
