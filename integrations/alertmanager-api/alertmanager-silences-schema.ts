import { z } from 'zod';

/** One `gettableSilence`. `isEqual` appeared in Alertmanager 0.22; older peers omit it, meaning `=`/`=~`. */
const alertmanagerSilenceSchema = z.object({
  id: z.string().min(1),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  matchers: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      isRegex: z.boolean(),
      isEqual: z.boolean().default(true),
    }),
  ),
  startsAt: z.string(),
  endsAt: z.string(),
  updatedAt: z.string().optional(),
  createdBy: z.string(),
  comment: z.string(),
});

/** GET /api/v2/silences (`gettableSilences`). */
export const alertmanagerSilencesSchema = z.array(alertmanagerSilenceSchema);

