import type { CorrelatedAlert } from '../alerts/alert';

/** The join keys a store must look up (see JoinKeyFacts) before correlateDelivery. */
export function joinKeysToRead(alerts: CorrelatedAlert[]): string[] {
  const keys = new Set<string>();
  for (const a of alerts) if (a.joinKey !== undefined) keys.add(a.joinKey);
  return [...keys];
}
