/** What the lifecycle needs to know about a stored incident. */
export interface IncidentFacts {
  id: string;
  correlationId: string;
  status: 'open' | 'resolved';
  resolvedAt: string | null;
  firingCount: number;
  flapping: boolean;
  sources: string[];
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
}

export function emptyDeliveryFacts(recentStateChanges: (correlationId: string) => number): DeliveryFacts {
  return { incidents: new Map(), latestIncident: new Map(), alertStatus: new Map(), recentStateChanges, incidentOfKey: new Map() };
}
