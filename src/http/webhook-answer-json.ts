import type { DeliveryOutcome } from '../core/incidents/decision';
import { decisionsJson } from '../core/incidents/decisions-json';

/**
 * Decisions a webhook answer lists; the rest are counted and fetched from the delivery
 * (GET /api/deliveries/:id). Alertmanager and PagerDuty never read the answer, and a 50-alert group's full list
 * (~17 KB) cost its main thread ~40 µs to write, as much as its decisions' JSON, which the store no longer needs
 * for a group (delivery-decisions.ts folds them).
 */
const answeredDecisions = 10;

/**
 * The text of a webhook's 200 answer: `JSON.stringify({ deliveryId, duplicate, decisions, decisionCount })` with
 * at most `answeredDecisions` decisions, and `decisionsUrl` where all of them are when there were more. A list
 * that fits uses the decisions' JSON the store made for the same list (decisions-json.ts).
 */
export function webhookAnswerJson(outcome: DeliveryOutcome): string {
  const { decisions } = outcome;
  const head = `{"deliveryId":${JSON.stringify(outcome.deliveryId)},"duplicate":${JSON.stringify(outcome.duplicateDelivery)}`;
  if (decisions.length <= answeredDecisions) return `${head},"decisions":${decisionsJson(decisions)},"decisionCount":${decisions.length}}`;
  const url = `/api/deliveries/${encodeURIComponent(outcome.deliveryId)}`;
  return `${head},"decisions":${JSON.stringify(decisions.slice(0, answeredDecisions))},"decisionCount":${decisions.length},"decisionsUrl":${JSON.stringify(url)}}`;
}
