import { z } from 'zod';
import type { Action } from '../../src/engine/action';
import { createPagerDutyEventsClient, type PagerDutyEvent, type PagerDutySeverity } from './create-pagerduty-events-client';
import { dedupKeySchema } from './dedup-key-schema';
import { normalizeDedupKey } from './normalize-dedup-key';
import type { PagerDutyActionDeps } from './pagerduty-action-deps';
import { requireRoutingKey } from './require-routing-key';

/** The Events API's limit on `payload.summary`. */
const MAX_SUMMARY_LENGTH = 1024;

/** The validated `with:` block of a `pagerduty.trigger` / `pagerduty.escalate` step. */
export interface PagerDutyTriggerInput {
  summary: string;
  severity: PagerDutySeverity;
  source?: string;
  dedup_key: string;
  component?: string;
  group?: string;
  class?: string;
  custom_details?: Record<string, unknown>;
  links?: Array<{ href: string; text?: string }>;
}

const text = z.string().trim().min(1);

const inputSchema = z
  .object({
    summary: text,
    severity: z.enum(['critical', 'error', 'warning', 'info'], { error: 'severity must be critical, error, warning or info' }).default('error'),
    source: text.optional(),
    dedup_key: dedupKeySchema,
    component: text.optional(),
    group: text.optional(),
    class: text.optional(),
    custom_details: z.record(z.string(), z.unknown()).optional(),
    links: z.array(z.object({ href: z.url({ protocol: /^https?$/ }), text: z.string().optional() }).strict()).optional(),
  })
  .strict();

/**
 * `pagerduty.trigger` (registered a second time as `pagerduty.escalate`, the name playbooks use in
 * `on_failure:`): opens, or adds to, the PagerDuty alert of `dedup_key`. Idempotent: PagerDuty folds a
 * repeated trigger with the same dedup_key into the open alert, so a retry never pages twice.
 */
export function createPagerDutyTriggerAction(
  deps: PagerDutyActionDeps & { name?: 'pagerduty.trigger' | 'pagerduty.escalate' },
): Action<PagerDutyTriggerInput> {
  const name = deps.name ?? 'pagerduty.trigger';
  const client = deps.client ?? createPagerDutyEventsClient();
  return {
    name,
    description: name === 'pagerduty.escalate' ? 'Pages a human through PagerDuty (alias of pagerduty.trigger)' : 'Triggers a PagerDuty alert (Events API v2)',
    input: inputSchema,
    idempotent: true,
    target: () => client.host,
    async execute(input, ctx) {
      const routingKey = requireRoutingKey(deps.routingKey, name);
      const { dedupKey, hashed } = normalizeDedupKey(input.dedup_key);
      const summary = capSummary(input.summary);
      const event: PagerDutyEvent = {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: dedupKey,
        payload: {
          summary,
          // Required by PagerDuty; "where the problem is" is unknown here unless the playbook says so.
          source: input.source ?? 'mendbot',
          severity: input.severity,
          timestamp: ctx.clock.now().toISOString(),
          component: input.component,
          group: input.group,
          class: input.class,
          custom_details: input.custom_details,
        },
        links: input.links,
        client: 'mendbot',
      };
      const sent = await client.send(event, ctx.signal);
      return { eventAction: 'trigger', dedupKey: sent.dedupKey, dedupKeyHashed: hashed, summaryTruncated: summary !== input.summary };
    },
  };
}

/** PagerDuty rejects (400) a longer summary; a page cut short is better than no page. */
function capSummary(summary: string): string {
  if (summary.length <= MAX_SUMMARY_LENGTH) return summary;
  let cut = summary.slice(0, MAX_SUMMARY_LENGTH - 1);
  // Do not leave half of a surrogate pair (an emoji) at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
