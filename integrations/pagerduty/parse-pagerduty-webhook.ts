import type { z } from 'zod';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { ParsedDelivery } from '../../src/core/intake/delivery';
import { mapPagerDutyIncident } from './map-pagerduty-incident';
import { mapPagerDutyNote } from './map-pagerduty-note';
import { pagerDutyWebhookSchema } from './pagerduty-webhook-schema';

/**
 * A Webhooks V3 body as one ParsedDelivery. `webhookId` is the X-Webhook-Id header, which PagerDuty repeats
 * on every retry of a delivery, so it is the dedupe key. Unknown event types parse to a delivery with no
 * alerts and a note: PagerDuty drops a 4xx without retry and disables a subscription after three such drops.
 */
export function parsePagerDutyWebhook(rawBody: Buffer, webhookId?: string): ParsedDelivery {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    throw new MendbotError(ErrorCode.InvalidJson, 'PagerDuty webhook body is not JSON', { cause: error });
  }
  const result = pagerDutyWebhookSchema.safeParse(json);
  if (!result.success) {
    const { path, message } = firstIssue(result.error.issues);
    throw new MendbotError(ErrorCode.InvalidPayload, `not a PagerDuty Webhooks V3 body: ${path || '(body)'}: ${message}`, {
      path: path || undefined,
    });
  }

  const event = result.data.event;
  const base = { source: 'pagerduty' as const, eventType: event.event_type, ...(webhookId ? { dedupeKey: `pagerduty:${webhookId}` } : {}) };
  const data = event.data;
  if (data.type === 'incident') return { ...base, alerts: [mapPagerDutyIncident(event, data)] };
  if (data.type === 'incident_note') return { ...base, alerts: [mapPagerDutyNote(event, data)] };
  if (event.event_type === 'pagey.ping') return { ...base, alerts: [], note: 'pagey.ping: test delivery' };
  return { ...base, alerts: [], note: `unhandled event type ${event.event_type}: recorded, no action` };
}

/**
 * The first issue's path and message. A union failure nests the real issue (e.g. a missing incident id)
 * one level down; surfacing it gives `event.data.id` instead of a bare `event.data`.
 */
function firstIssue(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): { path: string; message: string } {
  const issue = issues[0];
  if (!issue) return { path: prefix.map(String).join('.'), message: 'invalid' };
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const nested = issue.errors.find((branch) => branch.length > 0);
    if (nested) return firstIssue(nested, path);
  }
  return { path: path.map(String).join('.'), message: issue.message };
}
