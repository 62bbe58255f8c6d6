import { z } from 'zod';
import { parseDuration } from '../config/parse-duration';

// A unit is required: parseDuration reads a bare `60` as 60 ms, which is almost never what a playbook
// author meant by `timeout: 60`. Units chain as in Prometheus (`1h30m`), largest first. The pattern is
// also exported into playbook.schema.json, so editors flag a bad duration while typing.
const durationPattern = /^(?=\d)(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;
const examples = 'e.g. 500ms, 30s, 5m, 2h, 1h30m';

/**
 * A duration written as a string (`30s`) in YAML, parsed to milliseconds; `min` is the smallest
 * accepted value in ms (1 by default: a zero timeout or expiry is a mistake, a zero cooldown is not).
 */
export function durationString(options: { min?: number } = {}) {
  const min = options.min ?? 1;
  return z
    .string({ error: (issue) => `must be a duration string with a unit (${examples}), got ${describe(issue.input)}` })
    .regex(durationPattern, { error: (issue) => `${JSON.stringify(issue.input)} is not a duration; write ${examples}` })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms !== undefined && ms >= min) return ms;
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} must be at least ${min} ms` });
      return z.NEVER;
    });
}

function describe(value: unknown): string {
  return typeof value === 'number' ? `number ${value} (write ${value}s or ${value}ms)` : value === null ? 'nothing (null)' : typeof value;
}
