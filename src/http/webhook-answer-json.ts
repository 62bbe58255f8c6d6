import { decisionsJson } from '../core/incidents/decisions-json';
import type { DeliveryOutcome } from '../core/incidents/decision';

/**
 * The text of a webhook's 200 answer: exactly `JSON.stringify({ deliveryId, duplicate, decisions })`, but
 * with the decisions' JSON the store already made for the same list (decisions-json.ts).
 */
export function webhookAnswerJson(outcome: DeliveryOutcome): string {
  return `{"deliveryId":${JSON.stringify(outcome.deliveryId)},"duplicate":${JSON.stringify(outcome.duplicateDelivery)},"decisions":${decisionsJson(outcome.decisions)}}`;
}
