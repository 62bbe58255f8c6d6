import { z } from 'zod';

// The webhook v4 body as Alertmanager 0.25–0.34 writes it (PROTOCOLS.md 1.2). Objects are loose so a field
// added by a newer Alertmanager never rejects a delivery: a 4xx is not retried and the notification is lost.

const labelSetSchema = z.record(z.string(), z.string());
const statusSchema = z.enum(['firing', 'resolved']);
// Go's RFC3339Nano: up to 9 fractional digits, `Z` or an offset.
const timestampSchema = z.iso.datetime({ offset: true, error: 'expected an RFC 3339 timestamp' });

export const alertmanagerAlertSchema = z.looseObject({
  status: statusSchema,
  labels: labelSetSchema,
  annotations: labelSetSchema,
  startsAt: timestampSchema,
  /** `0001-01-01T00:00:00Z` while firing, so kept as a string rather than a date. */
  endsAt: z.string(),
  generatorURL: z.string(),
  /**
   * `%016x` of the label set's FNV-1a hash. Every Alertmanager sends it, but hand-written and
   * Alertmanager-compatible senders may not, so a missing one is computed instead.
   */
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{16}$/i, { error: 'expected 16 hex digits' })
    .optional(),
});

export const alertmanagerWebhookSchema = z.looseObject({
  /** The receiver name passed through regexp.QuoteMeta: `team.sre` arrives as `team\.sre`. */
  receiver: z.string(),
  /** `firing` if any alert in the message fires. */
  status: statusSchema,
  alerts: z.array(alertmanagerAlertSchema),
  /** Since 0.32: `first notification`, `all alerts resolved`, …; a string so a new reason is not an error. */
  notification_reason: z.string().optional(),
  groupLabels: labelSetSchema,
  commonLabels: labelSetSchema,
  commonAnnotations: labelSetSchema,
  /** Since 0.34. */
  routeLabels: labelSetSchema.optional(),
  externalURL: z.string(),
  version: z.literal('4', { error: 'expected "4", the webhook protocol version this parser knows' }),
  /** `<route key>:<group labels>`; identifies a group, and recurs whenever the group forms again. */
  groupKey: z.string().min(1),
  /** Alerts cut by the receiver's max_alerts. */
  truncatedAlerts: z.number().int().nonnegative().optional(),
});

export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;
