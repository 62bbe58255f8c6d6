import type { Clock } from '../core/clock';
import { StoreUnavailableError } from '../core/errors';
import type { Silence, Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';

export interface SilenceCache {
  /** The silences in force at the last refresh; throws StoreUnavailableError until the first one succeeded. */
  current(): Silence[];
  stop(): void;
}

/**
 * The run planner runs inside the store's synchronous write, where it cannot await a read, so it reads
 * silences from this cache, refreshed every second. A store that is down at start-up (MongoDB not there yet)
 * must not stop the process: the first refresh is tried before this resolves and then retried every second.
 * Until one succeeds, `current()` throws, so a delivery fails with 503 (the sender retries) rather than
 * starting runs a silence would have held back.
 */
export async function createSilenceCache(deps: { store: Store; clock: Clock; log: Logger; refreshMs?: number }): Promise<SilenceCache> {
  let silences: Silence[] | undefined;
  const refresh = async () => {
    silences = await deps.store.listSilences(deps.clock.now().toISOString());
  };
  await refresh().catch((error: unknown) => deps.log.warn({ err: error }, 'could not read silences at start-up; retrying every second'));
  const timer = setInterval(() => void refresh().catch((error: unknown) => deps.log.warn({ err: error }, 'could not refresh silences')), deps.refreshMs ?? 1000);
  timer.unref();
  return {
    current: () => {
      if (silences === undefined) throw new StoreUnavailableError('silences not read yet: the store has not answered since start-up');
      return silences;
    },
    stop: () => clearInterval(timer),
  };
}
