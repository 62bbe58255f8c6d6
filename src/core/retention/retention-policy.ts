/**
 * How long mendbot keeps what it stores (MENDBOT_RETENTION_DELIVERIES, MENDBOT_RETENTION_INCIDENTS). Without
 * it the store only grows: every delivery body and state change of every storm, every incident forever.
 */
export interface RetentionPolicy {
  /** Deliveries (raw bodies and their dedupe keys) and the flapping history are deleted this long after receipt. */
  deliveriesMs: number;
  /**
   * Resolved incidents, with their alerts, timeline, runs, postmortem record and chat references, are deleted
   * this long after resolution, unless something still needs them (see selectPrunableIncidents); 0 = keep them.
   */
  incidentsMs: number;
}

/** The defaults: deliveries like the MongoDB TTL (30 days); incidents a quarter (postmortems outlive them in the tracker). */
export const defaultRetentionPolicy: RetentionPolicy = { deliveriesMs: 30 * 86_400_000, incidentsMs: 90 * 86_400_000 };
