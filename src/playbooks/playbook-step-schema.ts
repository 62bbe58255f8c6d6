import { z } from 'zod';
import { durationString } from './duration-string';

/** Step ids name checkpoints and `steps.<id>.output` in templates, hence identifier-like. */
const stepId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a lowercase letter and hold only a-z, 0-9 and _ (e.g. restart_pods)')
  .describe('Unique within the playbook; names the checkpoint and `steps.<id>.output` in templates.');

const retrySchema = z
  .strictObject({
    attempts: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1 (1 = no retry)')
      .max(10, 'must be at most 10 (a step that fails 10 times needs a human)')
      .default(1)
      .describe('Total attempts including the first; 1 = no retry.'),
    backoff: z.enum(['exponential', 'fixed']).default('exponential'),
    initial: durationString().prefault('1s').describe('Delay before the second attempt.'),
    max: durationString().prefault('30s').describe('Upper bound on any delay between attempts.'),
  })
  .superRefine((retry, ctx) => {
    if (retry.max < retry.initial) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must not be shorter than initial' });
  })
  .describe('How often and how patiently to retry the step when it fails with a retryable error.');

const stepShape = {
  action: z
    .string()
    .min(1, 'must name an action, e.g. http or kubernetes.rollout_restart')
    .describe('Registered action name, e.g. http, exec, wait, notify, approval, prometheus.check.'),
  with: z
    .record(z.string(), z.unknown())
    .prefault({})
    .describe('Action input; string values are {{ }} templates rendered just before the step runs (data only, never a shell).'),
  when: z.string().min(1, 'must not be empty').optional().describe('Condition; the step is skipped when it is false.'),
  retry: retrySchema.prefault({}),
  timeout: durationString().prefault('30s').describe('Time limit for one attempt.'),
};

/** What to do when Alertmanager cannot say whether the alerts still fire (playbook level and per step). */
export const onUnknownSchema = z
  .enum(['wait', 'proceed', 'stop'])
  .describe(
    'When Alertmanager cannot say whether the alerts still fire: wait (default: ask again within the step timeout, then needs_attention), proceed (act, and say so in the timeline) or stop (needs_attention at once).',
  );

/**
 * A step that undoes another. No `compensate:` of its own (undo of an undo has no sensible order), and the
 * id may be left out: it then defaults to `<step id>_compensate_<n>`.
 */
const compensateStepSchema = z.strictObject({ id: stepId.optional(), ...stepShape });

/** A step under `on_failure:`; the id may be left out and then defaults to `on_failure_<n>`. */
export const onFailureStepSchema = z.strictObject({ id: stepId.optional(), ...stepShape });

/** A step under `steps:`. */
export const playbookStepSchema = z.strictObject({
  id: stepId,
  ...stepShape,
  compensate: z
    .array(compensateStepSchema)
    .optional()
    .describe('Steps that undo this one; run in reverse order of completion when a later step fails.'),
  // Main steps only: a compensation or on_failure step undoes or escalates whatever the alert does now.
  still_firing: z
    .boolean()
    .optional()
    .describe("Ask Alertmanager right before this step acts (non-idempotent actions only) whether the alerts still fire; overrides the playbook's still_firing."),
  on_unknown: onUnknownSchema.optional().describe(`${onUnknownSchema.description ?? ''} Overrides the playbook's on_unknown.`),
});

export type ParsedStep = z.output<typeof playbookStepSchema>;
export type ParsedCompensateStep = z.output<typeof compensateStepSchema>;
