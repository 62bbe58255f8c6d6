import { secretSourceFromEnv } from '../engine/secrets/create-secret-source';
import type { PlaybookChecks } from './playbook-checks';
import { renderValidationText } from './render-validation-text';
import { validatePlaybookPaths } from './validate-playbook-paths';

/**
 * `mendbot validate <dir>` with action names only (no input schemas, no exec allowlist): the shape tests
 * and scripts that only know the names use. The CLI (src/cli/validate-command.ts) passes the full checks to
 * `validatePlaybookPaths`. Where secrets are mounted (`env` sets MENDBOT_SECRETS_DIR or a MENDBOT_SECRET_*),
 * a `{{ secrets.NAME }}` that none provides is an error. Returns the exit code: 0 when everything is valid
 * (warnings allowed), 1 otherwise.
 */
export function validatePlaybooksCommand(
  dir: string,
  out: (line: string) => void,
  knownActions?: ReadonlySet<string>,
  env: Readonly<Record<string, string | undefined>> = {},
): number {
  const checks: PlaybookChecks = {
    actions: knownActions && { names: () => knownActions, get: () => undefined },
    secrets: secretsMounted(env) ? secretSourceFromEnv(env) : undefined,
  };
  const result = validatePlaybookPaths([dir], checks);
  renderValidationText(result, dir).forEach(out);
  return result.errors.length === 0 ? 0 : 1;
}

/** Secrets are looked up only where some are mounted: in CI without them, every reference would be "missing". */
export function secretsMounted(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.MENDBOT_SECRETS_DIR !== undefined || Object.keys(env).some((k) => k.startsWith('MENDBOT_SECRET_'));
}
