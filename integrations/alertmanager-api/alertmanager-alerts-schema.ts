import { z } from 'zod';

/**
 * GET /api/v2/alerts (`gettableAlerts`), the fields mendbot reads. Unknown fields are dropped, not
 * refused, so a newer Alertmanager that adds some still answers; a missing or mistyped field we rely on
 * makes the whole answer that peer's error.
 */
export const alertmanagerAlertsSchema = z.array(
  z.object({
    fingerprint: z.string().min(1),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()).optional(),
    startsAt: z.string(),
    endsAt: z.string(),
    updatedAt: z.string().optional(),
    generatorURL: z.string().optional(),
    receivers: z.array(z.object({ name: z.string() })).optional(),
    status: z.object({
      state: z.enum(['unprocessed', 'active', 'suppressed']),
      silencedBy: z.array(z.string()).optional(),
      inhibitedBy: z.array(z.string()).optional(),
    }),
  }),
);

export type AlertmanagerAlerts = z.infer<typeof alertmanagerAlertsSchema>;
