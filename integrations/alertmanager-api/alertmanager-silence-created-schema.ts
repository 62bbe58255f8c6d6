import { z } from 'zod';

/** POST /api/v2/silences answers 200 `{"silenceID": "<uuid>"}`. */
export const alertmanagerSilenceCreatedSchema = z.object({ silenceID: z.string().min(1) });
