import { z } from 'zod';
import type { Action } from '../../src/engine/action';
import { createPagerDutyEventsClient } from './create-pagerduty-events-client';
import { dedupKeySchema } from './dedup-key-schema';
import { normalizeDedupKey } from './normalize-dedup-key';
import type { PagerDutyActionDeps } from './pagerduty-action-deps';
import { requireRoutingKey } from './require-routing-key';

/** The validated `with:` block of a `pagerduty.acknowledge` / `pagerduty.resolve` step. */
export interface PagerDutyUpdateInput {
  dedup_key: string;
}

const inputSchema = z.object({ dedup_key: dedupKeySchema }).strict();

/**
 * `pagerduty.acknowledge` / `pagerduty.resolve`: moves the alert of `dedup_key` along. Idempotent: the
 * second acknowledge or resolve of one alert changes nothing. PagerDuty answers 202 even when no alert is
 * open for the key (it drops the event), so success means "accepted", not "an alert changed".
 */
export function createPagerDutyUpdateAction(deps: PagerDutyActionDeps & { eventAction: 'acknowledge' | 'resolve' }): Action<PagerDutyUpdateInput> {
  const name = `pagerduty.${deps.eventAction}`;
  const client = deps.client ?? createPagerDutyEventsClient();
  return {
    name,
    description: deps.eventAction === 'resolve' ? 'Resolves a PagerDuty alert by dedup_key' : 'Acknowledges a PagerDuty alert by dedup_key',
    input: inputSchema,
    idempotent: true,
    target: () => client.host,
    async execute(input, ctx) {
      const routingKey = requireRoutingKey(deps.routingKey, name);
      // Hashed exactly as on trigger, so a long key still reaches the alert it opened.
      const { dedupKey, hashed } = normalizeDedupKey(input.dedup_key);
      const sent = await client.send({ routing_key: routingKey, event_action: deps.eventAction, dedup_key: dedupKey }, ctx.signal);
      return { eventAction: deps.eventAction, dedupKey: sent.dedupKey, dedupKeyHashed: hashed };
    },
  };
}
