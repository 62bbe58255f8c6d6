import type { DeliveryOutcome } from '../core/incidents/decision';
import type { Metrics } from './create-metrics';

/**
 * Keeps `mendbot_open_incidents` up to date as state changes, so a scrape reads a number instead of counting
 * a table (a `COUNT(*)` over a million incidents took 67 ms of the main thread per scrape).
 */
export interface OpenIncidentsTracker {
  /** Counts once from the store now (start-up); later counts come from the timer. Never rejects. */
  sync(): Promise<void>;
  /** After a committed delivery: +1 per incident it opened or reopened, −1 per incident it resolved. */
  delivered(outcome: DeliveryOutcome): void;
  /** After a manual or reconciliation resolve that changed something. */
  resolved(): void;
  /** Stops the re-sync timer. */
  stop(): void;
}

export interface OpenIncidentsTrackerDeps {
  metrics: Pick<Metrics, 'openIncidents' | 'storeErrors'>;
  count(): Promise<number>;
  /**
   * How often to re-count. With several replicas (MongoDB) the others' changes are invisible here, so the
   * count is the only way to see them. A single SQLite process sees every change: it re-counts only until a
   * first count has succeeded (`resyncAlways: false`).
   */
  intervalMs: number;
  resyncAlways: boolean;
}

export function trackOpenIncidents(deps: OpenIncidentsTrackerDeps): OpenIncidentsTracker {
  const { openIncidents, storeErrors } = deps.metrics;
  // NaN until the first count: "unknown" rather than a false zero (the previous scrape-time count did the same).
  let value = Number.NaN;
  let synced = false;
  let inFlight: Promise<void> | undefined;
  // Changes seen while a count is in flight: the count was issued before them, so they are added to it.
  let sinceCountIssued = 0;
  openIncidents.set(value);

  const add = (delta: number) => {
    if (delta === 0) return;
    value += delta;
    if (inFlight) sinceCountIssued += delta;
    openIncidents.set(value);
  };

  const sync = () => {
    // Never two counts at once: a slow store must not pile them up.
    inFlight ??= (async () => {
      sinceCountIssued = 0;
      try {
        const counted = await deps.count();
        value = counted + sinceCountIssued;
        synced = true;
      } catch {
        storeErrors.inc({ operation: 'count_open_incidents' });
        // Keep the running value if there was one; the next tick tries again.
      } finally {
        openIncidents.set(value);
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const timer = setInterval(() => {
    if (deps.resyncAlways || !synced) void sync();
  }, deps.intervalMs);
  timer.unref();

  return {
    sync,
    delivered(outcome) {
      if (outcome.duplicateDelivery) return;
      const opened = new Set<string>();
      const closed = new Set<string>();
      for (const d of outcome.decisions) {
        if (d.incidentId === undefined) continue;
        if (d.kind === 'new_incident' || d.kind === 'reopened') opened.add(d.incidentId);
        if (d.incidentResolved) closed.add(d.incidentId);
      }
      add(opened.size - closed.size);
    },
    resolved() {
      add(-1);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
