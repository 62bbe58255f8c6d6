import { z } from 'zod';

export interface EnvVarSpec<T> {
  /** Turns the trimmed value into the setting, or returns undefined (or throws, with a reason) if invalid. */
  parse: (value: string) => T | undefined;
  /** What a valid value is, after "is not": 'a port number (0-65535)'. */
  expected: string;
  /** A valid value, shown in the fix: `set PORT=8080`. */
  example: string;
  /** Never echo the value into error messages (they end up in logs). */
  secret?: boolean;
}

/**
 * The zod schema of one environment variable. Unset or blank means "not set" (Helm and Compose templates
 * often render a missing value as `NAME=`); surrounding whitespace is dropped, because a secret mounted with
 * a trailing newline otherwise fails every signature check. An invalid value becomes an issue that says
 * what was wrong and how to fix it.
 */
export function envVar<T>(name: string, spec: EnvVarSpec<T>): z.ZodType<T | undefined, string | undefined> {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim();
      if (value === undefined || value === '') return undefined;
      let parsed: T | undefined;
      let reason = '';
      try {
        parsed = spec.parse(value);
      } catch (err) {
        reason = ` (${err instanceof Error ? err.message : String(err)})`;
      }
      if (parsed !== undefined) return parsed;
      const shown = spec.secret ? 'the value (hidden: secret)' : quote(value);
      ctx.addIssue({ code: 'custom', message: `${shown} is not ${spec.expected}${reason}; set ${name}=${spec.example}` });
      return z.NEVER;
    });
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
