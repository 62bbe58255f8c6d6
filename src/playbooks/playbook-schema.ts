import { z } from 'zod';
import { durationString } from './duration-string';
import { parseMatcher } from './parse-matcher';
import type { Playbook, PlaybookStep } from '../core/playbooks/playbook';
import {
  onFailureStepSchema,
  onUnknownSchema,
  playbookStepSchema,
  type ParsedCompensateStep,
  type ParsedStep,
} from './playbook-step-schema';

// The pattern only checks `name<op>` (it ends up in playbook.schema.json for editors); parseMatcher gives
// the verdict, so a matcher that loads is one matchPlaybook can use (it relies on load-time validation).
const matcher = z
  .string()
  .regex(/^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)/, {
    abort: true, // one message per matcher is enough
    error: (issue) => `${JSON.stringify(issue.input)} is not a matcher; write name="value", name!="value", name=~"regex" or name!~"regex"`,
  })
  .superRefine((text, ctx) => {
    try {
      parseMatcher(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    }
  });

const paramSchema = z.strictObject({
  from: z
    .string()
    .regex(/^(?:labels|annotations|commonLabels)\.[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be labels.<name>, annotations.<name> or commonLabels.<name>')
    .describe('Where the value comes from in the alert.'),
  pattern: z
    .string()
    // Anchors are required: an unanchored pattern like `[a-z]+` also accepts `x; rm -rf /`, and a param
    // check that lets such a value reach a step would let an alert label steer remediation.
    .regex(/^\^.*\$$/s, 'must be anchored: start with ^ and end with $, so the whole value is checked')
    .refine(compiles, { error: (issue) => `is not a valid regular expression: ${compileError(String(issue.input))}` })
    .describe('Anchored regular expression the value must match before any step runs.'),
  default: z.string().optional().describe('Used when the alert lacks the label/annotation; must match pattern too.'),
});

/**
 * The YAML form of a playbook (snake_case keys, durations as strings), before it becomes a `Playbook`.
 * Exported for playbook.schema.json; parse with `playbookSchema`.
 */
export const playbookFileSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be kebab-case: a-z, 0-9 and -, at most 63 characters, not starting with -')
      .describe('Unique playbook name (kebab-case); used in Slack, metrics and the API.'),
    description: z.string().optional().describe('What the playbook does, shown in Slack and in explanations.'),
    match: z
      .array(matcher)
      .min(1, 'must list at least one matcher, e.g. alertname="HighErrorRate"')
      .describe('Alertmanager matchers; all must hold for the playbook to run.'),
    source: z.enum(['alertmanager', 'pagerduty']).optional().describe('Only alerts from this source match (default: both).'),
    status: z.enum(['firing', 'resolved']).default('firing').describe('Alert status that triggers the playbook.'),
    mode: z
      .enum(['dry-run', 'approval', 'auto'])
      .default('dry-run')
      .describe('dry-run (default: new playbooks never act until promoted), approval (a named approver must approve in Slack) or auto.'),
    approvers: z
      .array(z.string().trim().min(1, 'must not be empty'))
      .default([])
      .describe('Slack user IDs (U…) or user-group handles (@sre-oncall) allowed to approve; required for mode approval.'),
    approval: z
      .strictObject({
        expires: durationString().prefault('30m').describe('How long a pending approval waits.'),
        on_expiry: z.enum(['reject', 'escalate']).default('reject'),
      })
      .prefault({}),
    params: z
      .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'param names must be identifiers (letters, digits, _), as in {{ params.name }}'), paramSchema)
      .prefault({})
      .describe('Values taken from the alert and validated before use, available as {{ params.<name> }}.'),
    per: z.enum(['incident', 'alert']).default('incident').describe('One run per incident, or one per alert (e.g. one per disk).'),
    lock: z.string().min(1, 'must not be empty').optional().describe('Template for the per-target lock key; one run per key at a time.'),
    lock_policy: z.enum(['wait', 'skip']).default('wait').describe('When the lock is held: wait for it, or skip the run.'),
    limits: z
      .strictObject({
        maxRunsPerHour: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
        cooldown: durationString({ min: 0 }).optional().describe('Minimum time between two runs of this playbook.'),
      })
      .prefault({}),
    breaker: z
      .strictObject({
        consecutive_failures: z.number().int('must be a whole number').min(1, 'must be at least 1').default(3),
      })
      .prefault({})
      .describe('Pause the playbook after this many consecutive failed runs.'),
    continue_on_resolve: z.boolean().default(false).describe('Keep running after the incident resolved.'),
    rerun_on_reopen: z
      .boolean()
      .default(false)
      .describe('Run again each time the incident reopens (default: once per incident, or per alert with per: alert, however often it reopens).'),
    still_firing: z
      .boolean()
      .optional()
      .describe(
        'Ask Alertmanager right before each non-idempotent step whether the alerts still fire; a step that no longer has a firing alert is skipped and the run cancelled. Default: on when ALERTMANAGER_URL is set.',
      ),
    // No zod default: unset reads as `wait` in the executor, and a parsed playbook only carries what was written.
    on_unknown: onUnknownSchema.optional(),
    steps: z.array(playbookStepSchema).min(1, 'must list at least one step'),
    on_failure: z.array(onFailureStepSchema).default([]).describe('Steps run when the run fails (notify, escalate).'),
  })
  .superRefine((file, ctx) => {
    const usesApprovalStep = allSteps(file).some((s) => s.step.action === 'approval');
    if (file.approvers.length === 0 && (file.mode === 'approval' || usesApprovalStep)) {
      const why = file.mode === 'approval' ? 'mode is approval' : 'a step uses the approval action';
      ctx.addIssue({ code: 'custom', path: ['approvers'], message: `must name at least one approver because ${why}` });
    }
    const seen = new Set<string>();
    for (const { id, path } of allSteps(file)) {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `duplicate step id "${id}"; step ids must be unique within the playbook` });
      seen.add(id);
    }
    for (const [name, param] of Object.entries(file.params)) {
      if (param.default !== undefined && !new RegExp(param.pattern).test(param.default)) {
        ctx.addIssue({ code: 'custom', path: ['params', name, 'default'], message: `does not match the param's pattern ${param.pattern}` });
      }
    }
  })
  .meta({
    title: 'mendbot playbook',
    description: 'A remediation playbook for mendbot (playbooks/*.yaml). Generated from src/playbooks/playbook-schema.ts; do not edit.',
  });

