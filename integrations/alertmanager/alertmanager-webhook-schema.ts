import { z } from 'zod';

// The webhook v4 body as Alertmanager 0.25–0.34 writes it (`notification_reason` appeared in 0.32 and
// `routeLabels` in 0.34, so both are optional). Objects are loose so a field added by a newer Alertmanager
// never rejects a delivery: a 4xx is not retried and the notification is lost.

// JSON.parse keeps a `__proto__` key as an own property, but copying it into an ordinary object (zod's record
// does) sets the prototype instead, so the label would vanish without a word. Prometheus reserves names
// starting with `__` for internal use, so no real alert carries one: the delivery is refused, with the
// field's path, rather than stored without it.
const labelSetSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'a label named __proto__ is not accepted' });
    }
  })
  .pipe(z.record(z.string(), z.string()));
const statusSchema = z.enum(['firing', 'resolved']);
// Go's RFC3339Nano: up to 9 fractional digits, `Z` or an offset. (validateWebhookQuickly checks with the
// regular expression zod builds from the same options.)
export const timestampFormat = { offset: true } as const;
const timestampSchema = z.iso.datetime({
  ...timestampFormat,
  error: (issue) => (issue.code === 'invalid_type' ? 'expected string (an RFC 3339 timestamp)' : 'expected an RFC 3339 timestamp'),
});

const alertmanagerAlertSchema = z.looseObject({
  status: statusSchema,
  labels: labelSetSchema,
  annotations: labelSetSchema,
  startsAt: timestampSchema,
  /** `0001-01-01T00:00:00Z` (Go's zero time: "no end") while firing; a valid timestamp all the same. */
  endsAt: timestampSchema,
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

export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
