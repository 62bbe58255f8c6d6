import type { CorrelatedAlert } from '../alerts/alert';

/** What the store holds for one join key, read before the delivery. */
export interface JoinKeyFacts {
  /** The correlation ID an earlier alert published under this key, if any. */
  published: string | null;
  /** Whether an incident has this key as its correlation ID (mendbot's own PagerDuty escalations carry one). */
  hasIncident: boolean;
}

/**
 * Cross-source joins: an alert carrying a join key lands in the correlation ID published under that key,
 * or in the key itself when an incident has it as correlation ID; otherwise it keeps its own. Alerts are
 * taken in delivery order, each seeing what the earlier ones did: the keys they published (last one
 * wins) and the incidents they opened — a firing alert always leaves an incident behind for its
 * correlation ID, so that is all it takes to know one exists.
 */
export function correlateDelivery(alerts: CorrelatedAlert[], joinFacts: Map<string, JoinKeyFacts>): CorrelatedAlert[] {
  const published = new Map<string, string>();
  const withIncident = new Set<string>();
  return alerts.map((alert) => {
    let correlationId = alert.correlationId;
    if (alert.joinKey !== undefined) {
      const key = alert.joinKey;
      const stored = joinFacts.get(key);
      if (!stored) throw new Error(`join key ${key} was not read`);
      const joined = published.get(key) ?? stored.published ?? (stored.hasIncident || withIncident.has(key) ? key : undefined);
      if (joined !== undefined) correlationId = joined;
    }
    for (const key of alert.publishesJoinKeys ?? []) published.set(key, correlationId);
    if (alert.status === 'firing') withIncident.add(correlationId);
    return correlationId === alert.correlationId ? alert : { ...alert, correlationId };
  });
}
