import { z } from 'zod';

// Every object is loose and most fields optional: PagerDuty adds fields and event types without notice,
// and a rejected (4xx) delivery is dropped without retry; three dropped in a row disable the subscription
// for 24 h. We only insist on what the mapping to an alert cannot do without.

/** The times mapped to an alert's start and end: checked, since a start of "yesterday" would sort nowhere. */
const timestampSchema = z.iso.datetime({
  offset: true,
  error: (issue) => (issue.code === 'invalid_type' ? 'expected string (an RFC 3339 timestamp)' : 'expected an RFC 3339 timestamp'),
});

/** `{html_url, id, self, summary, type}`: how PagerDuty points at users, services, policies, priorities. */
const referenceSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  summary: z.string().optional(),
  self: z.string().nullish(),
  html_url: z.string().nullish(),
});

/** `data` of every `incident.*` event except `incident.annotated`. */
const pagerDutyIncidentSchema = z.looseObject({
  type: z.literal('incident'),
  id: z.string().min(1),
  self: z.string().nullish(),
  html_url: z.string().nullish(),
  number: z.number().optional(),
  title: z.string().optional(),
  /** triggered | acknowledged | resolved; a string so a new state does not reject the delivery. */
  status: z.string().optional(),
  /** The Events API dedup_key the incident was opened with; null for incidents created otherwise. */
  incident_key: z.string().nullish(),
  created_at: timestampSchema.nullish(),
  reopened_at: z.string().nullish(),
  service: referenceSchema.optional(),
  assignees: z.array(referenceSchema).optional(),
  escalation_policy: referenceSchema.nullish(),
  teams: z.array(referenceSchema).optional(),
  priority: referenceSchema.nullish(),
  urgency: z.string().nullish(),
  // go-pagerduty's own test sends a number as conference_number, so the inside is left unchecked.
  conference_bridge: z.looseObject({}).nullish(),
  resolve_reason: z.looseObject({ type: z.string().optional(), incident: referenceSchema.optional() }).nullish(),
  incident_type: z.looseObject({ name: z.string().optional() }).nullish(),
});

/** `data` of `incident.annotated`: the note, not the incident, which is only referenced. */
const pagerDutyIncidentNoteSchema = z.looseObject({
  type: z.literal('incident_note'),
  id: z.string().optional(),
  incident: referenceSchema.extend({ id: z.string().min(1) }),
  content: z.string(),
  trimmed: z.boolean().optional(),
});

const knownDataTypes: ReadonlySet<unknown> = new Set(['incident', 'incident_note']);

/**
 * Any other `data` (ping, responders, status updates, services, types not invented yet) is accepted as it
 * is and tagged, so an unknown event type is recorded instead of rejected. A payload that claims a known
 * type but does not fit it is still an error: the refine keeps it from slipping through here.
 */
const otherDataSchema = z
  .unknown()
  .refine((value) => !(isRecord(value) && knownDataTypes.has(value.type)), { message: 'does not match its declared type' })
  .transform((raw) => ({ type: 'other' as const, raw }));

const pagerDutyEventDataSchema = z.union([
  z.discriminatedUnion('type', [pagerDutyIncidentSchema, pagerDutyIncidentNoteSchema]),
  otherDataSchema,
]);

/** The Webhooks V3 body: exactly one event per POST. */
export const pagerDutyWebhookSchema = z.looseObject({
  event: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    // Not used by the mapping (it is the left part of event_type), so its absence is no reason to reject.
    resource_type: z.string().optional(),
    occurred_at: timestampSchema,
    agent: referenceSchema.nullish(),
    client: z.looseObject({ name: z.string().optional(), url: z.string().optional() }).nullish(),
    data: pagerDutyEventDataSchema,
  }),
});

type PagerDutyWebhook = z.infer<typeof pagerDutyWebhookSchema>;
export type PagerDutyEvent = PagerDutyWebhook['event'];
export type PagerDutyIncident = z.infer<typeof pagerDutyIncidentSchema>;
export type PagerDutyIncidentNote = z.infer<typeof pagerDutyIncidentNoteSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
