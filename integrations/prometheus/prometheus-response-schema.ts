import { z } from 'zod';

/** `[<unix seconds>, "<value>"]`: values are strings so NaN and ±Inf survive JSON. */
const samplePair = z.tuple([z.number(), z.string()]);

/** One series of an instant vector; native histograms carry `histogram` instead of `value`. */
export const vectorItemSchema = z.object({
  metric: z.record(z.string(), z.string()),
  value: samplePair.optional(),
  histogram: z.unknown().optional(),
});

export const scalarSchema = samplePair;

/**
 * The `/api/v1/query` envelope. Open to new fields (`infos`, `stats`); `result` is checked per
 * `resultType` by the caller, since a matrix or string result is a playbook mistake, not a bad answer.
 */
export const prometheusResponseSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});
