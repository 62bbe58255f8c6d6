import type { Clock } from '../core/clock';
import type { Silence, Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';

export interface SilenceCache {
  /** The silences in force at the last refresh. */
  current(): Silence[];
  stop(): void;
}

/**
 * The run planner runs inside the store's synchronous write, where it cannot await a read, so it reads
 * silences from this cache, refreshed every second. The first refresh completes before this resolves.
 */
export async function createSilenceCache(deps: { store: Store; clock: Clock; log: Logger; refreshMs?: number }): Promise<SilenceCache> {
  let silences: Silence[] = [];
  const refresh = async () => {
    silences = await deps.store.listSilences(deps.clock.now().toISOString());
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch((error: unknown) => deps.log.warn({ err: error }, 'could not refresh silences')), deps.refreshMs ?? 1000);
  timer.unref();
  return {
    current: () => silences,
    stop: () => clearInterval(timer),
  };
}
