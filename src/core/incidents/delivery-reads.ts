import type { CorrelatedAlert } from '../alerts/alert';
import type { LifecyclePolicy } from './lifecycle-policy';

/** The facts a store must read (see DeliveryFacts) before decideDelivery can decide a correlated delivery. */
export interface DeliveryReads {
  /**
   * Correlation IDs of the alerts that report a state, each with those alerts' keys: read the latest
   * incident, which of the keys it holds (and their status), and the state changes since `stateChangesSince`.
   */
  correlations: Map<string, string[]>;
  /** Start of the flapping window. */
  stateChangesSince: string;
  /** Keys of activity-only alerts: read the incident holding the latest alert with that key. */
  activityKeys: string[];
  /**
   * The keys `DeliveryFacts.occurrence` may be asked about (their latest stored alert, in any incident,
   * decides whether a copy is stale): every firing key, and every key of an event stamped with its time.
   */
  occurrenceKeys: string[];
}

export function deliveryReads(alerts: CorrelatedAlert[], now: string, policy: LifecyclePolicy): DeliveryReads {
  const correlations = new Map<string, Set<string>>();
  const activityKeys = new Set<string>();
  const occurrenceKeys = new Set<string>();
  for (const a of alerts) {
    if (a.status === null) activityKeys.add(a.key);
    else if (correlations.has(a.correlationId)) correlations.get(a.correlationId)!.add(a.key);
    else correlations.set(a.correlationId, new Set([a.key]));
    if (a.status === 'firing' || a.occurredAt !== undefined) occurrenceKeys.add(a.key);
  }
  return {
    correlations: new Map([...correlations].map(([id, keys]) => [id, [...keys]])),
    stateChangesSince: new Date(Date.parse(now) - policy.flappingWindowMs).toISOString(),
    activityKeys: [...activityKeys],
    occurrenceKeys: [...occurrenceKeys],
  };
}