type PlaybookFile = z.output<typeof playbookFileSchema>;
type AnyParsedStep = ParsedStep | ParsedCompensateStep;

/** Parses a playbook YAML document (already turned into JS) into a `Playbook`. */
export const playbookSchema = playbookFileSchema.transform((file): Playbook => {
  const steps = file.steps.map((step) => ({
    ...toStep(step, step.id, (step.compensate ?? []).map((c, i) => toStep(c, c.id ?? compensateId(step.id, i), []))),
    // Only when set: unset means "the playbook's setting", and snapshots compare equal without the keys.
    ...(step.still_firing === undefined ? {} : { stillFiring: step.still_firing }),
    ...(step.on_unknown === undefined ? {} : { onUnknown: step.on_unknown }),
  }));
  return {
    name: file.name,
    description: file.description,
    match: file.match,
    source: file.source,
    status: file.status,
    mode: file.mode,
    approvers: file.approvers,
    approval: { expiresMs: file.approval.expires, onExpiry: file.approval.on_expiry },
    params: file.params,
    per: file.per,
    lock: file.lock,
    lockPolicy: file.lock_policy,
    limits: { maxRunsPerHour: file.limits.maxRunsPerHour, cooldownMs: file.limits.cooldown },
    breakerThreshold: file.breaker.consecutive_failures,
    continueOnResolve: file.continue_on_resolve,
    rerunOnReopen: file.rerun_on_reopen,
    ...(file.still_firing === undefined ? {} : { stillFiring: file.still_firing }),
    ...(file.on_unknown === undefined ? {} : { onUnknown: file.on_unknown }),
    steps,
    onFailure: file.on_failure.map((step, i) => toStep(step, step.id ?? onFailureId(i), [])),
  };
});

// Compile-time guard: fails `tsc` if the schema's output drifts from the Playbook type in playbook.ts.
const _outputIsPlaybook: (output: z.output<typeof playbookSchema>) => Playbook = (output) => output;

function toStep(step: AnyParsedStep, id: string, compensate: PlaybookStep[]): PlaybookStep {
  const { attempts, backoff, initial, max } = step.retry;
  return {
    id,
    action: step.action,
    with: step.with,
    when: step.when,
    retry: { attempts, backoff, initialMs: initial, maxMs: max },
    timeoutMs: step.timeout,
    compensate,
  };
}

const compensateId = (stepId: string, index: number) => `${stepId}_compensate_${index + 1}`;
const onFailureId = (index: number) => `on_failure_${index + 1}`;

/** Every step with its effective id and where its id (or, when defaulted, the step) sits in the file. */
function allSteps(file: PlaybookFile): Array<{ step: AnyParsedStep; id: string; path: Array<string | number> }> {
  const out: Array<{ step: AnyParsedStep; id: string; path: Array<string | number> }> = [];
  file.steps.forEach((step, i) => {
    out.push({ step, id: step.id, path: ['steps', i, 'id'] });
    (step.compensate ?? []).forEach((c, j) => {
      out.push({ step: c, id: c.id ?? compensateId(step.id, j), path: ['steps', i, 'compensate', j, ...(c.id ? ['id'] : [])] });
    });
  });
  file.on_failure.forEach((step, i) => {
    out.push({ step, id: step.id ?? onFailureId(i), path: ['on_failure', i, ...(step.id ? ['id'] : [])] });
  });
  return out;
}

function compiles(pattern: string): boolean {
  return compileError(pattern) === undefined;
}

function compileError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
