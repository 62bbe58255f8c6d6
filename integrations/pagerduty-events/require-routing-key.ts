import { PermanentStepError } from '../../src/engine/step-errors';

/**
 * The actions are registered without a routing key too, so playbooks validate everywhere; sending then fails
 * permanently, since no retry can supply the key.
 */
export function requireRoutingKey(routingKey: string | undefined, action: string): string {
  if (routingKey) return routingKey;
  throw new PermanentStepError(
    `${action}: PAGERDUTY_ROUTING_KEY is not set (add an Events API v2 integration to the PagerDuty service and set its integration key; see integrations/pagerduty-events/README.md)`,
  );
}
