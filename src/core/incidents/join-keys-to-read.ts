import type { CorrelatedAlert } from '../alerts/alert';

/** The join keys a store must look up (see JoinKeyFacts) before correlateDelivery. */
export function joinKeysToRead(alerts: CorrelatedAlert[]): string[] {
  return [...new Set(alerts.flatMap((a) => (a.joinKey === undefined ? [] : [a.joinKey])))];
}
