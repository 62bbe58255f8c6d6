import { z } from 'zod';
import { compileCorrelationTemplate } from '../core/alerts/compile-correlation-template';
import { parseDuration } from './parse-duration';

const durationText = '250ms, 30s, 5m, 2h, 1d, 1h30m or plain milliseconds';

/** Replaces zod's "Invalid input: expected string, received number" with what to write instead. */
const mustBe = (what: string) => (issue: { code: string }) => (issue.code === 'invalid_type' ? `must be ${what}` : undefined);

/**
 * A YAML mapping. Strict, so a misspelt key is an error rather than a setting silently ignored; nullish,
 * because a key written with nothing under it (`lifecycle:`) parses as null and means "not set".
 */
const section = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: mustBe('a mapping (key: value)') }).nullish();

/** A duration written as a string (`5m`) or, since YAML makes `300000` a number, as milliseconds. */
const duration = (min: number, example: string) =>
  z.union([z.string(), z.number()], { error: mustBe(`a duration (${durationText})`) }).transform((value, ctx) => {
    const ms = typeof value === 'number' ? (Number.isSafeInteger(value) ? value : undefined) : parseDuration(value);
    if (ms !== undefined && ms >= min) return ms;
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a${min > 0 ? ' positive' : ''} duration (${durationText}); write e.g. ${example}` });
    return z.NEVER;
  });

const string = () => z.string({ error: mustBe('a string (quote it)') });

const secret = string().trim().min(1, 'must not be empty');

const template = string().superRefine((value, ctx) => {
  try {
    compileCorrelationTemplate(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a valid correlation template (${err instanceof Error ? err.message : String(err)})` });
  }
});

/**
 * The optional YAML file named by MENDBOT_CONFIG: settings env vars express badly. Any env var that sets
 * the same thing wins over the file.
 */
export const configFileSchema = z.strictObject(
  {
    correlation: section({
      alertmanager: template.nullish(),
      pagerduty: template.nullish(),
    }),
    lifecycle: section({
      reopenWindow: duration(0, 'reopenWindow: 5m').nullish(),
      flappingThreshold: z.number({ error: mustBe('an integer ≥ 2') }).int('must be an integer ≥ 2').min(2, 'must be an integer ≥ 2').nullish(),
      flappingWindow: duration(1, 'flappingWindow: 30m').nullish(),
    }),
    alertmanager: section({
      token: secret.nullish(),
      basicAuth: section({ username: string().min(1, 'must not be empty'), password: secret }),
    }),
    pagerduty: section({
      webhookSecrets: z.array(secret, { error: mustBe('a list of strings') }).nullish(),
    }),
    slack: section({
      commandName: string().regex(/^\/[a-z0-9_-]{1,31}$/, 'must look like /mendbot').nullish(),
      roles: section({
        run: z.array(string().min(1), { error: mustBe('a list of user IDs or @handles') }).nullish(),
        pause: z.array(string().min(1), { error: mustBe('a list of user IDs or @handles') }).nullish(),
        approve: z.array(string().min(1), { error: mustBe('a list of user IDs or @handles') }).nullish(),
        silence: z.array(string().min(1), { error: mustBe('a list of user IDs or @handles') }).nullish(),
        resolve: z.array(string().min(1), { error: mustBe('a list of user IDs or @handles') }).nullish(),
      }),
    }),
    http: section({
      allowedHosts: z.array(string().min(1, 'must not be empty'), { error: mustBe('a list of host names') }).nullish(),
    }),
    exec: section({
      allowlist: z.array(string().startsWith('/', 'must be an absolute path'), { error: mustBe('a list of absolute paths') }).nullish(),
    }),
  },
  { error: mustBe('a mapping of settings (correlation, lifecycle, alertmanager, pagerduty, slack, http, exec)') },
);

export type ConfigFile = z.output<typeof configFileSchema>;
