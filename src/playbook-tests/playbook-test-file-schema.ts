import { z } from 'zod';
import { durationString } from '../playbooks/duration-string';

const labelSet = z.record(z.string(), z.string());
const stepOrActionKey = z.string().min(1, 'must name a step id or an action');

/** One delivery: an inline Alertmanager-style alert, or a webhook body file as a sender would post it. */
const inlineAlertSchema = z.strictObject({
  labels: labelSet.describe('The alert labels, e.g. { alertname: KubePodCrashLooping, namespace: prod }.'),
  annotations: labelSet.prefault({}).describe('The alert annotations (summary, description, …).'),
  status: z.enum(['firing', 'resolved']).default('firing'),
  starts_at: z.iso.datetime({ offset: true }).optional().describe('RFC 3339; default: the time the case starts (one occurrence per label set).'),
  group: z
    .string()
    .min(1)
    .optional()
    .describe('Alertmanager group key; alerts of one group share an incident. Default: one group per label set.'),
  after: durationString({ min: 0 }).prefault('0s').describe('Time since the previous delivery of the case (e.g. 20m).'),
});

const webhookSchema = z.strictObject({
  webhook: z.string().min(1).describe('Path of a webhook body file (JSON), relative to the test file.'),
  source: z.enum(['alertmanager', 'pagerduty']).default('alertmanager').describe('Which webhook the body is posted to.'),
  after: durationString({ min: 0 }).prefault('0s').describe('Time since the previous delivery of the case.'),
});

const stubResultSchema = z.discriminatedUnion('result', [
  z.strictObject({
    result: z.literal('succeed'),
    output: z.record(z.string(), z.unknown()).prefault({}).describe('What the action returns; later steps see it as steps.<id>.output.'),
  }),
  z.strictObject({
    result: z.literal('fail'),
    message: z.string().default('stubbed failure'),
    retryable: z.boolean().default(false).describe('true: the step is retried as its retry policy says; false: it fails at once.'),
  }),
  z.strictObject({ result: z.literal('timeout').describe('The attempt never answers: the step timeout fires (not waited for).') }),
]);

const stepExpectSchema = z.strictObject({
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped', 'dry_run']).optional(),
  input: z.unknown().optional().describe('The rendered input; a subset: listed keys must be there with these values.'),
  output: z.unknown().optional().describe('The checkpointed output; a subset.'),
  error: z.string().optional().describe('Text the step error contains.'),
  attempts: z.number().int().min(0).optional(),
});

const runExpectSchema = z.strictObject({
  playbook: z.string().optional(),
  status: z
    .enum(['pending', 'running', 'waiting_approval', 'succeeded', 'failed', 'compensated', 'cancelled', 'needs_attention', 'dry_run'])
    .optional()
    .describe('The run status when the case ends.'),
  reason: z.string().optional().describe('Text the run reason contains.'),
  guardrail: z
    .enum(['none', 'budget', 'cooldown', 'locked', 'resolved', 'kill_switch', 'paused'])
    .optional()
    .describe('The last guardrail that held or cancelled the run (none: no guardrail touched it).'),
  approval: z.enum(['none', 'waiting', 'approved', 'rejected', 'expired']).optional(),
  executed: z.array(z.string()).optional().describe('Steps whose action ran (succeeded or failed), in order, recovery steps included.'),
  skipped: z.array(z.string()).optional().describe('Steps skipped because their when: was false, in order.'),
  recovery: z.array(z.string()).optional().describe('Compensation and on_failure steps planned after a failure, in the order they run.'),
  steps: z.record(z.string(), stepExpectSchema).optional().describe('Per step id (as written in the playbook).'),
});

const caseSchema = z.strictObject({
  name: z.string().min(1),
  alerts: z.array(z.union([inlineAlertSchema, webhookSchema])).min(1, 'must list at least one alert or webhook'),
  stubs: z
    .record(stepOrActionKey, z.union([stubResultSchema, z.array(stubResultSchema).min(1)]))
    .prefault({})
    .describe('Per step id, or per action name: the result of each attempt (a list: one per attempt, the last repeats). Default: succeed with {}.'),
  approve: z
    .union([z.boolean(), z.literal('expire')])
    .optional()
    .describe('What the approver does with a run waiting for approval: true approves, false rejects, expire lets it expire; unset leaves it waiting.'),
  approver: z.string().optional().describe('Who decides (default: the first approver of the playbook).'),
  expect: z.strictObject({
    matched: z.array(z.string()).optional().describe('Playbooks that must match at least one alert of the case.'),
    not_matched: z.array(z.string()).optional().describe('Playbooks that must match no alert of the case.'),
    runs: z.array(runExpectSchema).optional().describe('Every run of the case, in the order created; the count must be exact.'),
  }),
});

/** A playbook test file (`*.test.yaml`), in its YAML form. */
export const playbookTestFileSchema = z
  .strictObject({
    playbooks: z
      .array(z.string().min(1))
      .optional()
      .describe('Playbook files to load, relative to the test file; default: every playbook in the test file\'s directory.'),
    start: z.iso.datetime({ offset: true }).default('2026-01-05T09:00:00.000Z').describe('The time each case starts at (a manual clock).'),
    assume: z
      .strictObject({
        exec_allowlist: z.array(z.string()).default([]).describe('Programs added to exec.allowlist for these tests.'),
        http_allowed_hosts: z.array(z.string()).default([]).describe('Hosts added to http.allowedHosts for these tests.'),
      })
      .prefault({})
      .describe('Configuration the playbooks rely on, added to the configuration mendbot test runs with.'),
    cases: z.array(caseSchema).min(1, 'must list at least one case'),
  })
  .meta({
    title: 'mendbot playbook test',
    description: 'Unit tests for mendbot playbooks (*.test.yaml), run by `mendbot test`. Generated from src/playbook-tests/playbook-test-file-schema.ts; do not edit.',
  });
