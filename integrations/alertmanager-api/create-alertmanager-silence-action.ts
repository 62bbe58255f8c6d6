import { z } from 'zod';
import type { AlertmanagerApi, SilenceMatcher } from '../../src/core/alertmanager/alertmanager-api';
import type { Action } from '../../src/engine/action';
import { PermanentStepError } from '../../src/engine/step-errors';
import { durationString } from '../../src/playbooks/duration-string';
import { formatMatcher } from './format-matcher';
import { parseMatcher } from './parse-matcher';
import { toStepError } from './to-step-error';

/** Longer silences outlive the incident they were for; a playbook that needs more should say why in a review. */
const MAX_DURATION_MS = 24 * 3_600_000;
const NAME = 'alertmanager.silence';

export interface SilenceInput {
  duration: number;
  comment?: string;
  matchers?: SilenceMatcher[];
  keep: boolean;
}

const inputSchema = z
  .object({
    duration: durationString({ min: 1_000 }).refine((ms) => ms <= MAX_DURATION_MS, { message: 'must be at most 24h' }),
    comment: z.string().trim().min(1).max(1_000).optional(),
    matchers: z
      .array(
        z.string().transform((text, ctx) => {
          const matcher = parseMatcher(text);
          if (matcher) return matcher;
          ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not an Alertmanager matcher; write e.g. alertname="HighErrorRate" or job=~"api|web"` });
          return z.NEVER;
        }),
      )
      .min(1, { message: 'must list at least one matcher (leave it out to use the alerts\' common labels)' })
      .optional(),
    keep: z.boolean().default(false),
  })
  .strict();

const outputSchema = z.object({ silence_id: z.string().min(1), keep: z.boolean() });

/** What identifies this step's silence among all silences: a retry or a crash-replay finds it by this. */
const markerOf = (runId: string, stepId: string): string => `mendbot run ${runId} step ${stepId} (`;

/**
 * `alertmanager.silence`: silences the incident's alerts while the run works on them. Idempotent: an
 * existing, unexpired silence carrying this run and step's marker is reused, so a retry never makes a
 * second one. The silence is expired when the run ends, whatever its outcome, unless `keep: true`.
 */
export function createAlertmanagerSilenceAction(deps: { api: AlertmanagerApi }): Action<SilenceInput> {
  const { api } = deps;
  return {
    name: NAME,
    description: "Silences the incident's alerts in Alertmanager for a while (expired when the run ends unless keep: true)",
    input: inputSchema,
    idempotent: true,
    target: () => (api.urls[0] ? new URL(api.urls[0]).host : undefined),
    async execute(input, ctx) {
      const matchers = input.matchers ?? Object.keys(ctx.commonLabels).sort().map((name) => ({ name, value: ctx.commonLabels[name]!, isRegex: false, isEqual: true }));
      if (matchers.length === 0) {
        throw new PermanentStepError(`${NAME}: no matchers: the run's alerts share no labels, and a silence without matchers would silence everything; give the step \`matchers:\``);
      }
      const marker = markerOf(ctx.runId, ctx.stepId);
      const comment = `${marker}incident ${ctx.incidentId})${input.comment ? `: ${input.comment}` : ''}`;
      try {
        // Alertmanager's silence filter compares a silence's matcher values as text: only `=` matchers select exactly.
        const filter = matchers.filter((m) => m.isEqual && !m.isRegex).map(formatMatcher);
        const existing = (await api.listSilences(filter, ctx.signal)).find((s) => s.state !== 'expired' && s.comment.startsWith(marker));
        if (existing) {
          ctx.log.info({ silenceId: existing.id }, 'alertmanager.silence: reusing the silence this step already created');
          return output(existing.id, existing.endsAt, input.keep);
        }
        const now = ctx.clock.now();
        const endsAt = new Date(now.getTime() + input.duration).toISOString();
        const id = await api.createSilence({ matchers, startsAt: now.toISOString(), endsAt, createdBy: 'mendbot', comment }, ctx.signal);
        return output(id, endsAt, input.keep);
      } catch (error) {
        throw toStepError(NAME, error);
      }
    },
    async onRunEnd(raw, ctx) {
      const parsed = outputSchema.safeParse(raw);
      if (!parsed.success) {
        ctx.log.warn({ output: raw }, 'alertmanager.silence: step output has no silence to expire');
        return;
      }
      if (parsed.data.keep) return;
      try {
        await api.expireSilence(parsed.data.silence_id, ctx.signal);
      } catch (error) {
        throw toStepError(NAME, error);
      }
    },
  };

  function output(id: string, endsAt: string, keep: boolean) {
    return { silence_id: id, link: api.silenceLink(id), ends_at: endsAt, keep };
  }
}
