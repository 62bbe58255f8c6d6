import type { DeliveryOutcome } from './decision';

/** A re-delivery (same dedupe key as a stored delivery) changes nothing and says so. */
export function duplicateDeliveryOutcome(dedupeKey: string, priorDeliveryId: string): DeliveryOutcome {
  return {
    deliveryId: priorDeliveryId,
    duplicateDelivery: true,
    decisions: [{ kind: 'duplicate_delivery', reason: `re-delivery of ${priorDeliveryId} (${dedupeKey}): nothing changed` }],
  };
}
