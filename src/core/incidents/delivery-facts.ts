/** What the lifecycle needs to know about a stored incident. */
export interface IncidentFacts {
  id: string;
  correlationId: string;
  status: 'open' | 'resolved';
  resolvedAt: string | null;
  firingCount: number;
  flapping: boolean;
  sources: string[];
  /** Times it reopened: a `rerun_on_reopen` playbook runs once per reopening. */
  reopenCount: number;
}

/** The latest stored alert with one key, wherever it is: what decides whether a copy of it is stale. */
export interface OccurrenceFacts {
  /** The incident holding it (the highest incident id among those holding the key). */
  incidentId: string;
  status: 'firing' | 'resolved';
  /** The source's time of the last event applied to it (PagerDuty `occurred_at`); null when none was given. */
  lastEventAt: string | null;
}

/**
 * What a store read, in one consistent view (inside its transaction, or under its correlation leases),
 * about the places a delivery's alerts land; deliveryReads says what to read. decideDelivery plays the
 * delivery's own writes forward on top of these facts, so they describe the store before the delivery.
 */
export interface DeliveryFacts {
  /** Every incident named below, by id. */
  incidents: Map<string, IncidentFacts>;
  /** Per correlation ID read: the id of its latest incident (highest id), or null when it has none. */
  latestIncident: Map<string, string | null>;
  /** Per latest incident: the status of the delivery's alerts (by key) it already holds. */
  alertStatus: Map<string, Map<string, 'firing' | 'resolved'>>;
  /**
   * State changes recorded for a correlation ID at or after `stateChangesSince` (the flapping window).
   * A function because only a delivery that changes an alert's state needs it: SQLite answers it from
   * its transaction when asked, without a query per alert otherwise; MongoDB reads it with the rest.
   */
  recentStateChanges: (correlationId: string) => number;
  /** Per activity key: the incident holding the latest alert with that key (highest incident id), or null. */
  incidentOfKey: Map<string, string | null>;
  /**
   * The latest stored alert with one of `occurrenceKeys` (null: never stored). A function like
   * recentStateChanges: the core asks only about keys it cannot settle otherwise — not about an alert the
   * latest incident holds as firing, the common case of a storm's repeats — so SQLite looks each up in its
   * transaction when asked; MongoDB reads them all with the rest.
   */
  occurrence: (key: string) => OccurrenceFacts | null;
}

export function emptyDeliveryFacts(
  recentStateChanges: (correlationId: string) => number,
  occurrence: (key: string) => OccurrenceFacts | null,
): DeliveryFacts {
  return { incidents: new Map(), latestIncident: new Map(), alertStatus: new Map(), recentStateChanges, incidentOfKey: new Map(), occurrence };
}
