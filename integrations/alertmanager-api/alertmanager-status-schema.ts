import { z } from 'zod';

/** GET /api/v2/status (`alertmanagerStatus`): the parts a status line shows; the config text is not read. */
export const alertmanagerStatusSchema = z.object({
  cluster: z.object({
    /** `ready`, `settling` or `disabled` (no `--cluster.listen-address`). */
    status: z.string(),
    name: z.string().optional(),
    peers: z.array(z.object({ name: z.string(), address: z.string() })).nullish(),
  }),
  uptime: z.string(),
  versionInfo: z.object({ version: z.string() }),
});

