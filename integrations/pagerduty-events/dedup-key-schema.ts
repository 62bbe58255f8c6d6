import { z } from 'zod';

/**
 * `dedup_key` is required, though PagerDuty would invent one on trigger: an invented key can never be
 * acknowledged or resolved, and every retry would page again. `{{ incident.correlationId }}` is the idiom.
 */
export const dedupKeySchema = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'dedup_key is required; use "{{ incident.correlationId }}" so every event of the incident reaches one PagerDuty alert' : 'dedup_key must be a string',
  })
  .trim()
  .min(1, 'dedup_key must not be empty');
